// `npm run build`: the package as teams install it — compiled ESM JavaScript with .d.ts under dist/,
// the state machine definition next to it, and every Lambda bundle prebuilt (dist/lambda/<name>/), so
// an app that uses the construct needs neither esbuild nor this repository's lock file.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleFunction } from './function-bundle.ts';
import { FUNCTIONS } from './function-catalog.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
rewriteDeclarationImports(dist);
cpSync(path.join(root, 'state-machines'), path.join(dist, 'state-machines'), { recursive: true });
for (const spec of FUNCTIONS) {
  bundleFunction(path.join(root, 'functions', spec.name, 'handler.ts'), path.join(dist, 'lambda', spec.name));
}
process.stdout.write(
  `built ${path.relative(root, dist)}/ with ${FUNCTIONS.length} prebuilt function bundles\n`,
);

/**
 * tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits, not in the .d.ts files; a consumer's
 * TypeScript without allowImportingTsExtensions refuses `.ts` specifiers there, so rewrite them too.
 */
function rewriteDeclarationImports(dir: string): void {
  const relativeTs = /((?:from\s+|import\()['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(relativeTs, '$1$2.js$3');
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}
