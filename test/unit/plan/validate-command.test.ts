import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main';
import { captureIo } from './capture-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = readdirSync(`${root}examples`).filter((file) => file.endsWith('.yaml'));

describe('cutover validate', () => {
  it('has the example plans', () => {
    expect(examples.sort()).toEqual([
      'ecs-to-eks.yaml',
      'eks-to-vm-retreat.yaml',
      'retreat-drill.yaml',
      'three-way.yaml',
      'vm-to-ecs-scale-ahead.yaml',
      'vm-to-ecs-stepped-rollback.yaml',
      'vm-to-ecs-tested.yaml',
      'vm-to-ecs.yaml',
      'vm-to-eks-nodeport.yaml',
    ]);
  });

  it.each(examples)('accepts examples/%s with exit 0 and a summary', async (file) => {
    // Prepare
    const io = captureIo({ cwd: root });
    // Act
    const code = await main(['validate', `examples/${file}`], io);
    // Assess: only the emergency retreat warns (loudly, on stderr)
    expect(io.err()).toBe(
      file === 'eks-to-vm-retreat.yaml'
        ? 'cutover validate: warning: examples/eks-to-vm-retreat.yaml is an EMERGENCY RETREAT: eks may have no healthy target and nothing checks its capacity (retreat.sourceMayBeDead)\n'
        : '',
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('is valid');
    expect(io.out()).toMatch(/minimum duration\s+\S+/);
    expect(io.out()).toMatch(/worst case \S+ to notice a failed destination/);
  });

  it('says what an emergency retreat gives up, and refuses one that does not name the source', async () => {
    const io = captureIo({ cwd: root });
    await main(['validate', 'examples/eks-to-vm-retreat.yaml'], io);
    expect(io.out()).toMatch(
      /retreat\s+EMERGENCY RETREAT from eks .*\n\s+Preflight checks only the destination/,
    );
    expect(io.out()).toMatch(/a rollback that finds eks dead holds the weights where they are and pages/);
  });

  it('prints the steps table, durations, assumptions, router and targets', async () => {
    const io = captureIo({ cwd: root });
    await main(['validate', 'examples/vm-to-ecs.yaml'], io);
    const out = io.out();
    expect(out).toMatch(/step\s+vm \(from\)\s+ecs \(to\)\s+eks\s+bake\s+approval/);
    expect(out).toMatch(/1\/5\s+99\s+1\s+0\s+10m\s+~\S+\s+~\S+\n/);
    // the judge columns: minutes of data to catch the named effect, and to be confident, per step
    expect(out).toMatch(/catch 5XX at limit\s+confident/);
    expect(out).toMatch(/4\/5\s+50\s+50\s+0\s+10m\s+yes/);
    expect(out).toMatch(/minimum duration\s+55m \(sum of bakes, plus at least 1m per step/);
    expect(out).toContain('worst case 4m15s');
    expect(out).toContain('ALB health check every 30s, unhealthy after 2 failures');
    expect(out).toContain('listener of app/web/50dc6c495c0c9188 in ap-northeast-1, account 123456789012');
    expect(out).toContain('targetgroup/crawler-ecs/0123456789abcdef  cluster main, service crawler');
  });

  it('prints the resolved plan and summary with --json', async () => {
    const io = captureIo({ cwd: root });
    const code = await main(['validate', 'examples/three-way.yaml', '--json'], io);
    const output = JSON.parse(io.out()) as {
      valid: boolean;
      plan: { steps: unknown[] };
      summary: { minimumDurationSeconds: number };
    };
    expect(code).toBe(0);
    expect(output.valid).toBe(true);
    expect(output.plan.steps).toHaveLength(4);
    // the bakes (2 h) plus at least a minute per step for its last minute of metrics to be published
    expect(output.summary.minimumDurationSeconds).toBe(7_200 + 4 * 60);
  });

  it('prints problems as JSON with --json and still exits 2', async () => {
    const io = captureIo({ cwd: root });
    const code = await main(['validate', 'test/fixtures/plans/invalid/from-equals-to.yaml', '--json'], io);
    expect(code).toBe(2);
    expect(JSON.parse(io.out())).toMatchObject({ valid: false, problems: [{ path: 'to' }] });
  });

  it.each([
    { argv: [], message: 'expected one plan file; got 0' },
    { argv: ['a.yaml', 'b.yaml'], message: 'expected one plan file; got 2' },
    { argv: ['--jsn', 'a.yaml'], message: "Unknown option '--jsn'" },
    { argv: ['missing.yaml'], message: 'missing.yaml: no such file; check the path' },
  ])('exits 2 with one clear line for $argv', async ({ argv, message }) => {
    const io = captureIo({ cwd: root });
    const code = await main(['validate', ...argv], io);
    expect(code).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.out()).toBe('');
  });

  it('documents itself with --help', async () => {
    const io = captureIo({ cwd: root });
    const code = await main(['validate', '--help'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('usage: cutover validate <plan|campaign> [--json]');
  });
});
