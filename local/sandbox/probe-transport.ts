import type { Action, Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HttpTransport } from '#aws/http-probe';
import type { ProbeResponse } from '#ports/probe-source';
import { keyedRandom } from '../prng.ts';
import { albWeightsOfActions, type ElbSimulation } from './elbv2.ts';
import type { TrafficModel } from './traffic.ts';

/** Probe requests as the sandbox ALB routed them. */
export interface ProbeHit {
  readonly at: number;
  /** The target group that answered, or null when the request reached no load balancer. */
  readonly targetGroupArn: string | null;
  readonly status: number | null;
}

/**
 * The synthetic probe's HTTP, answered by the sandbox ALB: the request is routed like ELBv2 routes
 * it (rules by priority, first match wins: http-header and path-pattern conditions; else the
 * listener's default action; a weighted forward picks a group by weight), and the group answers as
 * its targets behave at that instant — a 5XX with the scenario's error rate, always when its health
 * checks fail (fail-open) — with a latency around its p99. Seeded: same scenario, same answers.
 */
export function sandboxProbeTransport(opts: {
  readonly seed: number;
  readonly elb: ElbSimulation;
  readonly traffic: TrafficModel;
  readonly now: () => number;
  readonly hits: ProbeHit[];
}): HttpTransport {
  let counter = 0;
  return async ({ url, headers, timeoutMs }) => {
    const at = opts.now();
    counter += 1;
    const random = keyedRandom(opts.seed, 'probe', counter);
    const parsed = new URL(url);
    const listener = [...opts.elb.listeners.values()].find(
      (candidate) => candidate.Port === Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    );
    if (parsed.hostname !== opts.elb.dnsName || listener?.ListenerArn === undefined) {
      opts.hits.push({ at, targetGroupArn: null, status: null });
      return { status: null, latencyMs: 1, error: `getaddrinfo ENOTFOUND ${parsed.hostname}` };
    }
    const actions = routeActions(opts.elb, listener.ListenerArn, parsed.pathname, headers);
    const targetGroupArn = pickByWeight(albWeightsOfActions(actions), random.next());
    const response = answer(opts, targetGroupArn, at, random.next(), random.next(), timeoutMs);
    opts.hits.push({ at, targetGroupArn: targetGroupArn ?? null, status: response.status });
    return response;
  };
}

function answer(
  opts: { readonly elb: ElbSimulation; readonly traffic: TrafficModel },
  targetGroupArn: string | undefined,
  at: number,
  errorDraw: number,
  latencyDraw: number,
  timeoutMs: number,
): ProbeResponse {
  const group = targetGroupArn === undefined ? undefined : opts.elb.targetGroups.get(targetGroupArn);
  if (group === undefined || targetGroupArn === undefined) return { status: 503, latencyMs: 2 };
  const behaviour = opts.traffic.behaviourAt(targetGroupArn, at);
  const failing = group.health.failingShareAt(at);
  const errorShare = failing + (1 - failing) * Math.min(1, behaviour.errorPercent / 100);
  // Most answers are well under the p99; one in a hundred reaches it.
  const latencyMs = behaviour.p99Ms * (0.2 + 0.8 * latencyDraw ** 20);
  if (latencyMs > timeoutMs) return { status: null, latencyMs: timeoutMs, error: 'TimeoutError' };
  return { status: errorDraw < errorShare ? 502 : 200, latencyMs };
}

/** The actions ELBv2 applies to a request on this listener. */
function routeActions(
  elb: ElbSimulation,
  listenerArn: string,
  path: string,
  headers: Readonly<Record<string, string>>,
): readonly Action[] {
  const rules = [...elb.rules.values()]
    .filter((rule) => rule.ListenerArn === listenerArn)
    .sort((a, b) => Number(a.Priority) - Number(b.Priority));
  const match = rules.find((rule: Rule) =>
    (rule.Conditions ?? []).every((condition) => conditionMatches(condition, path, headers)),
  );
  return match?.Actions ?? elb.listeners.get(listenerArn)?.DefaultActions ?? [];
}

function conditionMatches(
  condition: RuleCondition,
  path: string,
  headers: Readonly<Record<string, string>>,
): boolean {
  if (condition.Field === 'http-header') {
    const name = condition.HttpHeaderConfig?.HttpHeaderName?.toLowerCase() ?? '';
    const sent = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    return (
      sent !== undefined && (condition.HttpHeaderConfig?.Values ?? []).some((value) => glob(value, sent))
    );
  }
  if (condition.Field === 'path-pattern') {
    const values = condition.PathPatternConfig?.Values ?? condition.Values ?? [];
    return values.some((value) => glob(value, path));
  }
  return false;
}

/** ALB patterns: `*` any run of characters, `?` one character; case-insensitive for headers. */
function glob(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(text);
}

function pickByWeight(weights: Readonly<Record<string, number>>, draw: number): string | undefined {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = draw * total;
  for (const [arn, weight] of entries) {
    if (point < weight) return arn;
    point -= weight;
  }
  return entries[entries.length - 1]?.[0];
}
