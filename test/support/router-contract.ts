// The behaviour every TrafficRouter implementation owes the state machine, as one reusable suite.
// Run it with a fixture per implementation: the ALB listener and rule adapters over
// aws-sdk-client-mock (test/unit/aws/router-contract.test.ts) and, later, over the sandbox.
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorName } from '#core/errors';
import type { Weights } from '#core/weights';
import type { TrafficRouter } from '#ports/traffic-router';

export interface RouterContractFixture {
  /** The router under test. Its clock must be virtual: `verify` is expected to give up instantly. */
  readonly router: TrafficRouter;
  /**
   * Two target groups listed in the router's forward action. The router starts with weights that
   * are neither 50/50 nor 100/0 between them (e.g. 90/10), so every step of the suite writes.
   */
  readonly targetGroups: readonly [string, string];
  /** The next AWS read (`read`) or write (`write`) the router makes fails with this AWS error code. */
  failNext(call: 'read' | 'write', errorCode: 'AccessDenied'): void;
}

export function describeTrafficRouterContract(
  name: string,
  makeRouter: () => RouterContractFixture | Promise<RouterContractFixture>,
): void {
  describe(`TrafficRouter contract: ${name}`, () => {
    let fixture: RouterContractFixture;
    let a: string;
    let b: string;
    const split = (first: number, second: number): Weights => ({ [a]: first, [b]: second });

    beforeEach(async () => {
      fixture = await makeRouter();
      [a, b] = fixture.targetGroups;
    });

    it('shifts 50/50 then 100/0, verifies each, and restores the snapshot byte for byte', async () => {
      // Prepare
      const { router } = fixture;
      const snapshot = await router.snapshot();
      // Act: 50/50
      const half = await router.setWeights(split(50, 50), { expected: snapshot.weights });
      const readHalf = await router.getWeights();
      await router.verify(split(50, 50));
      // Act: 100/0
      const all = await router.setWeights(split(100, 0), { expected: split(50, 50) });
      await router.verify(split(100, 0));
      // Act: back to the snapshot
      const restored = await router.restore(snapshot, { expected: [split(50, 50), split(100, 0)] });
      const after = await router.snapshot();
      // Assess
      expect(snapshot.routerArn).toBe(router.arn);
      expect(half).toEqual({
        written: true,
        stale: false,
        before: snapshot.weights,
        after: expect.objectContaining(split(50, 50)),
      });
      expect(readHalf).toEqual(expect.objectContaining(split(50, 50)));
      expect(all.written).toBe(true);
      expect(all.before).toEqual(expect.objectContaining(split(50, 50)));
      expect(restored).toEqual({ restored: true, live: expect.objectContaining(split(100, 0)) });
      expect(JSON.stringify(after.actions)).toBe(JSON.stringify(snapshot.actions));
      expect(after.weights).toEqual(snapshot.weights);
    });

    it('snapshot weights are integer percents summing to 100', async () => {
      const { weights } = await fixture.router.snapshot();
      const values = Object.values(weights);
      expect(values.every(Number.isInteger)).toBe(true);
      expect(values.reduce((sum, value) => sum + value, 0)).toBe(100);
    });

    it('is a no-op when the live weights already equal the desired ones', async () => {
      // Prepare
      const before = await fixture.router.snapshot();
      // Act
      const result = await fixture.router.setWeights(before.weights, { expected: split(0, 100) });
      // Assess
      expect(result.written).toBe(false);
      expect(JSON.stringify((await fixture.router.snapshot()).actions)).toBe(JSON.stringify(before.actions));
    });

    it('writes nothing and reports the weights it found when live weights differ from the expected ones', async () => {
      // Prepare
      const before = await fixture.router.snapshot();
      // Act
      const result = await fixture.router.setWeights(split(50, 50), { expected: split(1, 99) });
      // Assess: the router reports, core decides it is drift
      expect(result).toEqual({ written: false, stale: true, before: before.weights, after: before.weights });
      expect(JSON.stringify((await fixture.router.snapshot()).actions)).toBe(JSON.stringify(before.actions));
    });

    it('restores nothing and reports the weights it found when live weights equal none of the expected ones', async () => {
      // Prepare: a snapshot, then a write of ours, then someone else's weights
      const snapshot = await fixture.router.snapshot();
      await fixture.router.setWeights(split(50, 50), { expected: snapshot.weights });
      await fixture.router.setWeights(split(20, 80), { expected: split(50, 50) });
      const edited = await fixture.router.snapshot();
      // Act
      const result = await fixture.router.restore(snapshot, { expected: [split(50, 50), snapshot.weights] });
      // Assess
      expect(result).toEqual({ restored: false, live: edited.weights });
      expect(JSON.stringify((await fixture.router.snapshot()).actions)).toBe(JSON.stringify(edited.actions));
    });

    it('surfaces an AWS error on write and leaves the weights as they were', async () => {
      // Prepare
      const before = await fixture.router.snapshot();
      fixture.failNext('write', 'AccessDenied');
      // Act
      const result = fixture.router.setWeights(split(50, 50), { expected: before.weights });
      // Assess
      await expect(result).rejects.toMatchObject({ name: ErrorName.AwsRejected, message: /AccessDenied/ });
      expect(await fixture.router.getWeights()).toEqual(before.weights);
    });

    it('surfaces an AWS error on read', async () => {
      // Prepare
      fixture.failNext('read', 'AccessDenied');
      // Act
      const result = fixture.router.getWeights();
      // Assess
      await expect(result).rejects.toMatchObject({ name: ErrorName.AwsRejected, message: /AccessDenied/ });
    });

    it('gives up verifying with WeightsNotVerified naming the router when the weights never arrive', async () => {
      // Act
      const result = fixture.router.verify(split(33, 67));
      // Assess
      await expect(result).rejects.toMatchObject({
        name: ErrorName.WeightsNotVerified,
        message: expect.stringContaining(`${fixture.router.arn} not verified`),
      });
    });
  });
}
