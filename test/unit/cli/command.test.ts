import { describe, expect, it } from 'vitest';
import { type CommandSpec, helpText, integerFlag, parseCommandArgs, runCommand } from '#cli/command';
import { PlanInvalidError, RouterUnavailableError } from '#core/errors';
import { awsError, captureIo } from './helpers.ts';

const spec: CommandSpec = {
  name: 'demo',
  usage: 'demo <plan> [--limit <n>]',
  description: 'Does nothing, for the test.',
  flags: {
    limit: { type: 'string', placeholder: 'n', description: 'how many\n(at most 9)' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  positionals: { min: 1, max: 1, names: 'one plan file' },
  notes: 'A note after the flags.',
};

describe('runCommand', () => {
  it.each([
    {
      argv: ['--limt', '3', 'p.yaml'],
      message:
        "cutover demo: Unknown option '--limt'; allowed --limit, --json, -h/--help; see cutover demo --help\n",
    },
    { argv: [], message: 'cutover demo: expected one plan file; got 0; see cutover demo --help\n' },
    {
      argv: ['a', 'b'],
      message: "cutover demo: expected one plan file; got 2 ('a' 'b'); see cutover demo --help\n",
    },
    {
      argv: ['p.yaml', '--limit'],
      message: "cutover demo: Option '--limit <value>' argument missing; see cutover demo --help\n",
    },
  ])('exits 2 with one line for $argv, before the command runs', async ({ argv, message }) => {
    // Prepare
    const cli = captureIo();
    let ran = false;
    // Act
    const code = await runCommand(spec, argv, cli.io, async () => {
      ran = true;
      return 0;
    });
    // Assess
    expect(code).toBe(2);
    expect(cli.stderr()).toBe(message);
    expect(ran).toBe(false);
  });

  it('prints every problem of an invalid plan, then one line with the count', async () => {
    const cli = captureIo();
    const code = await runCommand(spec, ['p.yaml'], cli.io, async () => {
      throw new PlanInvalidError(['p.yaml: steps[0]: weights must sum to 100', 'p.yaml: to: unknown target']);
    });
    expect(code).toBe(2);
    expect(cli.stderr()).toBe(
      'p.yaml: steps[0]: weights must sum to 100\np.yaml: to: unknown target\n' +
        'cutover demo: plan invalid (2 problems); nothing was run\n',
    );
  });

  it.each([
    { error: awsError('AccessDeniedException', 'not authorized'), check: 'IAM permissions' },
    { error: new RouterUnavailableError('listener gone'), check: 'listener gone' },
  ])('exits 3 with one line for what AWS threw ($check)', async ({ error, check }) => {
    const cli = captureIo();
    const code = await runCommand(spec, ['p.yaml'], cli.io, async () => {
      throw error;
    });
    expect(code).toBe(3);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toContain(check);
  });

  it('rethrows a bug instead of reporting it as an AWS failure', async () => {
    const cli = captureIo();
    const bug = new TypeError("Cannot read properties of undefined (reading 'weights')");
    await expect(
      runCommand(spec, ['p.yaml'], cli.io, async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(cli.stderr()).toBe('');
  });
});

describe('helpText', () => {
  it('lays out usage, description, aligned flags with -h, notes and exit codes', () => {
    expect(helpText(spec)).toBe(
      [
        'usage: cutover demo <plan> [--limit <n>]',
        '',
        'Does nothing, for the test.',
        '',
        'flags:',
        '  --limit <n>           how many',
        '                        (at most 9)',
        '  --json                print JSON',
        '  --output <json|text>  json: the same as --json; text: the default',
        '  -h, --help            show this help',
        '',
        'A note after the flags.',
        '',
        'exit codes: 0 success · 1 the cutover did not succeed · 2 invalid input (nothing sent to AWS) · 3 environment (AWS, credentials)',
      ].join('\n'),
    );
  });

  it('answers -h like --help', () => {
    expect(parseCommandArgs(spec, ['-h'])).toBe('help');
  });
});

describe('--output (the AWS CLI spelling of --json)', () => {
  const flagsOf = (argv: string[]) => {
    const parsed = parseCommandArgs(spec, ['plan.yaml', ...argv]);
    if (parsed === 'help') throw new Error('unexpected help');
    return parsed.flags;
  };

  it('reads --output json as --json and --output text as the default', () => {
    expect(flagsOf(['--output', 'json']).json).toBe(true);
    expect(flagsOf(['--output=text']).json).toBe(false);
    expect(flagsOf([]).output).toBeUndefined();
  });

  it.each([
    { argv: ['--output', 'yaml'], message: "--output 'yaml' is not supported; allowed json, text" },
    { argv: ['--output', 'text', '--json'], message: '--output text and --json contradict each other' },
  ])('refuses $argv with exit 2', ({ argv, message }) => {
    expect(() => parseCommandArgs(spec, ['plan.yaml', ...argv])).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining(message) }),
    );
  });
});

describe('integerFlag', () => {
  const parsed = (limit: string) => ({ flags: { limit }, positionals: [] });

  it.each([
    { text: '3', range: { min: 1, max: 9 }, expected: 3 },
    { text: '0', range: { min: 0 }, expected: 0 },
  ])('reads --limit $text', ({ text, range, expected }) => {
    expect(integerFlag(parsed(text), 'limit', range)).toBe(expected);
  });

  it.each([
    { text: 'abc', message: '--limit "abc": not a whole number; allowed a whole number 1–9' },
    { text: '1e1', message: '--limit "1e1": not a whole number; allowed a whole number 1–9' },
    { text: '10', message: '--limit "10": out of range; allowed a whole number 1–9' },
  ])('refuses --limit $text with exit 2, naming what is allowed', ({ text, message }) => {
    expect(() => integerFlag(parsed(text), 'limit', { min: 1, max: 9 })).toThrow(
      expect.objectContaining({ exitCode: 2, message }),
    );
  });

  it('is undefined when the flag is absent', () => {
    expect(integerFlag({ flags: {}, positionals: [] }, 'limit', { min: 1 })).toBeUndefined();
  });
});
