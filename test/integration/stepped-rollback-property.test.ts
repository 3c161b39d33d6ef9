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
 * Stepped rollback as a property, on the real ASL with the real handlers: whatever the plan's steps
 * and rollback steps, wherever the destination fails, and whatever goes wrong on the way back (the
 * source failing, an operator's edit, an abort, throttled or dying writes), the execution ends at the
 * byte-identical snapshot, or halts for a human without writing over a human's change.
 */

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:stepped-property';
const ROUTER = { kind: 'listener', arn: LISTENER_ARN } as never;

const wayBackFaultArb = fc.oneof(
  fc.record({ kind: fc.constant('none' as const) }),
  fc.record({ kind: fc.constant('vmErrors' as const), after: fc.integer({ min: 0, max: 200 }) }),
  fc.record({
    kind: fc.constant('vmHealthy' as const),
    after: fc.integer({ min: 0, max: 200 }),
    healthy: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('drift' as const),
    after: fc.integer({ min: 0, max: 200 }),
    ecs: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant('abort' as const), after: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('throttle' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('dieAfterWrite' as const) }),
);

const caseArb = fc.record({
  steps: fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 })
    .map((xs) => [...xs].sort((a, b) => a - b).concat(100)),
  rollbackSteps: fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 })
    .map((xs) => [...xs].sort((a, b) => b - a))
    .chain((xs) => fc.constantFrom(xs, [...xs, 0])),
  rollbackBakeSeconds: fc.constantFrom(15, 30, 60),
  /** When the destination fails (seconds from the start): any step, any moment of its bake. */
  failAt: fc.integer({ min: 0, max: 900 }),
  failure: fc.constantFrom('unhealthy', 'errors'),
  wayBack: wayBackFaultArb,
});

describe('stepped rollback invariant (DESIGN.md §7)', () => {
  it('ends at the byte-identical snapshot, or halts for a human without writing over a human change', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Prepare
        const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
        const router = w.router(ROUTER);
        const snapshotText = JSON.stringify(router.actions);
        w.clock.at(c.failAt, () =>
          c.failure === 'unhealthy'
            ? w.health.healthy.set(ECS_TG, 0)
            : w.metrics.set(ECS_TG, { requests: 2000, errors5xx: 200, p99Ms: 100 }),
        );
        let rollingBack = false;
        let driftedTo: Weights | undefined;
        let writesAtDrift: number | undefined;
        const write = router.setWeights.bind(router);
        const highest = Math.max(...c.steps);
        router.setWeights = async (desired, guard) => {
          const before = router.liveWeights()[ECS_TG] ?? 0;
          const result = await write(desired, guard);
          // The first write that lowers ecs is the first rollback step: arm the way-back fault.
          if (!rollingBack && (desired[ECS_TG] ?? 0) < before && before <= highest) {
            rollingBack = true;
            armWayBackFault();
          }
          return result;
        };
        const armWayBackFault = () => {
          const at = (after: number) => w.clock.elapsedSeconds() + after;
          const fault = c.wayBack;
          if (fault.kind === 'vmErrors')
            w.clock.at(at(fault.after), () =>
              w.metrics.set(VM_TG, { requests: 10_000, errors5xx: 500, p99Ms: 120 }),
            );
          if (fault.kind === 'vmHealthy')
            w.clock.at(at(fault.after), () => w.health.healthy.set(VM_TG, fault.healthy));
          if (fault.kind === 'drift')
            w.clock.at(at(fault.after), () => {
              driftedTo = { [VM_TG]: 100 - fault.ecs, [ECS_TG]: fault.ecs };
              router.driftTo(driftedTo);
              writesAtDrift = router.writes.length;
            });
          if (fault.kind === 'abort')
            w.clock.at(at(fault.after), () =>
              w.leases.requestAbort(LISTENER_ARN, 'alice', 'property', w.clock.now()),
            );
          if (fault.kind === 'throttle') {
            w.faults.add('setWeights', () => new AwsTransientError('throttled'), fault.count);
            w.faults.add('restore', () => new AwsTransientError('throttled'), fault.count);
          }
          if (fault.kind === 'dieAfterWrite')
            w.faults.add('setWeights', () => namedError('Lambda.Unknown'), 1, { after: true });
        };
        const document = planDocument({
          steps: c.steps,
          bake: '2m',
          rollback: { steps: c.rollbackSteps, bake: `${c.rollbackBakeSeconds}s` },
        });
        // Act
        const result = await runLocalExecution({
          input: document,
          deps: w.deps,
          clock: w.clock,
          executionArn: EXECUTION,
          onApproval: async () => 'approve',
        });
        // Assess
        const lease = w.leases.items.get(LISTENER_ARN);
        const types = w.events.types();
        // The way back only ever lowers ecs, and only to rollback steps, until the snapshot.
        const wayBack = router.writes
          .flatMap((x) => (x.kind === 'setWeights' ? [x.weights[ECS_TG] ?? 0] : []))
          .filter((ecs, index, all) => index > 0 && ecs < (all[index - 1] ?? 0));
        for (const ecs of wayBack) expect(c.rollbackSteps).toContain(ecs);
        if (result.status === 'SUCCEEDED') {
          expect(sameWeights(router.liveWeights(), { [VM_TG]: 0, [ECS_TG]: 100 })).toBe(true);
          return;
        }
        if (result.error === 'DriftDetected') {
          // A human's weights stay: nothing was written after the edit.
          expect(driftedTo && sameWeights(router.liveWeights(), driftedTo)).toBe(true);
          expect(router.writes).toHaveLength(writesAtDrift ?? -1);
          expect(types).toContain(CutoverEventType.DriftDetected);
          return;
        }
        if (result.error === 'RetreatUnavailable' || result.error === 'RollbackFailed') {
          // The way back is dead: held for a human, announced, lease kept.
          expect(types).toContain(CutoverEventType.RollbackFailed);
          expect(lease?.released).toBe(false);
          return;
        }
        expect(JSON.stringify(router.actions), `${result.error}: ${result.cause}`).toBe(snapshotText);
        expect(lease?.released).toBe(true);
      }),
      { numRuns: 30, seed: 20261201 },
    );
  });
});
