import { OBSERVED_SPLIT_DEFAULTS } from '#plan/resolve-hooks';
import type { ResolvedPlan } from '#plan/types';
import { CutoverEventType } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import type { MinuteMetrics, TargetGroupMetrics } from '#ports/metrics-source';
import type { GateVerdict } from '../gates.ts';
import { judgeObservedSplit } from '../judge/observed-split.ts';
import { stepLabel } from '../progress.ts';
import { toTargetGroupWeights, toTargetNameWeights } from '../target-weights.ts';
import type { Weights } from '../weights.ts';
import { emitEvent } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { EvaluateGatesInput } from './shapes.ts';

export interface SplitCheck {
  /** The observedSplit gate's verdict, when the plan asks for the gate and it has something to say. */
  readonly verdicts: GateVerdict[];
  /** A persistent deviation was announced by this poll (`Cutover Split Deviated`). */
  readonly announced: boolean;
}

/**
 * The observed split of one poll, over the metrics the judge already read. With
 * `gates.observedSplit` it is a gate; without it, whenever the metrics were read anyway, a persistent
 * deviation at the default tolerance is still announced (once per step) — a split nobody asked to
 * check is still worth an event, never a rollback.
 */
export async function observedSplitCheck(
  input: EvaluateGatesInput,
  deps: UseCaseDeps,
  lease: Lease,
  judgement: {
    readonly metrics?: Readonly<Record<string, TargetGroupMetrics>>;
    readonly readError?: unknown;
  },
  now: Date,
): Promise<SplitCheck> {
  const { plan, progress } = input;
  const gate = plan.gates.observedSplit;
  const step = plan.steps[progress.step];
  if (!judgement.metrics || !step || judgement.readError) return { verdicts: [], announced: false };
  // Without the gate the check only announces, once per step: nothing left to do once it has.
  if (!gate && progress.splitAnnounced) return { verdicts: [], announced: false };
  const result = judgeObservedSplit({
    minutes: minutesByName(plan, judgement.metrics),
    weights: step.weights,
    previousWeights: previousWeights(plan, progress.step, lease),
    writtenAt: Date.parse(progress.bakeStartedAt ?? now.toISOString()),
    config: gate ?? OBSERVED_SPLIT_DEFAULTS,
  });
  const verdicts = gate && result.verdict ? [result.verdict] : [];
  const persistent = result.run >= (gate ?? OBSERVED_SPLIT_DEFAULTS).minutes;
  if (!persistent || progress.splitAnnounced || !result.verdict) return { verdicts, announced: false };
  const weights = toTargetGroupWeights(plan, step.weights);
  const consequence = gate
    ? 'the observedSplit gate fails'
    : 'no gate asks for it (gates.observedSplit), so the cutover goes on';
  const reason = `${stepLabel(progress)}: ${result.verdict.reason}; ${consequence}`;
  deps.log.warn('observed split deviates from the weights', { reason });
  await emitEvent(deps, plan, input.executionArn, CutoverEventType.SplitDeviated, {
    step: progress.step,
    before: weights,
    after: weights,
    reason,
  });
  return { verdicts, announced: true };
}

function minutesByName(
  plan: ResolvedPlan,
  metrics: Readonly<Record<string, TargetGroupMetrics>>,
): Record<string, readonly MinuteMetrics[]> {
  const byName: Record<string, readonly MinuteMetrics[]> = {};
  for (const target of Object.values(plan.targets)) {
    byName[target.name] = metrics[target.targetGroupArn]?.minutes ?? [];
  }
  return byName;
}

/** The weights the router held before this step: the step before, or the snapshot for the first. */
function previousWeights(plan: ResolvedPlan, step: number, lease: Lease): Weights {
  const before = plan.steps[step - 1];
  if (before) return before.weights;
  return lease.snapshot ? toTargetNameWeights(plan, lease.snapshot.weights) : {};
}
