import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run as render } from '#cli/commands/render';
import { commands, main } from '#cli/main';
import { canonicalJson } from '#core/canonical-json';
import { captureIo, PLAN, planDocument, REPO, writePlan } from './helpers.ts';

const OPS_COMMANDS = [
  'preview',
  'render',
  'start',
  'status',
  'watch',
  'approve',
  'reject',
  'abort',
  'schedule',
  'schedules',
  'unschedule',
  'history',
];

describe('cutover render', () => {
  it('prints the plan as the execution input start would send', async () => {
    const cli = captureIo();
    expect(await render([PLAN], cli.io)).toBe(0);
    expect(JSON.stringify(cli.json())).toBe(canonicalJson(planDocument()));
  });

  it('exits 2 with the problems for an invalid plan', async () => {
    const cli = captureIo();
    const code = await render([writePlan({ ...planDocument(), from: 'ecs' })], cli.io);
    expect(code).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain('from');
  });

  it('exits 2 for a missing file', async () => {
    const cli = captureIo();
    expect(await render(['no-such-plan.yaml'], cli.io)).toBe(2);
  });
});

describe('help', () => {
  it.each(commands.map((c) => c.name))(
    'cutover %s --help documents its flags and exit codes',
    async (name) => {
      // Prepare
      const cli = captureIo();
      // Act
      const code = await main([name, '--help'], cli.io);
      // Assess
      expect(code).toBe(0);
      expect(cli.stdout()).toMatch(new RegExp(`^usage: cutover ${name}`));
      expect(cli.stdout()).toMatch(/^flags:$/m);
      expect(cli.stdout()).toContain('-h, --help');
      expect(cli.stdout()).toContain('exit codes');
    },
  );

  it('npx cutover --help lists every subcommand with one line each', async () => {
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'cli', 'bin.js'), '--help'], {
      cwd: REPO,
    });
    // Assess
    for (const command of commands) {
      const lines = stdout.split('\n').filter((line) => line.trimStart().startsWith(`${command.name} `));
      expect(lines, command.name).toHaveLength(1);
    }
    for (const name of OPS_COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
  });
});
