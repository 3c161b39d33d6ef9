import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlanInvalidError } from '#core/errors';
import { MAX_PLAN_BYTES, parsePlanText, readPlanDocument } from '#plan/index';

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PlanInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected PlanInvalidError');
}

async function problemsOfAsync(action: () => Promise<unknown>): Promise<readonly string[]> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PlanInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected PlanInvalidError');
}

describe('parsePlanText', () => {
  it('reads YAML and JSON into the same document', () => {
    const yaml = parsePlanText('name: a\nsteps: [1, 100]\n', 'plan.yaml');
    const json = parsePlanText('{ "name": "a", "steps": [1, 100] }', 'plan.json');
    expect(yaml).toEqual({ name: 'a', steps: [1, 100] });
    expect(json).toEqual(yaml);
  });

  it('keeps ISO instants as text (YAML 1.2 has no timestamp type)', () => {
    expect(parsePlanText('notAfter: 2026-12-01T09:00:00+09:00\n', 'p.yaml')).toEqual({
      notAfter: '2026-12-01T09:00:00+09:00',
    });
  });

  it('reports YAML syntax errors with source, line and column', () => {
    expect(problemsOf(() => parsePlanText('name: a\nsteps: [1, 5\nbake: 10m\n', 'plan.yaml'))).toEqual([
      'plan.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports duplicate keys and multiple documents', () => {
    expect(problemsOf(() => parsePlanText('bake: 1m\nbake: 2m\n', 'p.yaml'))).toEqual([
      'p.yaml:2:1: YAML syntax error: duplicate key; each field may appear once per mapping',
    ]);
    expect(problemsOf(() => parsePlanText('a: 1\n---\nb: 2\n', 'p.yaml'))[0]).toContain(
      'more than one YAML document',
    );
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(problemsOf(() => parsePlanText('{\n  "name": "a",\n}', 'plan.json'))).toEqual([
      'plan.json:3:1: JSON syntax error: Expected double-quoted property name',
    ]);
  });
});

describe('readPlanDocument', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutover-plan-'));
    await writeFile(join(dir, 'big.yaml'), `# ${'x'.repeat(MAX_PLAN_BYTES)}\nname: a\n`);
    await writeFile(join(dir, 'list.yaml'), '- 1\n- 2\n');
    await writeFile(join(dir, 'scalar.yaml'), 'just text\n');
    await writeFile(join(dir, 'empty.yaml'), '# nothing here\n');
    await writeFile(join(dir, 'latin1.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    await writeFile(join(dir, 'ok.yaml'), '\uFEFFname: a\n');
  });

  it.each([
    { file: 'missing.yaml', message: 'no such file; check the path' },
    { file: 'big.yaml', message: 'file too large; got 257 KiB; allowed at most 256 KiB' },
    { file: 'list.yaml', message: 'not a mapping; got a list of 2' },
    { file: 'scalar.yaml', message: 'not a mapping; got "just text"' },
    { file: 'empty.yaml', message: 'empty plan' },
    { file: 'latin1.yaml', message: 'not UTF-8 text' },
    { file: '.', message: 'is a directory' },
  ])('refuses $file with one line', async ({ file, message }) => {
    const problems = await problemsOfAsync(() => readPlanDocument(join(dir, file)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reads a mapping (a byte-order mark is ignored)', async () => {
    await expect(readPlanDocument(join(dir, 'ok.yaml'))).resolves.toEqual({ name: 'a' });
  });
});
