import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main';
import { rollbackText } from '#cli/ops/rollback-text';
import { resolvePlan } from '#plan/index';
import { captureIo } from '../plan/capture-io.ts';
import { rawPlan } from '../plan/plan-builders.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function plan(overrides: Record<string, unknown>) {
  const result = resolvePlan(rawPlan(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

describe('how validate and preview describe the way back', () => {
  it('says one write when the plan has no `rollback`', () => {
    expect(rollbackText(plan({}))).toBe('the snapshot in one write');
  });

  it('lists the steps on `to` offline, and the full weights against the live router (the snapshot to be)', () => {
    const stepped = plan({ rollback: { steps: [50, 25], bake: '2m' } });
    expect(rollbackText(stepped)).toMatch(
      /^in steps: ecs 50% → ecs 25% → the snapshot; .* each held 2m while vm health, 5XX and p99 are watched; a failing source skips to the snapshot$/,
    );
    // Live: ecs already holds 30%, so only 50 is above the snapshot's own share.
    expect(rollbackText(stepped, { vm: 60, ecs: 30, eks: 10 })).toMatch(
      /^in steps: vm=43, ecs=50, eks=7 → the snapshot; .* while vm, eks health/,
    );
  });

  it('cutover validate prints it for the example plan', async () => {
    const io = captureIo({ cwd: root });
    expect(await main(['validate', 'examples/vm-to-ecs-stepped-rollback.yaml'], io)).toBe(0);
    expect(io.out()).toMatch(/^rollback\s+in steps: ecs 25% → the snapshot;/m);
  });
});
