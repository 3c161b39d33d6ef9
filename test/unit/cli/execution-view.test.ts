import { describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '#aws/sfn-control';
import { outcomeOf, ProgressTracker, secondsLeft } from '#cli/ops/execution-view';
import { planOfExecutionInput } from '#cli/ops/plan-input';
import { statusLine } from '#cli/ops/progress';
import { canonicalJson } from '#core/canonical-json';
import { ECS_TG, planDocument, VM_TG } from './helpers.ts';
import { HistoryBuilder } from './sfn-fixtures.ts';

const plan = planOfExecutionInput(canonicalJson(planDocument()));
const base = {
  executionArn: 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:x',
  name: 'x',
  startDate: new Date('2026-06-01T00:00:00Z'),
  now: new Date('2026-06-01T00:20:00Z'),
};

function tracked(history: HistoryBuilder): ExecutionEvent[] {
  return history.events.map((e) => ({
    id: e.id ?? 0,
    at: e.timestamp ?? new Date(0),
    type: e.type ?? '',
    ...(e.stateEnteredEventDetails
      ? { stateName: e.stateEnteredEventDetails.name, data: e.stateEnteredEventDetails.input }
      : {}),
    ...(e.stateExitedEventDetails
      ? { stateName: e.stateExitedEventDetails.name, data: e.stateExitedEventDetails.output }
      : {}),
    ...(e.taskScheduledEventDetails ? { resource: 'lambda:invoke.waitForTaskToken' } : {}),
  }));
}

describe('ProgressTracker', () => {
  it("shows Shift's written weights, not the snapshot's the state also carries", () => {
    // Prepare
    const tracker = new ProgressTracker(plan);
    const history = new HistoryBuilder(new Date('2026-06-01T00:00:00Z'))
      .entered('Shift', { progress: { step: 1 }, snapshot: { weights: { vm: 100, ecs: 0, eks: 0 } } })
      .exited('Shift', {
        snapshot: { weights: { vm: 100, ecs: 0, eks: 0 } },
        shift: { written: true, before: { vm: 99, ecs: 1, eks: 0 }, after: { vm: 95, ecs: 5, eks: 0 } },
        progress: { step: 1 },
      })
      .exited('Verify', {
        snapshot: { weights: { vm: 100, ecs: 0, eks: 0 } },
        shift: { after: { vm: 95, ecs: 5, eks: 0 } },
        progress: { step: 1, bakeStartedAt: '2026-06-01T00:15:00Z' },
      });
    // Act
    tracker.apply(tracked(history));
    const view = tracker.view({ ...base, status: 'RUNNING' });
    // Assess
    expect(view.weights).toEqual({ vm: 95, ecs: 5, eks: 0 });
    expect(view.step).toEqual({ index: 1, count: 5 });
    expect(view.secondsInStep).toBe(300);
    expect(view.secondsLeft).toBe(300 + 3 * 600);
  });

  it('shows the restored snapshot after a rollback', () => {
    const tracker = new ProgressTracker(plan);
    const history = new HistoryBuilder()
      .exited('Shift', { shift: { after: { vm: 75, ecs: 25, eks: 0 } } })
      .entered('Rollback', {})
      .exited('Rollback', {
        rollback: { restored: true },
        snapshot: { weights: { [VM_TG]: 100, [ECS_TG]: 0 } },
      });
    tracker.apply(tracked(history));
    const view = tracker.view({ ...base, status: 'RUNNING' });
    expect(view.weights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    expect(view.rolledBack).toBe(true);
  });

  it('takes the final weights from the execution output', () => {
    const tracker = new ProgressTracker(plan);
    const view = tracker.view({
      ...base,
      status: 'SUCCEEDED',
      stopDate: base.now,
      output: JSON.stringify({ outcome: 'succeeded', finalWeights: { vm: 0, ecs: 100, eks: 0 } }),
    });
    expect(view.weights).toEqual({ vm: 0, ecs: 100, eks: 0 });
    expect(view.outcome).toBe('succeeded');
    expect(view.secondsLeft).toBeNull();
  });

  it('reads a Pause task waiting for a human as paused', () => {
    const tracker = new ProgressTracker(plan);
    tracker.apply(
      tracked(
        new HistoryBuilder().entered('Pause', { kind: 'pause', progress: { step: 2 } }).waitingForToken(),
      ),
    );
    const view = tracker.view({ ...base, status: 'RUNNING' });
    expect(view.outcome).toBe('paused');
    expect(view.approvalWaiting).not.toBeNull();
  });

  it('reads a watched pause (WaitForHuman, no task token) as paused, not running', () => {
    // Prepare: the state carries the pause's reason at $.pause, as PauseDuringBake puts it
    const tracker = new ProgressTracker(plan);
    const history = new HistoryBuilder()
      .entered('Pause', { progress: { step: 2 }, pause: { resumeTo: 'bake', reason: 'inconclusive' } })
      .exited('Pause', { progress: { step: 2 }, pause: { resumeTo: 'bake', reason: 'inconclusive' } })
      .entered('WaitForHuman', {
        progress: { step: 2 },
        pause: { resumeTo: 'bake', reason: 'inconclusive' },
      });
    // Act
    tracker.apply(tracked(history));
    // Assess
    expect(tracker.view({ ...base, status: 'RUNNING' }).outcome).toBe('paused');
  });
});

describe('outcomeOf', () => {
  it.each([
    { status: 'SUCCEEDED', error: undefined, rolledBack: false, expected: 'succeeded' },
    { status: 'FAILED', error: 'ApprovalRejected', rolledBack: true, expected: 'rejected' },
    { status: 'FAILED', error: 'GateFailed', rolledBack: true, expected: 'rolled_back' },
    { status: 'FAILED', error: 'AbortRequested', rolledBack: true, expected: 'rolled_back' },
    { status: 'FAILED', error: 'States.Timeout', rolledBack: true, expected: 'rolled_back' },
    { status: 'FAILED', error: 'LeaseHeld', rolledBack: false, expected: 'failed' },
    { status: 'FAILED', error: 'RollbackFailed', rolledBack: true, expected: 'failed' },
    { status: 'FAILED', error: 'DriftDetected', rolledBack: false, expected: 'failed' },
    { status: 'ABORTED', error: undefined, rolledBack: false, expected: 'aborted' },
    { status: 'TIMED_OUT', error: undefined, rolledBack: false, expected: 'failed' },
  ])('$status $error → $expected', ({ status, error, rolledBack, expected }) => {
    expect(outcomeOf(status, 'Fail', error, undefined, rolledBack)).toBe(expected);
  });
});

describe('progress renderer', () => {
  it('writes one plain line with time, step, weights, phase and time left', () => {
    const tracker = new ProgressTracker(plan);
    tracker.apply(
      tracked(
        new HistoryBuilder(new Date('2026-06-01T00:00:00Z'))
          .exited('Shift', { shift: { after: { vm: 99, ecs: 1, eks: 0 } }, progress: { step: 0 } })
          .entered('BakeWait', { progress: { step: 0, bakeStartedAt: '2026-06-01T00:00:02Z' } }),
      ),
    );
    const line = statusLine(
      tracker.view({ ...base, status: 'RUNNING', now: new Date('2026-06-01T00:05:02Z') }),
      new Date('2026-06-01T00:05:02Z'),
    );
    expect(line).toBe(
      '[2026-06-01T00:05:02Z] step 1/5 · vm=99, ecs=1, eks=0 · phase BakeWait · in step 5m · left ~45m',
    );
  });
});

describe('secondsLeft', () => {
  it('counts every bake before the first step', () => {
    expect(secondsLeft(plan as NonNullable<typeof plan>, null, null)).toBe(5 * 600);
  });
});
