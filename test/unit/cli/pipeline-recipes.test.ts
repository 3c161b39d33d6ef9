import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cutoverArgs, cutoverArgsProblem, shellWords } from '#test/support/command-lines';
import { REPO } from './helpers.ts';

const DIR = join(REPO, 'examples', 'pipelines');
const { name, version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

interface Recipe {
  readonly file: string;
  readonly text: string;
  /** Every shell command the recipe runs, in order. */
  readonly commands: readonly string[];
  /** Its environment, as the commands see it. */
  readonly env: Readonly<Record<string, string>>;
}

function githubActions(): Recipe {
  const file = 'github-actions.yml';
  const text = readFileSync(join(DIR, file), 'utf8');
  const doc = parse(text) as {
    jobs: Record<string, { env: Record<string, string>; steps: { run?: string }[] }>;
  };
  const job = Object.values(doc.jobs)[0] as (typeof doc.jobs)[string];
  return {
    file,
    text,
    commands: job.steps.flatMap((s) => (s.run === undefined ? [] : s.run.split('\n').filter(Boolean))),
    env: { ...job.env, PLAN: 'examples/vm-to-ecs.yaml' },
  };
}

function buildspec(): Recipe {
  const file = 'codepipeline-buildspec.yml';
  const text = readFileSync(join(DIR, file), 'utf8');
  const doc = parse(text) as {
    env: { variables: Record<string, string> };
    phases: Record<string, { commands: string[] }>;
  };
  return {
    file,
    text,
    commands: Object.values(doc.phases).flatMap((p) => p.commands),
    env: { ...doc.env.variables, PLAN: 'examples/vm-to-ecs.yaml' },
  };
}

describe.each([githubActions(), buildspec()])('pipeline recipe $file', (recipe) => {
  it('installs a pinned release of this package before it runs anything', () => {
    const install = recipe.commands.findIndex((c) => /^npm (install|ci)\b/.test(c));
    expect(install).toBeGreaterThanOrEqual(0);
    const words = shellWords(recipe.commands[install] as string, recipe.env);
    expect(words).toContain(`${name}@${version}`);
    const firstCutover = recipe.commands.findIndex((c) => c.includes('cutover '));
    expect(install).toBeLessThan(firstCutover);
  });

  it('runs cutover only through `npm exec --no --` (never an implicit download)', () => {
    const runs = recipe.commands.filter((c) => /\bcutover\s/.test(c) && !/^npm install/.test(c));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const command of runs) expect(command).toMatch(/^npm exec --no -- cutover /);
    expect(recipe.text).not.toMatch(/\bnpx\b/);
  });

  it('runs only commands and flags the CLI has', async () => {
    const used = new Set<string>();
    for (const command of recipe.commands) {
      const args = cutoverArgs(shellWords(command, recipe.env));
      if (args === undefined || command.startsWith('npm install')) continue;
      used.add(args[0] as string);
      expect(await cutoverArgsProblem(args), command).toBeUndefined();
    }
    expect([...used].sort()).toEqual(['preview', 'start', 'validate']);
  });

  it('states its IAM as the stack output OperatorPolicyArn', () => {
    expect(recipe.text).toMatch(/attach the (Cutover )?stack's OperatorPolicyArn/);
  });
});

describe('github-actions-campaign.yml', () => {
  const file = 'github-actions-campaign.yml';
  const text = readFileSync(join(DIR, file), 'utf8');
  const doc = parse(text) as {
    jobs: Record<string, { env: Record<string, string>; steps: { run?: string }[] }>;
  };
  const job = Object.values(doc.jobs)[0] as (typeof doc.jobs)[string];
  const commands = job.steps.flatMap((s) => (s.run === undefined ? [] : s.run.split('\n').filter(Boolean)));
  const env = { ...job.env, CAMPAIGN: 'examples/campaigns/crawler-fleet.yaml' };

  it('installs a pinned release, then runs cutover only through `npm exec --no --`', () => {
    const install = commands.findIndex((c) => /^npm (install|ci)\b/.test(c));
    expect(shellWords(commands[install] ?? '', env)).toContain(`${name}@${version}`);
    const runs = commands.filter((c) => /\bcutover\s/.test(c) && !/^npm install/.test(c));
    for (const command of runs) expect(command).toMatch(/^npm exec --no -- cutover /);
    expect(text).not.toMatch(/\bnpx\b/);
  });

  it('validates, rehearses and starts the campaign with commands and flags the CLI has', async () => {
    const used: string[] = [];
    for (const command of commands) {
      const args = cutoverArgs(shellWords(command, env));
      if (args === undefined || command.startsWith('npm install')) continue;
      used.push(args.slice(0, args[0] === 'campaign' ? 2 : 1).join(' '));
      expect(await cutoverArgsProblem(args), command).toBeUndefined();
    }
    expect(used).toEqual(['validate', 'rehearse', 'campaign start']);
    for (const command of commands) expect(command).not.toContain('${{');
  });
});

describe('github-actions.yml', () => {
  it('passes inputs through env:, never an expression inside run: (script injection)', () => {
    const recipe = githubActions();
    for (const command of recipe.commands) expect(command).not.toContain('${{');
    expect(recipe.env.PLAN).toBeDefined();
    expect(recipe.text).toMatch(/PLAN: \$\{\{ inputs\.plan \}\}/);
  });
});

describe('checking a command line', () => {
  it.each([
    {
      line: 'npm exec --no -- cutover validate plan.yaml --stak Cutover',
      problem: /Unknown option '--stak'/,
    },
    { line: 'npx cutover stauts x', problem: /unknown command 'stauts'/ },
    { line: 'npx cutover validate', problem: /expected one plan file/ },
  ])('finds the problem in `$line`', async ({ line, problem }) => {
    expect(await cutoverArgsProblem(cutoverArgs(shellWords(line)) ?? [])).toMatch(problem);
  });
});
