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
rewriteImportSpecifiers(dist);
cpSync(path.join(root, 'state-machines'), path.join(dist, 'state-machines'), { recursive: true });
for (const spec of FUNCTIONS) {
  bundleFunction(path.join(root, 'functions', spec.name, 'handler.ts'), path.join(dist, 'lambda', spec.name));
}
process.stdout.write(
  `built ${path.relative(root, dist)}/ with ${FUNCTIONS.length} prebuilt function bundles\n`,
);

/**
 * The installed package has no sources for package.json `imports` (`#core/x`) to point at, and a
 * consumer's TypeScript without allowImportingTsExtensions refuses `.ts` specifiers (tsc rewrites them
 * in the JavaScript it emits, not in the .d.ts files): so every specifier in dist/ becomes a relative
 * `.js` path.
 */
function rewriteImportSpecifiers(dir: string): void {
  const subpaths = subpathTargets();
  const specifier = /((?:from\s+|import\()['"])((?:#|\.{1,2}\/)[^'"]+?)(['"])/g;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(?:d\.ts|js)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(specifier, (_all, pre: string, spec: string, post: string) => {
      return `${pre}${relativeJs(file, spec, subpaths)}${post}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

/** `#core/` → `shared/core/`, from package.json `imports` (`"#core/*": "./shared/core/*.ts"`). */
function subpathTargets(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    imports: Record<string, string>;
  };
  return new Map(
    Object.entries(pkg.imports).map(([key, target]) => [
      key.replace('*', ''),
      target.replace(/^\.\/|\*\.ts$/g, ''),
    ]),
  );
}

function relativeJs(file: string, spec: string, subpaths: Map<string, string>): string {
  if (!spec.startsWith('#')) return spec.replace(/\.ts$/, '.js');
  const prefix = [...subpaths.keys()].find((key) => spec.startsWith(key));
  if (prefix === undefined)
    throw new Error(`build: ${spec} in ${file} matches no package.json imports entry`);
  const target = path.join(dist, `${subpaths.get(prefix)}${spec.slice(prefix.length)}.js`);
  const relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
