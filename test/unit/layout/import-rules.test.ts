import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..', '..');
/** Shipped code; tests may import the SDK (aws-sdk-client-mock needs its client classes). */
const SOURCE_DIRS = ['functions', 'infra', 'state-machines', 'shared', 'cli', 'local', 'bench'];
const SDK_ALLOWED = ['shared/aws/', 'local/sandbox/'];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|js|mjs)$/.test(entry.name)) continue;
    const path = relative(REPO, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (!path.includes('node_modules/')) files.push(path);
  }
  return files;
}

const ALL = SOURCE_DIRS.flatMap(sourceFiles);
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');

/** `import … from '@aws-sdk/…'`, `import type`, `export … from` and `import('@aws-sdk/…')`. */
function sdkImports(text: string): string[] {
  const found = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](@aws-sdk\/[^'"]+)['"]/gm);
  return [...found].map((match) => match[1] as string);
}

/** An adapter or SDK client built by hand: `new AlbTrafficRouter(`, `new SFNClient(`… */
function adapterConstructions(text: string): string[] {
  return [...text.matchAll(/\bnew\s+([A-Z]\w*(?:Router|Store|Source|Log|Sink|Control|Client))\s*\(/g)].map(
    (match) => match[1] as string,
  );
}

const AUDIT_ACTIONS =
  'shift|rollback|restore|approve|reject|abort|started|succeeded|rolled_back|failed|paused|drift|release';

/** An audit record written by hand: `action: 'abort'` in an object, or `.record({ … })`. */
function auditLiterals(text: string): string[] {
  const actions = [...text.matchAll(new RegExp(`\\baction:\\s*['"](${AUDIT_ACTIONS})['"]`, 'g'))];
  const records = [...text.matchAll(/\.record\(\s*\{/g)];
  return [...actions.map((match) => match[0]), ...records.map((match) => match[0])];
}

describe('the detectors', () => {
  it.each([
    { text: "import type { SFNClient } from '@aws-sdk/client-sfn';", expected: ['@aws-sdk/client-sfn'] },
    { text: "import '@aws-sdk/client-sts';", expected: ['@aws-sdk/client-sts'] },
    { text: "export { X } from '@aws-sdk/lib-dynamodb';", expected: ['@aws-sdk/lib-dynamodb'] },
    { text: "const m = await import('@aws-sdk/client-sfn');", expected: ['@aws-sdk/client-sfn'] },
    { text: ' * (the @aws-sdk/client-sfn package) in a comment', expected: [] },
  ])('sdkImports finds $expected in "$text"', ({ text, expected }) => {
    expect(sdkImports(text)).toEqual(expected);
  });

  it('finds adapters built by hand and audit records written by hand', () => {
    expect(adapterConstructions('const r = new AlbTrafficRouter({ client });')).toEqual(['AlbTrafficRouter']);
    expect(adapterConstructions('new SFNClient({})')).toEqual(['SFNClient']);
    expect(adapterConstructions('new Map()')).toEqual([]);
    expect(auditLiterals("audit.record({ at, action: 'abort', who })")).toHaveLength(2);
    expect(auditLiterals("const kind = 'abort';")).toEqual([]);
  });
});

describe('import rules over the tree', () => {
  it(`only ${SDK_ALLOWED.join(' and ')} import @aws-sdk/* (type imports included)`, () => {
    const offenders = ALL.filter((path) => !SDK_ALLOWED.some((dir) => path.startsWith(dir)))
      .map((path) => ({ path, imports: sdkImports(read(path)) }))
      .filter((file) => file.imports.length > 0);
    expect(offenders).toEqual([]);
  });

  it('cli/ builds no adapter and no SDK client itself: it asks the operator root', () => {
    const offenders = ALL.filter((path) => path.startsWith('cli/'))
      .map((path) => ({ path, built: adapterConstructions(read(path)) }))
      .filter((file) => file.built.length > 0);
    expect(offenders).toEqual([]);
  });

  it('cli/ writes no audit record by hand: shared/core/operations builds them', () => {
    const offenders = ALL.filter((path) => path.startsWith('cli/'))
      .map((path) => ({ path, literals: auditLiterals(read(path)) }))
      .filter((file) => file.literals.length > 0);
    expect(offenders).toEqual([]);
  });

  it('scans the whole tree (the rules above are not vacuous)', () => {
    expect(ALL.filter((path) => path.startsWith('cli/commands/')).length).toBeGreaterThan(10);
    expect(ALL.some((path) => path.startsWith('shared/aws/') && sdkImports(read(path)).length > 0)).toBe(
      true,
    );
  });
});
