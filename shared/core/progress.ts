import type { ResolvedPlan } from '#plan/types';
import type { CombinedVerdict } from './gates.ts';
import { settleSeconds } from './judge/budget.ts';
import { formatHaltReason } from './reasons.ts';

/**
 * Where an execution is, carried in the state machine's state (`$.progress`). The state machine's
 * Choice states route on `decision`; everything else is for the next handler and for humans reading
 * the console. Small on purpose: history events copy it on every transition.
 */
export interface Progress {
  /** 0-based index of the current step. */
  readonly step: number;
  readonly total: number;
  /** `step 3/5`, for messages built in the state machine (States.Format). */
  readonly label: string;
  /** The current step waits for a human before its weights are written. */
  readonly approval: boolean;
  readonly bakeSeconds: number;
  /** When the current step's weights were verified (bake starts), or null before. */
  readonly bakeStartedAt: string | null;
  /**
   * When the bake time (or, for `bake: { min, max }`, the judge's confidence) was reached; the step
   * then settles until the metrics covering it are published and judged. Null while baking.
   */
  readonly bakeEndedAt?: string | null;
  /**
   * When the weights the router holds now were verified, while this step waits to be written (for
   * its window or approval): gates watching the wait go on judging from there.
   */
  readonly heldSince?: string | null;
  /** The step's observed-split deviation was announced (one `Cutover Split Deviated` event per step). */
  readonly splitAnnounced?: boolean;
  /** Consecutive inconclusive polls counted against `gates.inconclusive.maxConsecutive`. */
  readonly inconclusive: number;
  readonly decision: Decision;
  /** Why, in one line (empty while baking normally). */
  readonly reason: string;
}

/**
 * `bake`: poll again; `nextStep`: progress now names the next step; `complete`: the last step passed;
 * `fail`: failure path (rollback); `pause`: hold the weights for a human; `abort`: operator asked to roll back.
 */
export type Decision = 'start' | 'bake' | 'nextStep' | 'complete' | 'fail' | 'pause' | 'abort';

/**
 * Inconclusive polls right after a shift are expected: ALB publishes a 60 s period a minute or two
 * late. They are not counted until this long after the bake started (they still never pass).
 */
export const METRICS_GRACE_SECONDS = 180;

export function progressForStep(plan: ResolvedPlan, index: number): Progress {
  const step = plan.steps[index];
  if (!step) throw new RangeError(`plan ${plan.name}: no step ${index + 1} (plan has ${plan.steps.length})`);
  return {
    step: index,
    total: plan.steps.length,
    label: stepLabel({ step: index, total: plan.steps.length }),
    approval: step.approval,
    bakeSeconds: step.bakeSeconds,
    bakeStartedAt: null,
    bakeEndedAt: null,
    inconclusive: 0,
    decision: index === 0 ? 'start' : 'nextStep',
    reason: '',
  };
}

/** `step 3/5` — 1-based, the way humans count steps. */
export function stepLabel(progress: Pick<Progress, 'step' | 'total'>): string {
  return `step ${progress.step + 1}/${progress.total}`;
}

export interface PollOutcome {
  readonly combined: CombinedVerdict;
  /** Set when an operator asked for a graceful abort (lease flag). */
  readonly abort?: { readonly by: string; readonly reason: string };
  /**
   * End (epoch ms) of the newest minute the sequential gates have judged for every series they read;
   * null when none yet; undefined when the plan has no sequential gate (nothing to settle).
   */
  readonly judgedThrough?: number | null;
  /** The judge is confident the destination is within the gates (ends a `bake: { min, max }` early). */
  readonly confident?: boolean;
}

/**
 * The bake loop's one decision, after a gate poll:
 * abort → `abort`; fail → the plan's `onFailure` (rollback → `fail`, pause → `pause`);
 * inconclusive → counted (after the metrics grace), and beyond `maxConsecutive` the plan's
 * `inconclusive.then` (fail → as a failure, pause → `pause`); pass → keep baking until the bake
 * time is over, then the next step or `complete`.
 */
export function decideAfterPoll(
  plan: ResolvedPlan,
  progress: Progress,
  outcome: PollOutcome,
  now: Date,
): Progress {
  const bakeStartedAt = progress.bakeStartedAt ?? now.toISOString();
  const elapsedSeconds = (now.getTime() - Date.parse(bakeStartedAt)) / 1000;
  const base: Progress = { ...progress, bakeStartedAt };
  if (outcome.abort) {
    return {
      ...base,
      decision: 'abort',
      reason: `${stepLabel(progress)} aborted by ${outcome.abort.by}: ${outcome.abort.reason}; rolling back to the snapshot`,
    };
  }
  const { verdict, deciding } = outcome.combined;
  if (verdict === 'fail' && deciding) return failed(plan, base, deciding.reason);
  if (verdict === 'inconclusive') {
    const counted =
      elapsedSeconds >= METRICS_GRACE_SECONDS ? progress.inconclusive + 1 : progress.inconclusive;
    const policy = plan.gates.inconclusive;
    if (counted > policy.maxConsecutive) {
      const why = `${counted} consecutive inconclusive polls > ${policy.maxConsecutive} (last: ${deciding?.reason ?? 'no data'})`;
      if (policy.then === 'pause') return paused(base, why);
      return failed(plan, base, why);
    }
    return { ...base, inconclusive: counted, decision: 'bake', reason: deciding?.reason ?? '' };
  }
  return afterPass(plan, { ...base, inconclusive: 0 }, outcome, now, elapsedSeconds);
}

/**
 * A passing poll: keep baking until the bake time (or, for an evidence-based bake, its minimum and
 * the judge's confidence); then settle until the minutes covering the bake are published and judged
 * (at most the plan's settle time), so no step is promoted on minutes nobody has seen.
 */
function afterPass(
  plan: ResolvedPlan,
  progress: Progress,
  outcome: PollOutcome,
  now: Date,
  elapsedSeconds: number,
): Progress {
  const step = plan.steps[progress.step];
  const early =
    step?.minBakeSeconds !== undefined && elapsedSeconds >= step.minBakeSeconds && outcome.confident === true;
  const bakeEndedAt =
    progress.bakeEndedAt ?? (elapsedSeconds >= progress.bakeSeconds || early ? now.toISOString() : null);
  if (bakeEndedAt === null) return { ...progress, decision: 'bake', reason: '' };
  const endedMs = Date.parse(bakeEndedAt);
  const judged = outcome.judgedThrough === undefined || (outcome.judgedThrough ?? 0) >= endedMs;
  const settled = now.getTime() - endedMs >= settleSeconds(plan) * 1000;
  if (!judged && !settled) {
    return {
      ...progress,
      bakeEndedAt,
      decision: 'bake',
      reason: `${stepLabel(progress)} settling: waiting for the metrics through ${bakeEndedAt} to be published`,
    };
  }
  if (progress.step + 1 >= progress.total)
    return { ...progress, bakeEndedAt, decision: 'complete', reason: '' };
  return { ...progressForStep(plan, progress.step + 1), heldSince: progress.bakeStartedAt };
}

function failed(plan: ResolvedPlan, progress: Progress, why: string): Progress {
  if (plan.onFailure === 'pause') return paused(progress, why);
  return {
    ...progress,
    inconclusive: 0,
    decision: 'fail',
    reason: formatHaltReason(progress, why, 'rollback'),
  };
}

function paused(progress: Progress, why: string): Progress {
  return {
    ...progress,
    inconclusive: 0,
    decision: 'pause',
    reason: formatHaltReason(progress, why, 'pause'),
  };
}
