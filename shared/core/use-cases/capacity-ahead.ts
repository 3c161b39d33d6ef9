import type { ResolvedPlan, Target } from '#plan/types';
import type { TargetPlatform } from '#ports/target-platform';
import {
  type CapacityAnswer,
  type CapacityUnitsOf,
  describeShortfall,
  judgeCapacity,
} from '../capacity-follows-weight.ts';
import { CapacityPendingError, GateFailedError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { formatHaltReason } from '../reasons.ts';
import type { Weights } from '../weights.ts';
import type { UseCaseDeps } from './ports.ts';

/** Metrics are read over 5 whole minutes that ended at least 3 minutes ago (ALB publishes 1–3 min late). */
const RATE_WINDOW_MINUTES = 5;
const RATE_LAG_MINUTES = 3;
/** Scale ahead waits this long per Shift invocation; the ASL retries CapacityPending a bounded number of times. */
export const SCALE_WAIT_SECONDS = 30;
const SCALE_POLL_SECONDS = 10;

/**
 * Before a step is written: refuse it (GateFailed, policy pause or rollback) if it would overload a
 * destination — or, with `capacity.scaleAhead`, raise the destination to what the step needs and
 * wait for it (CapacityPending when it is not healthy within this invocation). Never scales the
 * source or anything down. A no-op when the plan does not ask for capacity checks.
 */
export async function ensureCapacity(
  input: { readonly plan: ResolvedPlan; readonly progress: Progress },
  desired: Weights,
  snapshotWeights: Weights,
  deps: UseCaseDeps,
): Promise<void> {
  const { plan, progress } = input;
  const policy = plan.capacity;
  const source = plan.targets[plan.from];
  if (policy === undefined || source === undefined) return;
  const destinations = Object.values(plan.targets).filter(
    (target) => target.name !== plan.from && (desired[target.name] ?? 0) > 0,
  );
  if (destinations.length === 0) return;
  const platforms = new Map(destinations.map((t) => [t.name, deps.platformFor(plan.router, t)]));
  const sourcePlatform = deps.platformFor(plan.router, source);
  const rate = await requestRate(plan, deps);
  const ask = async (): Promise<CapacityAnswer> =>
    judgeCapacity({
      requestsPerSecond: rate,
      source: {
        ...(await unitsOf(source, sourcePlatform)),
        startShare: snapshotWeights[source.targetGroupArn] ?? 0,
      },
      destinations: await Promise.all(
        destinations.map(async (t) => ({
          ...(await unitsOf(t, platforms.get(t.name) as TargetPlatform)),
          nextShare: desired[t.name] ?? 0,
        })),
      ),
      headroom: policy.headroom,
    });
  let answer = await ask();
  if (answer.verdict === 'unknown') deps.log.info('capacity not judged', { why: answer.why });
  if (answer.verdict !== 'short') return;
  const text = answer.shortfalls.map((s) => describeShortfall(s, source.name, policy.headroom)).join('; ');
  if (!policy.scaleAhead) {
    deps.metrics.gateFailure('capacity');
    throw new GateFailedError(
      formatHaltReason(
        progress,
        `capacity: ${text}; weights not written`,
        plan.onFailure === 'pause' ? 'pause' : 'rollback',
      ),
    );
  }
  for (const shortfall of answer.shortfalls) {
    const scaled = await platforms.get(shortfall.name)?.scaleTo?.(shortfall.need);
    if (scaled && scaled.to > scaled.from) deps.log.info('scaled ahead', { ...scaled });
  }
  for (let waited = 0; waited < SCALE_WAIT_SECONDS; waited += SCALE_POLL_SECONDS) {
    await deps.clock.sleep(SCALE_POLL_SECONDS * 1000);
    answer = await ask();
    if (answer.verdict !== 'short') return;
  }
  throw new CapacityPendingError(
    `step ${progress.step + 1}/${progress.total} waits for capacity: ${text}; scaled ahead, waiting for it to turn healthy`,
  );
}

async function unitsOf(target: Target, platform: TargetPlatform): Promise<CapacityUnitsOf> {
  if (platform.capacity === undefined) return { name: target.name, units: 0, unit: 'targets' };
  return { name: target.name, ...(await platform.capacity()) };
}

/** Requests per second over the plan's target groups; 0 when no datapoints were published. */
async function requestRate(plan: ResolvedPlan, deps: UseCaseDeps): Promise<number> {
  const minute = 60_000;
  const end = Math.floor(deps.clock.now().getTime() / minute) * minute - RATE_LAG_MINUTES * minute;
  const start = end - RATE_WINDOW_MINUTES * minute;
  const targetGroups: Record<string, string> = {};
  for (const target of Object.values(plan.targets))
    targetGroups[target.targetGroupArn] = target.targetGroupDimension;
  const metrics = await deps.metricsFor(plan.router).albMetrics({
    loadBalancerDimension: plan.router.loadBalancerDimension,
    targetGroups,
    start: new Date(start),
    end: new Date(end),
  });
  const requests = Object.values(metrics).reduce((sum, m) => sum + (m.requests ?? 0), 0);
  return requests / ((end - start) / 1000);
}
