import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type RunIo, run } from '#cli/commands/run';
import { createRehearsalEnvironment } from '#local/rehearsal/run-rehearsal';
import { SANDBOX_CLIENT_OPTIONS } from '#local/sandbox/index';
import { resolveScenario } from '#local/scenario/scenario';
import { loadPlan } from '#plan/index';
import { planDocument, REPO, writePlan } from './helpers.ts';

/**
 * `cutover run --local --json` against an emulated AWS account: the sandbox answers the SDK's
 * requests (below the real adapters and the SDK's own retries), time runs on a virtual clock.
 */
async function runAgainstEmulator(scenario: Record<string, unknown>) {
  const { approval: _approval, ...document } = planDocument();
  const file = writePlan(document);
  const plan = await loadPlan(file);
  const { clock, sandbox } = createRehearsalEnvironment(plan, resolveScenario(scenario, plan, 'test'));
  let out = '';
  let err = '';
  const io: RunIo = {
    stdout: {
      write: (text: string) => {
        out += text;
      },
    },
    stderr: {
      write: (text: string) => {
        err += text;
      },
    },
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    env: {},
    cwd: REPO,
    aws: { clientOptions: { ...SANDBOX_CLIENT_OPTIONS, plugins: [sandbox.plugin] }, clock },
  };
  const code = await run([file, '--local', '--no-lease', '--json'], io);
  return { code, out, err };
}

describe('cutover run --local --json', () => {
  it('prints the DESIGN §8 summary as the only thing on stdout; progress goes to stderr', async () => {
    // Act
    const { code, out, err } = await runAgainstEmulator({});
    // Assess
    expect(code, err).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({
      outcome: 'succeeded',
      startWeights: { vm: 100, ecs: 0 },
      finalWeights: { vm: 0, ecs: 100 },
      rollback: null,
      error: null,
    });
    expect(summary.steps.map((s: { weights: { ecs: number } }) => s.weights.ecs)).toEqual([
      1, 5, 25, 50, 100,
    ]);
    expect(summary.steps.every((s: { result: string }) => s.result === 'passed')).toBe(true);
    expect(summary.durationSeconds).toBeGreaterThanOrEqual(5 * 600);
    expect(summary.apiCalls.ModifyListener).toBeGreaterThanOrEqual(5);
    expect(summary.stateTransitions).toBeGreaterThan(20);
    expect(err).toContain('outcome: succeeded');
  });

  it('reports a rollback: which gate, when it was seen, when the snapshot was back; exit 1', async () => {
    // Act: the destination answers 8 % 5XX from the start.
    const { code, out } = await runAgainstEmulator({ targets: { ecs: { errorPercent: 8 } } });
    // Assess
    expect(code).toBe(1);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({
      outcome: 'rolled_back',
      finalWeights: { vm: 100, ecs: 0 },
      rollback: { gate: 'errorRate', faultAtSeconds: null },
    });
    expect(summary.rollback.restoredAtSeconds).toBeGreaterThanOrEqual(summary.rollback.detectedAtSeconds);
    expect(summary.steps[0]).toMatchObject({ weights: { vm: 99, ecs: 1 }, result: 'failed' });
  });
});
