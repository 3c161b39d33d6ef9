#!/usr/bin/env node
// The `cutover` command. Plain JavaScript so that it can refuse an old Node with a clear message
// before loading anything else. In the repository it runs the TypeScript sources (Node ≥ 22.18 strips
// the types); the installed package has no sources, only the JavaScript compiled into dist/.
import { existsSync } from 'node:fs';

const source = new URL('./main.ts', import.meta.url);
const fromSource = existsSync(source);
const [major, minor] = process.versions.node.split('.').map(Number);
const needed = fromSource ? [22, 18] : [22, 0];
if (major < needed[0] || (major === needed[0] && minor < needed[1])) {
  process.stderr.write(
    `cutover: needs Node ${needed.join('.')} or newer; this is ${process.version}. ` +
      (fromSource
        ? 'Run it through npm (`npx cutover …`), which uses the Node 22 installed by `npm ci`.\n'
        : 'Install Node 22 (the Lambda runtime Cutover targets, nodejs22.x), or run it through a project that has the `node@22` npm package.\n'),
  );
  process.exit(3);
}
const { main } = await import(
  fromSource ? source.href : new URL('../dist/cli/main.js', import.meta.url).href
);
process.exitCode = await main(process.argv.slice(2));
