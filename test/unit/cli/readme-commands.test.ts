import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main';
import { cutoverArgs, cutoverArgsProblem, shellWords } from '#test/support/command-lines';
import { captureIo, REPO } from './helpers.ts';

// Every command line of the README, so that it cannot drift from the CLI again: each parses exactly as
// the CLI parses it, each file it names exists, and the ones that need no AWS run for real.
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const SCRIPTS = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: object }).scripts;

/** Lines of ```sh blocks, and inline `code` that starts with a command. */
function commandLines(): string[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'));
  const inline = [...README.matchAll(/`((?:npx|npm exec --no --) cutover [^`]+)`/g)].map((m) => m[1] ?? '');
  return [...blocks, ...inline].map((line) => line.trim()).filter(Boolean);
}

const cutoverLines = commandLines().filter((line) => cutoverArgs(shellWords(line)) !== undefined);
const npmScripts = commandLines()
  .flatMap((line) => line.split('&&'))
  .map((part) => shellWords(part))
  .filter((words) => words[0] === 'npm' && (words[1] === 'run' || words[1] === 'test'));

describe('README', () => {
  it('has the command lines this test reads', () => {
    expect(cutoverLines.length).toBeGreaterThan(20);
    expect(npmScripts.length).toBeGreaterThanOrEqual(2); // the two commands: `npm run demo`, `npm test`
  });

  it.each(cutoverLines)('`%s` is a command the CLI accepts', async (line) => {
    const args = cutoverArgs(shellWords(line)) ?? [];
    expect(await cutoverArgsProblem(args)).toBeUndefined();
    for (const file of args.filter((a) => /^(examples|schema)\//.test(a))) {
      expect(() => readFileSync(join(REPO, file)), file).not.toThrow();
    }
  });

  it.each(npmScripts.map((words) => words.join(' ')))('`%s` is a script of package.json', (line) => {
    const words = line.split(' ');
    expect(SCRIPTS).toHaveProperty(words[1] === 'test' ? 'test' : (words[2] as string));
  });

  // The commands that need no AWS: run as written (reports go to a temporary folder).
  const offline = cutoverLines.filter((line) =>
    /cutover (validate|rehearse|render|completion|version|--help|--version)\b/.test(line),
  );
  const reports = mkdtempSync(join(tmpdir(), 'cutover-readme-'));

  it.each(offline)('`%s` runs as the README says', async (line) => {
    const args = (cutoverArgs(shellWords(line)) ?? []).map((arg) =>
      arg.startsWith('rehearsals/') ? join(reports, arg) : arg,
    );
    if (args.some((arg) => /^plans\/|^<|…/.test(arg))) return; // a team's own plan, not in this repository
    const cli = captureIo();
    const code = await main(args, cli.io);
    // A scenario promises its outcome in its header; any but `succeeded` exits 1, as the README's
    // exit codes say.
    const scenario = args.includes('--scenario') ? args[args.indexOf('--scenario') + 1] : undefined;
    const faulty =
      scenario !== undefined && !readFileSync(scenario, 'utf8').includes('Promise: outcome `succeeded`');
    expect(code, cli.stderr()).toBe(faulty ? 1 : 0);
    if (args.includes('--json')) expect(() => JSON.parse(cli.stdout())).not.toThrow();
    const report = args[args.indexOf('--report') + 1];
    if (args.includes('--report')) expect(readFileSync(report as string, 'utf8')).toContain('<html');
  });
});
