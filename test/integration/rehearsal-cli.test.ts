import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '#cli/io';
import { main } from '#cli/main';

function captureIo(tty = false): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text: string) => {
        out += text;
      },
      isTTY: tty,
    },
    stderr: {
      write: (text: string) => {
        err += text;
      },
    },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe('cutover rehearse', () => {
  it('--json prints the DESIGN summary last on stdout and exits 1 when the cutover rolled back', async () => {
    // Act
    const io = captureIo();
    const code = await main(
      ['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', 'examples/scenarios/5xx-spike.yaml', '--json'],
      io,
    );
    // Assess
    expect(code).toBe(1);
    const summary = JSON.parse(io.out());
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'outcome',
        'startWeights',
        'finalWeights',
        'durationSeconds',
        'rollback',
        'steps',
        'apiCalls',
        'stateTransitions',
      ]),
    );
    expect(Object.keys(summary.rollback)).toEqual([
      'reason',
      'gate',
      'faultAtSeconds',
      'detectedAtSeconds',
      'restoredAtSeconds',
    ]);
    expect(Object.keys(summary.steps[0])).toEqual(['weights', 'startedAtSeconds', 'result']);
    expect(summary.outcome).toBe('rolled_back');
    expect(io.err()).toContain('gate failed');
  });

  it('exits 0 for a healthy default world and prints plain progress lines when stdout is not a terminal', async () => {
    const io = captureIo();
    const code = await main(['rehearse', 'examples/vm-to-ecs.yaml'], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/step 5\/5 started/);
    expect(io.out()).toMatch(/outcome: succeeded/);
    expect(io.out()).not.toContain('\u001b[');
  });

  it('draws a live status line with a weights bar on a terminal', async () => {
    const io = captureIo(true);
    await main(
      ['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', 'examples/scenarios/destination-unhealthy.yaml'],
      io,
    );
    expect(io.out()).toContain('\r\u001b[2K');
    expect(io.out()).toContain('█');
  });

  it('--report writes one self-contained HTML file with SVG charts and nothing fetched from the network', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rehearsal-'));
    const report = join(dir, 'nested', 'report.html');
    const io = captureIo();
    await main(
      [
        'rehearse',
        'examples/vm-to-ecs.yaml',
        '--scenario',
        'examples/scenarios/latency-regression.yaml',
        '--report',
        report,
      ],
      io,
    );
    const html = await readFile(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // weights, 5XX, p99, the judge's evidence, the verdict strip
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).toContain('latencyP99');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toContain('<script');
  });

  it('--seed changes the draw; the same seed repeats it', async () => {
    const run = async (seed: string) => {
      const io = captureIo();
      await main(
        [
          'rehearse',
          'examples/vm-to-ecs.yaml',
          '--scenario',
          'examples/scenarios/5xx-spike.yaml',
          '--json',
          '--seed',
          seed,
        ],
        io,
      );
      return io.out();
    };
    const [a, b] = [await run('7'), await run('7')];
    expect(a).toBe(b);
    expect(JSON.parse(a).seed).toBe(7);
  });

  it.each([
    { argv: ['rehearse'], message: /expected one plan file/ },
    {
      argv: ['rehearse', 'examples/vm-to-ecs.yaml', '--sceanrio', 'x.yaml'],
      message: /Unknown option '--sceanrio'/,
    },
    {
      argv: ['rehearse', 'examples/vm-to-ecs.yaml', '--seed', 'abc'],
      message: /--seed "abc": not a whole number/,
    },
    { argv: ['rehearse', 'missing.yaml'], message: /missing\.yaml: .*plan invalid|missing\.yaml/ },
    {
      argv: ['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', 'nope.yaml'],
      message: /nope\.yaml: no such file/,
    },
  ])('exits 2 on invalid input: $message', async ({ argv, message }) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('exits 2 with every scenario problem named by its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'targets:\n  ecss: { healthyTargets: 1 }\nfaults:\n  - { at: 5m, target: ecs, set: { errorPercnt: 3 } }\n',
    );
    const io = captureIo();
    expect(await main(['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', file], io)).toBe(2);
    expect(io.err()).toMatch(/faults\[0\]\.set\.errorPercnt: unknown field/);
    expect(io.err()).toMatch(
      /targets\.ecss: unknown target "ecss"; allowed vm, ecs, eks — hint: did you mean `ecs`\?/,
    );
    expect(io.err()).toMatch(/scenario invalid \(2 problems\); nothing was run/);
  });

  it('exits 2 before running when --report names a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-'));
    const io = captureIo();
    expect(await main(['rehearse', 'examples/vm-to-ecs.yaml', '--report', dir], io)).toBe(2);
    expect(io.err()).toMatch(/--report .*: is a directory; allowed a file path .* nothing was run/);
    expect(io.out()).toBe('');
  });

  it.each([
    { text: 'startAt: 2026-02-30T10:00:00+09:00\n', message: /startAt: not a real date and time/ },
    { text: 'targets:\n  __proto__: { healthyTargets: 0 }\n', message: /targets\.__proto__: reserved name/ },
    {
      text: 'targets:\n  ecs: { healthyTargets: 1e9 }\n',
      message: /targets\.ecs\.healthyTargets: too large/,
    },
    { text: `faults: ${'['.repeat(100_000)}\n`, message: /nested too deep; got more than 64 levels/ },
  ])(
    'exits 2 naming the field for a scenario that used to slip through: $message',
    async ({ text, message }) => {
      const dir = await mkdtemp(join(tmpdir(), 'scenario-'));
      const file = join(dir, 'bad.yaml');
      await writeFile(file, text);
      const io = captureIo();
      expect(await main(['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', file], io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).not.toMatch(/Maximum call stack|\[object Object\]/);
    },
  );

  it('reports a Preflight refusal as failed (nothing was rolled back), as `cutover run` does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'no-capacity.yaml');
    await writeFile(file, 'targets:\n  ecs: { healthyTargets: 0 }\n');
    const io = captureIo();
    expect(await main(['rehearse', 'examples/vm-to-ecs.yaml', '--scenario', file, '--json'], io)).toBe(1);
    const summary = JSON.parse(io.out().slice(io.out().lastIndexOf('\n{\n') + 1));
    expect(summary).toMatchObject({ outcome: 'failed', rollback: null, error: { name: 'PreflightFailed' } });
  });
});
