// Writes the scratch app's package-lock.json so that `npm ci --offline` installs the packed tarball
// from the npm cache alone: the tarball itself, plus this repository's locked versions of the
// package's runtime dependencies (every lock entry not marked dev), fetched by their integrity.
// Usage: node consumer-lockfile.js <repo> <app dir> <tarball file name, in the app's parent folder>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const [repo, appDir, tarballName] = process.argv.slice(2);
const repoLock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const tarball = readFileSync(path.join(appDir, '..', tarballName));
const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;

const runtime = Object.entries(repoLock.packages).filter(
  ([location, entry]) => location !== '' && entry.dev !== true && entry.devOptional !== true,
);
const app = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
const spec = `file:../${tarballName}`;
const lock = {
  name: app.name,
  version: app.version,
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: app.name, version: app.version, dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
    ...Object.fromEntries(runtime),
  },
};
app.dependencies = { [manifest.name]: spec };
writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(app, null, 2)}\n`);
writeFileSync(path.join(appDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
