import type { ResolvedPlan } from '#plan/types';
import { CutoverEventType } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import type { TargetGroupMetrics } from '#ports/metrics-source';
import { LEASE_TTL_MARGIN_SECONDS } from '../execution-budget.ts';
import { alarmsGate, combineVerdicts, type GateVerdict, runGate } from '../gates.ts';
import { plannedMinutes, testAlpha, testsInStep } from '../judge/budget.ts';
import { confidentEnough, judgeErrorRate, judgeLatency } from '../judge/metric-gates.ts';
import { alignMinutes, LOOKBACK_MINUTES, MINUTE_MS } from '../judge/series.ts';
import { decideAfterPoll, type Progress, stepLabel } from '../progress.ts';
import { toTargetGroupWeights } from '../target-weights.ts';
import { sameWeights, type Weights } from '../weights.ts';
import { capacityVerdicts } from './capacity.ts';
import { driftDetected } from './drift-guard.ts';
import { emitEvent, expectedWeights, requireOwnLease } from './guards.ts';
import { observedSplitCheck } from './observed-split-check.ts';
import type { UseCaseDeps } from './ports.ts';
import { probeVerdicts } from './probe-gate.ts';
import type { EvaluateGatesInput } from './shapes.ts';

/**
 * One bake-loop task: `settings.pollsPerCall` gate polls (one for any plan that fits the history
 * budget), `interval` apart, returning at the first decision other than `bake`. Each poll reads the
 * lease (fencing, abort flag), the router (drift), target health once per weighted target group,
 * all metrics in one call and all alarms in one call.
 */
export async function evaluateGates(input: EvaluateGatesInput, deps: UseCaseDeps): Promise<Progress> {
  let progress = input.progress;
  const polls = Math.max(1, input.settings.pollsPerCall);
  for (let poll = 1; ; poll += 1) {
    progress = await pollOnce({ ...input, progress }, deps);
    if (progress.decision !== 'bake' || poll >= polls) return progress;
    await deps.clock.sleep(input.plan.intervalSeconds * 1000);
  }
}

/**
 * What every poll does first, in a bake or a wait: read our lease (fencing), renew it when due, and
 * read the router — live weights other than the ones this cutover last wrote are drift (thrown).
 */
export async function readLeaseAndRouter(
  input: Pick<EvaluateGatesInput, 'plan' | 'executionArn' | 'lease' | 'settings'>,
  deps: UseCaseDeps,
  subject: string,
): Promise<{ now: Date; lease: Lease; live: Weights }> {
  const { plan, executionArn, lease: ref } = input;
  const now = deps.clock.now();
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  await renewIfDue(input, deps, lease, now);
  const live = await deps.routerFor(plan.router).getWeights();
  const expected = expectedWeights(lease);
  if (expected && !sameWeights(live, expected)) {
    throw await driftDetected(deps, plan, ref.token, subject, expected, live);
  }
  return { now, lease, live };
}

async function pollOnce(input: EvaluateGatesInput, deps: UseCaseDeps): Promise<Progress> {
  const { plan, progress } = input;
  const { now, lease } = await readLeaseAndRouter(
    input,
    deps,
    `router ${plan.router.arn} (${stepLabel(progress)})`,
  );
  const step = plan.steps[progress.step];
  if (!step) throw new RangeError(`plan ${plan.name}: no ${stepLabel(progress)}`);
  const weights = toTargetGroupWeights(plan, step.weights);
  const judgement = await metricVerdicts(plan, progress, now, deps);
  const split = await observedSplitCheck(input, deps, lease, judgement, now);
  const verdicts: GateVerdict[] = [
    ...(await capacityVerdicts(plan, weights, lease.snapshot?.weights ?? {}, deps.healthFor(plan.router))),
    ...judgement.verdicts,
    ...split.verdicts,
  ];
  if (plan.gates.alarms.length > 0) {
    verdicts.push(
      await runGate('alarms', 'alarms', async () =>
        alarmsGate(await deps.alarmsFor(plan.router).states(plan.gates.alarms)),
      ),
    );
  }
  verdicts.push(...(await probeVerdicts(plan, progress, now, deps)));
  const combined = combineVerdicts(verdicts);
  const abort = lease.abortRequested
    ? { by: lease.abortRequested.by, reason: lease.abortRequested.reason }
    : undefined;
  const evidence = { judgedThrough: judgement.judgedThrough, confident: judgement.confident };
  const decided = decideAfterPoll(
    plan,
    progress,
    { combined, ...evidence, ...(abort ? { abort } : {}) },
    now,
  );
  const next =
    split.announced && decided.step === progress.step ? { ...decided, splitAnnounced: true } : decided;
  deps.log.debug('gate poll', {
    verdict: combined.verdict,
    decision: next.decision,
    verdicts: verdicts.map((verdict) => `${verdict.gate}:${verdict.verdict}`),
    // How far each sequential test is toward halting: log(evidence) / log(needed), 1 halts.
    evidence: verdicts.flatMap((verdict) =>
      verdict.evidence && verdict.evidenceNeeded
        ? [
            {
              gate: verdict.gate,
              progress: Math.max(0, Math.log(verdict.evidence)) / Math.log(verdict.evidenceNeeded),
            },
          ]
        : [],
    ),
    judgedThrough: judgement.judgedThrough ?? null,
  });
  await announce(input, deps, next, combined.deciding?.gate, now);
  return next;
}

interface MetricJudgement {
  readonly verdicts: GateVerdict[];
  /** Undefined when no sequential gate ran; else the newest minute judged for every series, or null. */
  readonly judgedThrough?: number | null;
  readonly confident: boolean;
  /** What the one GetMetricData call returned, by target group ARN (for the observed split). */
  readonly metrics?: Readonly<Record<string, TargetGroupMetrics>>;
  readonly readError?: unknown;
}

