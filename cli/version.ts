import { readFileSync } from 'node:fs';

const PACKAGE_NAME = '@cutover-sre/cutover';

/**
 * This package's version. The manifest is one folder up from cli/ in the repository and two from
 * dist/cli/ in the installed package, so the nearest package.json with this package's name wins.
 */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    } catch {
      // Not there in this layout; try the next.
    }
  }
  return 'unknown';
}

/** One line, as `aws --version` prints it: the tool, then the runtime and platform it runs on. */
export function versionLine(): string {
  return `cutover/${packageVersion()} node/${process.versions.node} ${process.platform}/${process.arch}`;
}
