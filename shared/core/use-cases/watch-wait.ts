import type { ResolvedPlan } from '#plan/types';
import { CutoverEventType } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import { insideWindow } from '../change-window.ts';
import { maxPollsPerCall } from '../execution-budget.ts';
import { alarmsGate, combineVerdicts, type GateVerdict, runGate } from '../gates.ts';
import type { Progress } from '../progress.ts';
import { formatHaltReason } from '../reasons.ts';
import { toTargetGroupWeights } from '../target-weights.ts';
import { sameWeights, type Weights } from '../weights.ts';
import { capacityVerdicts } from './capacity.ts';
import { metricVerdicts, readLeaseAndRouter } from './evaluate-gates.ts';
import { emitEvent } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { WatchWaitInput, WatchWaitOutput } from './shapes.ts';

/**
 * Every wait is watched: while a step waits for its change window, for an approval, or for a human
 * at a pause, the weights already written keep carrying traffic. Each `interval` this reads the
 * lease (fencing, abort flag, the human's answer), the router (drift) and the gates for every target
 * that holds weight, and returns at the first poll that decides anything other than `wait`. Polls
 * run inside the Lambda (up to what fits its timeout), so a day-long wait costs a few hundred state
 * transitions, not thousands.
 */
export async function watchWait(input: WatchWaitInput, deps: UseCaseDeps): Promise<WatchWaitOutput> {
  const polls = maxPollsPerCall(input.plan.intervalSeconds);
  for (let poll = 1; ; poll += 1) {
    const outcome = await watchOnce(input, deps);
    if (outcome.decision !== 'wait' || poll >= polls) return outcome;
    await deps.clock.sleep(nextPollInMs(input, deps.clock.now()));
  }
}

/** One interval, or less when the change window opens sooner: the step starts as it opens. */
function nextPollInMs(input: WatchWaitInput, now: Date): number {
  const interval = input.plan.intervalSeconds * 1000;
  if (input.watch !== 'window' || input.until === undefined) return interval;
  return Math.max(1000, Math.min(interval, Date.parse(input.until) - now.getTime()));
}

async function watchOnce(input: WatchWaitInput, deps: UseCaseDeps): Promise<WatchWaitOutput> {
  const { plan, progress } = input;
  const subject = `router ${plan.router.arn} (${progress.label}, waiting for ${waitName(input)})`;
  const { now, lease, live } = await readLeaseAndRouter(input, deps, subject);
  if (lease.abortRequested) {
    const { by, reason } = lease.abortRequested;
    return {
      decision: 'abort',
      reason: `${progress.label} halted while waiting for ${waitName(input)}: abort requested by ${by} (${reason}); rolling back to the snapshot`,
    };
  }
  const failed = await failingGate(plan, progress, live, lease, now, deps);
  if (failed) {
    const outcome = await onFailingGate(input, failed, live, deps);
    if (outcome) return outcome;
  }
  return answered(input, lease, now);
}

/** What a failing gate means in this wait: roll back or hold (per `onFailure`); a pause already holds. */
async function onFailingGate(
  input: WatchWaitInput,
  failed: GateVerdict,
  live: Weights,
  deps: UseCaseDeps,
): Promise<WatchWaitOutput | undefined> {
  const { plan, executionArn, progress } = input;
  const holding = input.watch === 'pause' && plan.onFailure === 'pause';
  const why = `${failed.reason} while waiting for ${waitName(input)}`;
  deps.metrics.gateFailure(failed.gate);
  deps.log.warn('a gate failed during a wait', { wait: input.watch, reason: failed.reason, holding });
  if (holding) return undefined;
  const reason = formatHaltReason(progress, why, plan.onFailure === 'pause' ? 'pause' : 'rollback');
  await emitEvent(deps, plan, executionArn, CutoverEventType.GateFailed, {
    step: progress.step,
    before: live,
    after: live,
    reason,
  });
  return { decision: 'fail', reason };
}

/** The wait's own end: the window opened, or a human answered, or the answer did not come in time. */
function answered(input: WatchWaitInput, lease: Lease, now: Date): WatchWaitOutput {
  const { plan, progress } = input;
  if (input.watch === 'window') {
    const open = input.until !== undefined && now.getTime() >= Date.parse(input.until);
    // The opening is re-checked against the window itself: a computed opening that falls in a
    // skipped hour (daylight saving) must not let a write through outside the window.
    if (open && (!plan.window || insideWindow(plan.window, now))) {
      return { decision: 'proceed', reason: `${progress.label}: the change window is open` };
    }
    return { decision: open ? 'recheck' : 'wait', reason: '' };
  }
  const request = lease.approval;
  const answer = request?.answer;
  if (answer) {
    const text = `${answer.decision} by ${answer.by}: ${answer.reason}`;
    return answer.decision === 'approved'
      ? { decision: 'proceed', reason: `${progress.label} ${text}` }
      : {
          decision: 'rejected',
          reason: `${progress.label} ${waitName(input)} ${text}; rolling back to the snapshot`,
        };
  }
  const timeoutSeconds =
    input.watch === 'approval' ? input.settings.approvalTimeoutSeconds : input.settings.pauseTimeoutSeconds;
  const since = Date.parse(request?.requestedAt ?? now.toISOString());
  if (now.getTime() - since >= timeoutSeconds * 1000) {
    return {
      decision: 'timedOut',
      reason: `${progress.label} halted: ${waitName(input)} not answered within ${timeoutSeconds}s`,
    };
  }
  return { decision: 'wait', reason: '' };
}

function waitName(input: WatchWaitInput): string {
  return input.watch === 'window' ? 'the change window' : input.watch === 'approval' ? 'approval' : 'a human';
}

/**
 * The first failing gate over what the router carries now: capacity of every target group with
 * weight, the metric gates of every destination with weight (over the last few minutes, as held),
 * and the alarms. Inconclusive is not a failure here: waiting goes on, and the next step's bake
 * judges again from its own start.
 */
async function failingGate(
  plan: ResolvedPlan,
  progress: Progress,
  live: Weights,
  lease: Lease,
  now: Date,
  deps: UseCaseDeps,
): Promise<GateVerdict | undefined> {
  const verdicts: GateVerdict[] = [
    ...(await capacityVerdicts(plan, live, lease.snapshot?.weights ?? {}, deps.healthFor(plan.router))),
  ];
  const held = heldStep(plan, live);
  if (held !== undefined) {
    // The judge goes on with the held step's own test, from when its weights were verified: the
    // same evidence, still counted once per minute, so waiting spends no extra false-alarm budget.
    const since = progress.heldSince ?? progress.bakeStartedAt ?? now.toISOString();
    const judged = await metricVerdicts(plan, { ...progress, step: held, bakeStartedAt: since }, now, deps);
    verdicts.push(...judged.verdicts);
  }
  if (plan.gates.alarms.length > 0) {
    verdicts.push(
      await runGate('alarms', 'alarms', async () =>
        alarmsGate(await deps.alarmsFor(plan.router).states(plan.gates.alarms)),
      ),
    );
  }
  const combined = combineVerdicts(verdicts);
  return combined.verdict === 'fail' ? combined.deciding : undefined;
}

/** The step whose weights the router holds, when a destination holds weight (metrics need one). */
function heldStep(plan: ResolvedPlan, live: Weights): number | undefined {
  const index = plan.steps.findIndex((step) => sameWeights(toTargetGroupWeights(plan, step.weights), live));
  return index >= 0 ? index : undefined;
}