/**
 * The sequential 5XX and p99 tests for every destination with weight, over every minute of the
 * step published so far (one GetMetricData call): each minute is judged once it is published, and
 * the tests' evidence accumulates across polls without spending the false-alarm budget again.
 */
export async function metricVerdicts(
  plan: ResolvedPlan,
  progress: Progress,
  now: Date,
  deps: UseCaseDeps,
): Promise<MetricJudgement> {
  const { errorRate, latencyP99 } = plan.gates;
  const tests = testsInStep(plan, progress.step);
  const judged = (errorRate || latencyP99) && tests.destinations.length > 0;
  // The observed split reads the same call: every plan target, not one more request to CloudWatch.
  const split = plan.gates.observedSplit !== undefined || judged;
  if (!judged && !split) return { verdicts: [], confident: true };
  const source = plan.targets[plan.from];
  const destinations = tests.destinations.flatMap((name) => plan.targets[name] ?? []);
  const stepFirstMinute =
    Math.floor(Date.parse(progress.bakeStartedAt ?? now.toISOString()) / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const firstMinute = Math.max(stepFirstMinute, end - LOOKBACK_MINUTES * MINUTE_MS);
  let metrics: Readonly<Record<string, TargetGroupMetrics>> = {};
  let readError: unknown;
  if (firstMinute < end) {
    const targetGroups: Record<string, string> = {};
    const everyTarget = split ? Object.values(plan.targets) : [];
    for (const target of [...destinations, ...(source ? [source] : []), ...everyTarget]) {
      targetGroups[target.targetGroupArn] = target.targetGroupDimension;
    }
    try {
      metrics = await deps.metricsFor(plan.router).albMetrics({
        loadBalancerDimension: plan.router.loadBalancerDimension,
        targetGroups,
        start: new Date(firstMinute),
        end: new Date(end),
      });
    } catch (error) {
      readError = error;
    }
  }
  if (!judged) return { verdicts: [], confident: true, metrics, ...(readError ? { readError } : {}) };
  const verdicts: GateVerdict[] = [];
  let judgedThrough: number | null = Number.POSITIVE_INFINITY;
  let confident = true;
  for (const destination of destinations) {
    const aligned = alignMinutes(
      stepFirstMinute,
      firstMinute,
      metrics[destination.targetGroupArn]?.minutes ?? [],
      tests.sourceServes && source ? (metrics[source.targetGroupArn]?.minutes ?? []) : undefined,
    );
    const input = {
      destinationName: destination.name,
      aligned,
      sourceServes: tests.sourceServes,
      alpha: testAlpha(plan, progress.step),
      plannedMinutes: plannedMinutes(plan, progress.step),
    };
    const check = (gate: 'errorRate' | 'latencyP99', run: () => GateVerdict) =>
      runGate(gate, `${destination.name} ${gate}`, () => {
        if (readError) throw readError;
        return run();
      });
    if (errorRate) verdicts.push(await check('errorRate', () => judgeErrorRate(errorRate, input)));
    if (latencyP99) verdicts.push(await check('latencyP99', () => judgeLatency(latencyP99, input)));
    judgedThrough =
      judgedThrough === null || aligned.judgedThrough === null
        ? null
        : Math.min(judgedThrough, aligned.judgedThrough);
    confident = confident && !readError && confidentEnough(plan.gates, input);
  }
  return { verdicts, judgedThrough, confident, metrics, ...(readError ? { readError } : {}) };
}

/**
 * Lease expiry is the longest quiet wait plus a margin. Renew once half the margin is used (about
 * every 30 minutes), so after any poll the lease still outlasts the wait that may follow — renewing
 * only at half the whole expiry let it run out during a week-long wait for a change window.
 */
export async function renewIfDue(
  input: Pick<EvaluateGatesInput, 'plan' | 'lease' | 'settings'>,
  deps: UseCaseDeps,
  lease: Lease,
  now: Date,
): Promise<void> {
  const ttl = input.settings.leaseTtlSeconds;
  const keep = ttl - LEASE_TTL_MARGIN_SECONDS / 2;
  if (Date.parse(lease.expiresAt) - now.getTime() > keep * 1000) return;
  await deps.leases.renew({
    routerArn: input.plan.router.arn,
    token: input.lease.token,
    ttlSeconds: ttl,
    now,
  });
}

async function announce(
  input: EvaluateGatesInput,
  deps: UseCaseDeps,
  next: Progress,
  gate: string | undefined,
  now: Date,
): Promise<void> {
  const { plan, executionArn, progress } = input;
  const weights = toTargetGroupWeights(plan, plan.steps[progress.step]?.weights ?? {});
  if (next.decision === 'fail' || next.decision === 'pause') {
    if (gate) deps.metrics.gateFailure(gate);
    deps.log.warn('gates halted the step', { decision: next.decision, reason: next.reason });
    await emitEvent(deps, plan, executionArn, CutoverEventType.GateFailed, {
      step: progress.step,
      before: weights,
      after: weights,
      reason: next.reason,
    });
  } else if (next.decision === 'nextStep' || next.decision === 'complete') {
    const seconds = (now.getTime() - Date.parse(progress.bakeStartedAt ?? now.toISOString())) / 1000;
    deps.metrics.stepDuration(seconds);
    deps.log.info('step passed', { bakedSeconds: seconds });
    await emitEvent(deps, plan, executionArn, CutoverEventType.StepPassed, {
      step: progress.step,
      before: weights,
      after: weights,
      reason: `${stepLabel(progress)} passed after ${Math.round(seconds)}s of bake`,
    });
  } else if (next.decision === 'abort') {
    deps.log.warn('abort requested', { reason: next.reason });
  }
}
