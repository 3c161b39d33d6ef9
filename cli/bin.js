#!/usr/bin/env node
// The `cutover` command. Plain JavaScript so that it can refuse an old Node with a clear message
// before loading the TypeScript sources (which Node ≥ 22.18 runs directly by stripping types).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `cutover: needs Node 22.18 or newer; this is ${process.version}. ` +
      'Run it through npm (`npx cutover …`), which uses the Node 22 installed by `npm ci`.\n',
  );
  process.exit(3);
}
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
