import type { ResolvedPlan } from '#plan/types';
import type { Lease } from '#ports/lease-store';
import type { MinuteMetrics } from '#ports/metrics-source';
import type { RouterSnapshot, TrafficRouter } from '#ports/traffic-router';
import type { GateVerdict } from '../gates.ts';
import { runGate } from '../gates.ts';
import {
  decideRollbackPoll,
  nextRollbackStep,
  type RollbackStepChoice,
  rollbackStepWeights,
  sourceErrorVerdict,
  sourceLatencyVerdict,
} from '../rollback-steps.ts';
import { toTargetGroupWeights, toTargetNameWeights } from '../target-weights.ts';
import { formatWeights, sameWeights, type Weights } from '../weights.ts';
import { capacityVerdicts } from './capacity.ts';
import { planDriftScope, requireNotStale } from './drift-guard.ts';
import { readLeaseAndRouter } from './evaluate-gates.ts';
import { requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type {
  RollbackBakeInput,
  RollbackBakeOutput,
  RollbackInput,
  RollbackOutput,
  RollbackStepInfo,
} from './shapes.ts';

/** What the Rollback task already knows when it decides between a rollback step and the snapshot. */
export interface RollbackContext {
  readonly lease: Lease;
  readonly router: TrafficRouter;
  readonly live: Weights;
  readonly snapshot: RouterSnapshot;
  readonly flagged: readonly string[];
}

/**
 * Stepped rollback's write: when the plan asks for it and a rollback step lies below the share the
 * destination holds now, write that step instead of the snapshot — fenced by the lease (intent on
 * record, token checked after the write) and verified by read-back. Returns undefined when the next
 * write is the snapshot itself (the 0 step, a failure below every step, or `skipSteps`).
 */
export async function writeRollbackStep(
  input: RollbackInput,
  context: RollbackContext,
  deps: UseCaseDeps,
): Promise<RollbackOutput | undefined> {
  const { plan, executionArn, lease: ref } = input;
  const rollback = plan.rollback;
  const destination = plan.targets[plan.to];
  if (!rollback || !destination || input.skipSteps) return undefined;
  const { lease, router, live, snapshot } = context;
  const found = unrecordedStep(plan, lease, live, snapshot.weights);
  const choice = found ?? nextRollbackStep(rollback, destination.targetGroupArn, live, snapshot.weights);
  if (!choice) return undefined;
  const dead = await destinationDead(plan, deps);
  if (dead) {
    // ALB fails open: a step would keep sending its share to targets that cannot answer.
    deps.log.warn('skipping the rollback steps: the destination cannot serve its share', { reason: dead });
    return undefined;
  }
  const desired = found
    ? live
    : rollbackStepWeights(snapshot.weights, live, destination.targetGroupArn, choice.percent);
  const label = rollbackStepLabel(plan, choice);
  if (!found) {
    // Intent first: a retried invocation that finds these weights live knows they are ours.
    await deps.leases.update(plan.router.arn, ref.token, { pendingWrite: desired });
    // Written only over the weights read: an operator's edit since then is drift (marked, nothing written).
    const written = await router.setWeights(desired, { expected: live });
    const scope = planDriftScope(plan, ref.token, `router ${plan.router.arn} (${label})`);
    await requireNotStale(deps, scope, live, written);
    await requireOwnLease(deps, plan, executionArn, ref.token);
  }
  await router.verify(desired);
  await deps.leases.update(plan.router.arn, ref.token, { lastWritten: desired, remove: ['approval'] });
  const byName = toTargetNameWeights(plan, desired);
  await recordStep(input, deps, found ? (lease.lastWritten ?? live) : live, desired, label);
  deps.log.info('rollback step written and verified', { step: label, weights: byName });
  const step: RollbackStepInfo = {
    index: choice.index,
    percent: choice.percent,
    label,
    weights: byName,
    verifiedAt: deps.clock.now().toISOString(),
    bakeSeconds: rollback.bakeSeconds,
  };
  const warning = context.flagged.length > 0 ? `; warning: ${context.flagged.join('; ')}` : '';
  return {
    restored: false,
    flagged: context.flagged,
    note: `${label} written and verified (${formatWeights(byName)}); holding ${rollback.bakeSeconds}s while the source's gates are watched${warning}`,
    step,
  };
}

/**
 * A rollback step an earlier attempt wrote (its intent is on the lease) and died before recording:
 * it becomes the current step — verified and recorded now, never written again.
 */
function unrecordedStep(
  plan: ResolvedPlan,
  lease: Lease,
  live: Weights,
  snapshotWeights: Weights,
): RollbackStepChoice | undefined {
  const pending = lease.pendingWrite;
  if (!pending || !sameWeights(live, pending) || sameWeights(live, snapshotWeights)) return undefined;
  if (lease.lastWritten && sameWeights(live, lease.lastWritten)) return undefined;
  const destinationArn = plan.targets[plan.to]?.targetGroupArn ?? '';
  const percent = live[destinationArn] ?? 0;
  const index = plan.rollback?.steps.indexOf(percent) ?? -1;
  if (index < 0 || percent === 0) return undefined;
  const expected = rollbackStepWeights(snapshotWeights, live, destinationArn, percent);
  return sameWeights(expected, live) ? { percent, index } : undefined;
}

/**
 * Why holding a share on the destination cannot help (no healthy target: every request of the step
 * would fail), or undefined. Health that cannot be read is not death: the step goes ahead.
 */
export async function destinationDead(plan: ResolvedPlan, deps: UseCaseDeps): Promise<string | undefined> {
  const destination = plan.targets[plan.to];
  if (!destination) return undefined;
  try {
    const counts = await deps.healthFor(plan.router).health(destination.targetGroupArn);
    return counts.healthy === 0 ? `${plan.to} has no healthy target` : undefined;
  } catch {
    return undefined;
  }
}

/** `rollback step 1/2 (ecs 25%)`: numbered over the steps above the snapshot's own share. */
export function rollbackStepLabel(plan: ResolvedPlan, choice: RollbackStepChoice): string {
  const steps = plan.rollback?.steps ?? [];
  const writable = steps.filter((percent) => percent > 0).length;
  return `rollback step ${choice.index + 1}/${writable} (${plan.to} ${choice.percent}%)`;
}

async function recordStep(
  input: RollbackInput,
  deps: UseCaseDeps,
  before: Weights,
  after: Weights,
  label: string,
): Promise<void> {
  const { plan, executionArn, lease: ref } = input;
  try {
    await deps.audit.record({
      at: deps.clock.now().toISOString(),
      planName: plan.name,
      executionArn,
      routerArn: plan.router.arn,
      action: 'rollback',
      token: ref.token,
      before,
      after,
      who: 'cutover',
      reason: `${label}: ${formatWeights(toTargetNameWeights(plan, after))} on the way back to the snapshot`,
    });
  } catch (error) {
    // The write is verified; an audit that cannot be written must not undo or repeat it.
    deps.log.error('audit record not written', {
      action: 'rollback',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/**
 * One poll while a rollback step is held: our lease (fencing, renewal), the router (a human's change
 * is drift: thrown, never overwritten), and the source's gates — healthy targets of every snapshot
 * target group with weight against `retreat.minHealthyTargets`, and its 5XX and p99 against the
 * plan's absolute limits over the step's minutes. Alarms are not read: they watch the destination.
 */
export async function rollbackBakePoll(
  input: RollbackBakeInput,
  deps: UseCaseDeps,
): Promise<RollbackBakeOutput> {
  const { plan, rollbackStep: step } = input;
  const subject = `router ${plan.router.arn} (${step.label})`;
  const { now, lease } = await readLeaseAndRouter(input, deps, subject);
  const snapshotWeights = lease.snapshot?.weights ?? {};
  const stepWeights = toTargetGroupWeights(plan, step.weights);
  const wayBack = Object.fromEntries(
    Object.entries(stepWeights).filter(([arn, weight]) => weight > 0 && (snapshotWeights[arn] ?? 0) > 0),
  );
  const verdicts: GateVerdict[] = [
    ...(await capacityVerdicts(plan, wayBack, snapshotWeights, deps.healthFor(plan.router))),
    ...(await sourceMetricVerdicts(plan, Object.keys(wayBack), Date.parse(step.verifiedAt), now, deps)),
  ];
  const abort = lease.abortRequested;
  const dead = await destinationDead(plan, deps);
  const result = decideRollbackPoll({
    ...(dead ? { destinationDead: dead } : {}),
    verdicts,
    bakedSeconds: (now.getTime() - Date.parse(step.verifiedAt)) / 1000,
    bakeSeconds: step.bakeSeconds,
    stepLabel: step.label,
    ...(abort ? { abortedBy: `${abort.by} (${abort.reason})` } : {}),
  });
  deps.log.debug('rollback poll', {
    step: step.label,
    decision: result.decision,
    verdicts: verdicts.map((verdict) => `${verdict.gate}:${verdict.verdict}`),
  });
  if (result.decision === 'restore') {
    deps.log.warn('stepped rollback cut short', { reason: result.reason });
    const failed = verdicts.find((verdict) => verdict.verdict === 'fail');
    if (failed) deps.metrics.gateFailure(failed.gate);
  }
  return result;
}

/** The source's 5XX and p99 verdicts since the step was verified (one GetMetricData call). */
async function sourceMetricVerdicts(
  plan: ResolvedPlan,
  sourceArns: readonly string[],
  since: number,
  now: Date,
  deps: UseCaseDeps,
): Promise<GateVerdict[]> {
  const { errorRate, latencyP99 } = plan.gates;
  const sources = Object.values(plan.targets).filter((target) => sourceArns.includes(target.targetGroupArn));
  const first = Math.floor(since / 60_000) * 60_000;
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  if ((!errorRate && !latencyP99) || sources.length === 0 || first >= end) return [];
  let read: Promise<Readonly<Record<string, { readonly minutes: readonly MinuteMetrics[] }>>> | undefined;
  const metrics = () => {
    read ??= deps.metricsFor(plan.router).albMetrics({
      loadBalancerDimension: plan.router.loadBalancerDimension,
      targetGroups: Object.fromEntries(
        sources.map((target) => [target.targetGroupArn, target.targetGroupDimension]),
      ),
      start: new Date(first),
      end: new Date(end),
    });
    return read;
  };
  const verdicts: GateVerdict[] = [];
  for (const source of sources) {
    const minutes = async () => (await metrics())[source.targetGroupArn]?.minutes ?? [];
    if (errorRate) {
      verdicts.push(
        await runGate('errorRate', `${source.name} errorRate`, async () =>
          sourceErrorVerdict(errorRate, source.name, await minutes()),
        ),
      );
    }
    if (latencyP99) {
      verdicts.push(
        await runGate('latencyP99', `${source.name} latencyP99`, async () =>
          sourceLatencyVerdict(latencyP99, source.name, await minutes()),
        ),
      );
    }
  }
  return verdicts;
}
