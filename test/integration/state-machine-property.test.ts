import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '#core/errors';
import { sameWeights, type Weights } from '#core/weights';
import { runLocalExecution } from '#local/executor';
import { CutoverEventType } from '#ports/event-sink';
import {
  ECS_TG,
  fakeWorld,
  healthyWorld,
  LISTENER_ARN,
  namedError,
  planDocument,
  VM_TG,
} from '#test/support/fakes';

/**
 * DESIGN.md §7 as properties, over random plans and random fault schedules, on the real ASL with the
 * real handlers: every execution ends at the final weights (verified), at the byte-identical
 * snapshot, or in an announced human-owned state; no weight > 0 is ever written to a target group
 * below its minimum; nothing is written for an invalid, held, stale or closed plan.
 */

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:property';
/**
 * Faults land in every phase: bakes, the watched approval wait (up to its 1 h timeout), pauses,
 * rollbacks — aborts and operator edits included.
 */
const MAX_FAULT_AT = 4500;
const ROUTER = { kind: 'listener', arn: LISTENER_ARN } as never;

const faultArb = fc.oneof(
  fc.record({
    kind: fc.constant('ecsHealthy' as const),
    at: fc.integer({ min: 0, max: MAX_FAULT_AT }),
    healthy: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('vmHealthy' as const),
    at: fc.integer({ min: 0, max: MAX_FAULT_AT }),
    healthy: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('ecsErrors' as const),
    at: fc.integer({ min: 0, max: MAX_FAULT_AT }),
    errors: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({ kind: fc.constant('ecsNoData' as const), at: fc.integer({ min: 0, max: MAX_FAULT_AT }) }),
  fc.record({
    kind: fc.constant('drift' as const),
    at: fc.integer({ min: 0, max: MAX_FAULT_AT }),
    ecs: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant('abort' as const), at: fc.integer({ min: 0, max: MAX_FAULT_AT }) }),
  fc.record({ kind: fc.constant('throttleWrites' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('throttleRestore' as const), count: fc.integer({ min: 1, max: 14 }) }),
  fc.record({ kind: fc.constant('dieAfterWrite' as const) }),
);

const caseArb = fc.record({
  steps: fc
    .uniqueArray(
      fc.integer({ min: 1, max: 99 }).filter((x) => x !== 50),
      { minLength: 0, maxLength: 2 },
    )
    .map((xs) => [...xs, 50].sort((a, b) => a - b).concat(100)),
  bakeSeconds: fc.constantFrom(30, 60, 120),
  onFailure: fc.constantFrom('rollback', 'pause'),
  inconclusiveThen: fc.constantFrom('fail', 'pause'),
  minHealthy: fc.integer({ min: 1, max: 3 }),
  approveBefore: fc.option(fc.constantFrom(50, 100), { nil: undefined }),
  /** Capacity that changes while a human looks at the approval (time passes there in real life). */
  ecsHealthyAtApproval: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  approvalAnswer: fc.constantFrom('approve', 'reject', 'timeout') as fc.Arbitrary<
    'approve' | 'reject' | 'timeout'
  >,
  onTimeout: fc.constantFrom('rollback', 'pause'),
  pauseAnswer: fc.constantFrom('wait', 'resume', 'rollback') as fc.Arbitrary<'wait' | 'resume' | 'rollback'>,
  /** How long a human takes to answer an approval or a pause: the wait goes on, watched, meanwhile. */
  humanSeconds: fc.constantFrom(0, 60, 900),
  refusal: fc.oneof(
    { weight: 6, arbitrary: fc.constant('none') },
    { weight: 1, arbitrary: fc.constantFrom('invalid', 'stale', 'held', 'closed') },
  ),
  faults: fc.array(faultArb, { minLength: 1, maxLength: 4 }),
});

describe('cutover invariants (DESIGN.md §7)', () => {
  it('ends verified-final, verified-snapshot, or in an announced human-owned state; never writes weight to an under-capacity group', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Prepare
        const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
        const router = w.router(ROUTER);
        const snapshotText = JSON.stringify(router.actions);
        const minimumOf: Weights = { [VM_TG]: 2, [ECS_TG]: c.minHealthy };
        const underCapacityWrites: string[] = [];
        const write = router.setWeights.bind(router);
        router.setWeights = async (desired, guard) => {
          for (const [arn, weight] of Object.entries(desired)) {
            const healthy = w.health.healthy.get(arn) ?? 3;
            if (weight > 0 && healthy < Math.max(1, minimumOf[arn] ?? 1))
              underCapacityWrites.push(`${arn}=${weight} with ${healthy} healthy`);
          }
          return write(desired, guard);
        };
        let driftedTo: Weights | undefined;
        let writesBeforeAbort: number | undefined;
        /** Router writes made before an operator's edit that no writer could take for its own. */
        let writesBeforeForeignEdit: number | undefined;
        for (const fault of c.faults) {
          if (fault.kind === 'ecsHealthy')
            w.clock.at(fault.at, () => w.health.healthy.set(ECS_TG, fault.healthy));
          if (fault.kind === 'vmHealthy')
            w.clock.at(fault.at, () => w.health.healthy.set(VM_TG, fault.healthy));
          if (fault.kind === 'ecsErrors')
            w.clock.at(fault.at, () =>
              w.metrics.set(ECS_TG, { requests: 2000, errors5xx: fault.errors, p99Ms: 100 }),
            );
          if (fault.kind === 'ecsNoData') w.clock.at(fault.at, () => w.metrics.values.delete(ECS_TG));
          if (fault.kind === 'drift') {
            w.clock.at(fault.at, () => {
              driftedTo = { [VM_TG]: 100 - fault.ecs, [ECS_TG]: fault.ecs };
              const live = router.liveWeights();
              router.driftTo(driftedTo);
              const planned = [
                { [VM_TG]: 100, [ECS_TG]: 0 },
                ...c.steps.map((p) => ({ [VM_TG]: 100 - p, [ECS_TG]: p })),
              ];
              const foreign =
                !sameWeights(live, driftedTo) && !planned.some((x) => sameWeights(x, driftedTo as Weights));
              if (
                foreign &&
                w.leases.items.get(LISTENER_ARN)?.snapshot &&
                writesBeforeForeignEdit === undefined
              )
                writesBeforeForeignEdit = router.writes.length;
            });
          }
          if (fault.kind === 'abort')
            w.clock.at(fault.at, () => {
              w.leases.requestAbort(LISTENER_ARN, 'alice', 'property', w.clock.now());
              writesBeforeAbort ??= router.writes.length;
            });
          if (fault.kind === 'throttleWrites')
            w.faults.add('setWeights', () => new AwsTransientError('throttled'), fault.count);
          if (fault.kind === 'throttleRestore')
            w.faults.add('restore', () => new AwsTransientError('throttled'), fault.count);
          if (fault.kind === 'dieAfterWrite')
            w.faults.add('setWeights', () => namedError('Lambda.Unknown'), 1, { after: true });
        }
        if (c.refusal === 'held') {
          await w.leases.acquire({
            routerArn: LISTENER_ARN,
            owner: 'other',
            planName: 'other',
            ttlSeconds: 86_400,
            now: w.clock.now(),
          });
        }
        if (c.refusal === 'closed') {
          await w.ledger.close({
            executionArn: EXECUTION,
            outcome: 'succeeded',
            at: w.clock.now().toISOString(),
          });
        }
        const document = planDocument({
          steps: c.steps,
          bake: `${c.bakeSeconds}s`,
          onFailure: c.onFailure,
          gates: {
            minHealthyTargets: c.minHealthy,
            errorRate: { maxPercent: 1, minRequests: 100 },
            // biome-ignore lint/suspicious/noThenProperty: the plan format's field is named `then` (DESIGN.md §4)
            inconclusive: { maxConsecutive: 4, then: c.inconclusiveThen },
          },
          ...(c.approveBefore
            ? { approval: { before: [c.approveBefore], timeout: '1h', onTimeout: c.onTimeout } }
            : {}),
          ...(c.refusal === 'invalid' ? { name: 'Not Valid' } : {}),
          ...(c.refusal === 'stale' ? { notAfter: '2026-01-01T00:00:00Z' } : {}),
        });
        let pauses = 0;
        // Act
        const result = await runLocalExecution({
          input: document,
          deps: w.deps,
          clock: w.clock,
          executionArn: EXECUTION,
          onApproval: async () => {
            await w.clock.sleep(c.humanSeconds * 1000);
            if (c.ecsHealthyAtApproval !== undefined) w.health.healthy.set(ECS_TG, c.ecsHealthyAtApproval);
            return c.approvalAnswer;
          },
          // A human who resumes forever would never end the run: after two resumes they walk away.
          onPause: async () => {
            await w.clock.sleep(c.humanSeconds * 1000);
            return c.pauseAnswer === 'resume' && ++pauses > 2 ? 'wait' : c.pauseAnswer;
          },
        });
        // Assess
        const lease = w.leases.items.get(LISTENER_ARN);
        const types = w.events.types();
        expect(underCapacityWrites).toEqual([]);
        // An abort is honoured in every phase: after it, only the snapshot may be written back.
        const afterAbort = router.writes.slice(writesBeforeAbort ?? router.writes.length);
        expect(afterAbort.filter((x) => x.kind === 'setWeights')).toEqual([]);
        // Never overrule a human: after an edit nobody could mistake for the cutover's, nothing writes.
        if (writesBeforeForeignEdit !== undefined)
          expect(router.writes).toHaveLength(writesBeforeForeignEdit);
        if (['PlanInvalid', 'StalePlan', 'LeaseHeld', 'PlanClosed'].includes(result.error ?? '')) {
          expect(router.writes).toEqual([]);
          expect(JSON.stringify(router.actions)).toBe(snapshotText);
          if (result.error !== 'LeaseHeld' && result.error !== 'PlanClosed')
            expect(w.leases.items.size).toBe(0);
          return;
        }
        if (result.status === 'SUCCEEDED') {
          expect(sameWeights(router.liveWeights(), { [VM_TG]: 0, [ECS_TG]: 100 })).toBe(true);
          expect(lease?.released).toBe(true);
          expect(types.at(-1)).toBe(CutoverEventType.Succeeded);
        } else if (result.status === 'PAUSED') {
          expect(types).toContain(CutoverEventType.Paused);
          expect(lease?.released).toBe(false);
          if (!driftedTo)
            expect(
              sameWeights(router.liveWeights(), lease?.lastWritten ?? lease?.snapshot?.weights ?? {}),
            ).toBe(true);
        } else if (result.error === 'DriftDetected') {
          expect(types).toContain(CutoverEventType.DriftDetected);
          expect(driftedTo && sameWeights(router.liveWeights(), driftedTo)).toBe(true);
          expect(lease?.released).toBe(true);
        } else if (
          result.error === 'RollbackFailed' ||
          result.error === 'SnapshotUnrestorable' ||
          result.error === 'RetreatUnavailable'
        ) {
          expect(types).toContain(CutoverEventType.RollbackFailed);
          expect(lease?.released).toBe(false);
          // A dead way back is held, never restored onto: the weights stay as last written.
          if (result.error === 'RetreatUnavailable' && !driftedTo)
            expect(sameWeights(router.liveWeights(), lease?.lastWritten ?? {})).toBe(true);
        } else {
          // Every other ending went through Rollback: the snapshot, byte for byte, and the lease released.
          expect(JSON.stringify(router.actions), `${result.error}: ${result.cause}`).toBe(snapshotText);
          expect(lease?.released).toBe(true);
        }
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
