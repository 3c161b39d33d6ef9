import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main';
import { PlanInvalidError } from '#core/errors';
import { loadPlan } from '#plan/index';
import { captureIo } from './capture-io.ts';

// Each fixture starts with `# <what is wrong>` and one `# expect: <fragment>` line per problem
// message the validator must print (each fragment names the JSON path of the offending field).
// Fixtures that are not even YAML end in `.yaml.txt`, so that the formatter (`biome check .`) skips them.
const fixtures = fileURLToPath(new URL('../../fixtures/plans/', import.meta.url));
const invalidDir = join(fixtures, 'invalid');
/** Before every fixture's notAfter (2030) and after the stale one's (2020): results do not depend on today. */
const NOW = new Date('2026-06-01T00:00:00Z');

const cases = readdirSync(invalidDir)
  .filter((file) => file.endsWith('.yaml') || file.endsWith('.yaml.txt'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(invalidDir, file), 'utf8');
    const expects = [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1] as string);
    return { file, expects };
  });

async function problemsOf(path: string): Promise<readonly string[]> {
  try {
    await loadPlan(path, { now: NOW });
  } catch (error) {
    if (error instanceof PlanInvalidError) return error.problems;
    throw error;
  }
  return [];
}

describe('the bad-input suite', () => {
  it('has at least 35 invalid plans, each stating the messages it must produce', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    for (const { file, expects } of cases) expect(expects, file).not.toHaveLength(0);
  });

  it('starts from a plan that is valid on its own', async () => {
    await expect(loadPlan(join(fixtures, 'valid', 'base.yaml'), { now: NOW })).resolves.toMatchObject({
      name: 'fixture-plan',
    });
  });

  it.each(cases)('$file is rejected with the expected messages', async ({ file, expects }) => {
    // Act
    const problems = await problemsOf(join(invalidDir, file));
    // Assess
    expect(problems.length, `${file} was accepted`).toBeGreaterThan(0);
    const text = problems.join('\n');
    for (const fragment of expects) expect(text, `${file}: missing "${fragment}"`).toContain(fragment);
  });

  it('reports every problem of a plan, not just the first', async () => {
    const problems = await problemsOf(join(invalidDir, 'many-problems-at-once.yaml'));
    expect(problems).toHaveLength(4);
  });
});

describe('cutover validate on invalid plans', () => {
  it.each([
    {
      file: 'weights-sum-under-100.yaml',
      path: 'steps[1]: weights must sum to 100; got 90 (vm=40, ecs=50, eks=0)',
    },
    { file: 'typo-top-level-field.yaml', path: 'intervall: unknown field' },
    { file: 'target-group-other-region.yaml', path: 'targets.ecs.targetGroupArn:' },
    { file: 'not-after-in-the-past.yaml', path: 'notAfter: plan is stale' },
    { file: 'yaml-syntax-error.yaml.txt', path: 'yaml-syntax-error.yaml.txt:5:1: YAML syntax error' },
  ])('exits 2 and names $path', async ({ file, path }) => {
    // Prepare
    const io = captureIo({ cwd: invalidDir });
    // Act
    const code = await main(['validate', file], io);
    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain(path);
    expect(io.out()).toBe('');
  });

  it('prints one problem per line followed by the count', async () => {
    const io = captureIo({ cwd: invalidDir });
    await main(['validate', 'many-problems-at-once.yaml'], io);
    const lines = io.err().trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('many-problems-at-once.yaml: plan invalid (4 problems)');
  });
});
