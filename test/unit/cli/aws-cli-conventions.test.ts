import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyGlobalOptions, extractGlobalOptions } from '#cli/global-options';
import { commands, main } from '#cli/main';
import type { ExecutionView } from '#cli/ops/execution-view';
import { ProgressPrinter } from '#cli/ops/progress';
import { captureIo, REPO } from './helpers.ts';

const BIN = join(REPO, 'cli', 'bin.js');

/** The real bin in a child process, with a HOME and AWS config of its own (never the machine's). */
async function cutover(args: string[], env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'cutover-home-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('version', () => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

  it.each([['--version'], ['version']])('cutover %s prints the package and Node versions', async (arg) => {
    const cli = captureIo();
    expect(await main([arg], cli.io)).toBe(0);
    expect(cli.stdout()).toBe(
      `cutover/${version} node/${process.versions.node} ${process.platform}/${process.arch}\n`,
    );
  });
});

describe('did you mean', () => {
  it('suggests the command a typo was meant to be, exit 2', async () => {
    const cli = captureIo();
    expect(await main(['stauts', 'x'], cli.io)).toBe(2);
    expect(cli.stderr()).toContain("unknown command 'stauts'; did you mean 'status'?");
  });

  it('suggests nothing for a word close to no command', async () => {
    const cli = captureIo();
    expect(await main(['deploy'], cli.io)).toBe(2);
    expect(cli.stderr()).not.toContain('did you mean');
  });
});

describe('global flags', () => {
  const flags = new Set(['json', 'region']);

  it('takes --profile and --no-color from anywhere on the line, in both spellings', () => {
    const found = extractGlobalOptions(['x', '--profile=prod', '--json', '--no-color'], flags);
    expect(found.argv).toEqual(['x', '--json']);
    expect(found.options).toEqual({ profile: 'prod', noColor: true });
    expect(extractGlobalOptions(['--profile', 'prod', 'x'], flags).options.profile).toBe('prod');
  });

  it('leaves --region to a command that has its own, and takes it for one that does not', () => {
    expect(extractGlobalOptions(['x', '--region', 'eu-west-1'], flags).argv).toEqual([
      'x',
      '--region',
      'eu-west-1',
    ]);
    const other = extractGlobalOptions(['x', '--region', 'eu-west-1'], new Set(['json']));
    expect(other).toEqual({ argv: ['x'], options: { region: 'eu-west-1', noColor: false } });
  });

  it.each([[['--profile']], [['--profile', '--json']], [['--region=']]])(
    'refuses %j without a value, exit 2',
    (argv) => {
      expect(() => extractGlobalOptions(argv, new Set())).toThrow(
        expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/needs a value/) }),
      );
    },
  );

  it('puts the profile and region where the SDK loaders read them', () => {
    const io = applyGlobalOptions(captureIo().io, { profile: 'prod', region: 'eu-west-1', noColor: false });
    expect(io.env).toMatchObject({ AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-1' });
  });
});

describe('NO_COLOR and --no-color', () => {
  const view: ExecutionView = {
    executionArn: 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:x',
    name: 'x',
    planName: 'crawler-vm-to-ecs',
    status: 'RUNNING',
    outcome: 'running',
    phase: 'EvaluateGates',
    secondsInPhase: 5,
    step: { index: 0, count: 5 },
    weights: { vm: 99, ecs: 1 },
    secondsInStep: 30,
    secondsLeft: 600,
    gates: [],
    approvalWaiting: null,
    abortRequested: null,
    lease: null,
    rolledBack: false,
    startedAt: '2026-06-01T01:00:00.000Z',
    stoppedAt: null,
    error: null,
    cause: null,
  };

  /** What the progress printer writes on a terminal after two updates, through the io a command gets. */
  function progressOutput(env: Record<string, string>, noColor: boolean): string {
    const cli = captureIo({ env, isTTY: true });
    const io = applyGlobalOptions(cli.io, { noColor });
    const printer = new ProgressPrinter(io.stdout);
    printer.update(view, new Date('2026-06-01T01:00:00Z'));
    printer.update(view, new Date('2026-06-01T01:00:05Z'));
    return cli.stdout();
  }

  it('redraws in place on a terminal by default (escape codes)', () => {
    expect(progressOutput({}, false)).toContain('\x1b[');
  });

  it.each<{ env: Record<string, string>; noColor: boolean }>([
    { env: { NO_COLOR: '1' }, noColor: false },
    { env: {}, noColor: true },
    { env: { TERM: 'dumb' }, noColor: false },
  ])('prints plain lines with no escape code for $env / --no-color=$noColor', ({ env, noColor }) => {
    expect(progressOutput(env, noColor)).not.toContain('\x1b');
  });
});

describe('completion', () => {
  it.each(['bash', 'zsh', 'fish'])('cutover completion %s names every command', async (shell) => {
    const cli = captureIo();
    expect(await main(['completion', shell], cli.io)).toBe(0);
    for (const c of commands) expect(cli.stdout(), c.name).toContain(c.name);
  });

  it('refuses an unknown shell, exit 2', async () => {
    const cli = captureIo();
    expect(await main(['completion', 'powershell'], cli.io)).toBe(2);
    expect(cli.stderr()).toContain("shell 'powershell' is not supported; allowed bash, zsh, fish");
  });

  /** Loads the bash script into bash and asks it to complete `words`. */
  async function bashComplete(words: string[]): Promise<string[]> {
    const cli = captureIo();
    await main(['completion', 'bash'], cli.io);
    const file = join(mkdtempSync(join(tmpdir(), 'cutover-completion-')), 'cutover.bash');
    writeFileSync(file, cli.stdout());
    const script = [
      `source ${file}`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      '_cutover',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const { stdout } = await promisify(execFile)('bash', ['-c', script]);
    return stdout.split('\n').filter(Boolean);
  }

  it('completes commands, then the flags of the command typed', async () => {
    expect(await bashComplete(['cutover', 'sta'])).toEqual(['start', 'status']);
    expect(await bashComplete(['cutover', 'status', '--pro'])).toEqual(['--profile']);
    expect(await bashComplete(['cutover', 'validate', '--output', 'j'])).toEqual(['json']);
  });
});

describe('exit codes through the real bin', () => {
  it('status with --profile and --region: AWS cannot be reached with that profile → exit 3, not 2', async () => {
    const result = await cutover(['status', 'x', '--profile', 'p', '--region', 'ap-northeast-1']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(
      /^cutover status: reading the outputs of stack Cutover in ap-northeast-1: /,
    );
  });

  it('takes the region from the profile in ~/.aws/config, as the AWS CLI does', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cutover-aws-'));
    writeFileSync(join(home, 'config'), '[profile p]\nregion = eu-west-1\n');
    const result = await cutover(['status', 'x', '--profile', 'p'], {
      AWS_CONFIG_FILE: join(home, 'config'),
    });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('stack Cutover in eu-west-1');
  });
});
