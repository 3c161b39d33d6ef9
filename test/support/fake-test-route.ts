import type { ProbeRequest, ProbeResponse, ProbeSample, ProbeSource } from '#ports/probe-source';
import type { TestRouteRecord, TestRouteSpec, TestRoutes } from '#ports/test-route';

/** Listener rules in memory: each test route ever created, and whether it still exists. */
export class FakeTestRoutes implements TestRoutes {
  readonly rules = new Map<string, Required<TestRouteRecord>>();
  creates = 0;
  deletes = 0;
  #next = 1;

  async ensure(spec: TestRouteSpec): Promise<Required<TestRouteRecord>> {
    const existing = this.#find(spec);
    if (existing) return existing;
    this.creates += 1;
    const number = this.#next++;
    const record: Required<TestRouteRecord> = {
      listenerArn: spec.listenerArn,
      header: spec.header,
      value: spec.value,
      targetGroupArn: spec.targetGroupArn,
      ruleArn: `${spec.listenerArn.replace(':listener/', ':listener-rule/')}/test${number}`,
      priority: spec.priority ?? number,
    };
    this.rules.set(record.ruleArn, record);
    return record;
  }

  async remove(record: TestRouteRecord): Promise<boolean> {
    const arn = record.ruleArn ?? this.#find(record)?.ruleArn;
    if (arn === undefined || !this.rules.has(arn)) return false;
    this.deletes += 1;
    this.rules.delete(arn);
    return true;
  }

  #find(spec: Pick<TestRouteSpec, 'listenerArn' | 'header' | 'value'>) {
    return [...this.rules.values()].find(
      (rule) =>
        rule.listenerArn === spec.listenerArn && rule.header === spec.header && rule.value === spec.value,
    );
  }
}

/** A probe that answers from a settable status (and optional per-request script). */
export class FakeProbe implements ProbeSource {
  status = 200;
  latencyMs = 20;
  /** Statuses answered before `status` (one per request), e.g. a single flaky 502. */
  readonly script: (number | null)[] = [];
  readonly requests: ProbeRequest[] = [];

  async sample(request: ProbeRequest): Promise<ProbeSample> {
    this.requests.push(request);
    const responses: ProbeResponse[] = Array.from({ length: request.requests }, () => {
      const status = this.script.length > 0 ? (this.script.shift() as number | null) : this.status;
      return { status, latencyMs: this.latencyMs };
    });
    return { url: `https://web.example.test${request.path}`, responses };
  }
}
