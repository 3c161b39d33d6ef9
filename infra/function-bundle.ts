import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * How a function's `handler.ts` becomes the one-file ESM bundle Lambda runs. `npm run build` uses it
 * to prebuild every bundle into the package; the construct uses it only inside this repository, where
 * no prebuilt bundle exists. Local esbuild, never Docker, so synthesis works offline.
 *
 * Everything is bundled, the @aws-sdk v3 clients included: the versions the unit tests and the
 * rehearsal sandbox exercised are the ones that run (the runtime's built-in SDK moves under us and
 * lags new APIs); the price is ~0.5 MB per bundle, under the 1 MB budget after minification.
 */
export const BUNDLE_FILE = 'index.mjs';

interface Esbuild {
  buildSync(options: Record<string, unknown>): unknown;
}

/** esbuild is a development tool of this repository, so it is loaded only when a bundle is built. */
function loadEsbuild(): Esbuild {
  try {
    return createRequire(import.meta.url)('esbuild') as Esbuild;
  } catch (error) {
    throw new Error(
      'Cutover: building a function from source needs esbuild (a devDependency of the Cutover repository); ' +
        'an installed package uses its prebuilt bundles instead — reinstall the package if they are missing',
      { cause: error },
    );
  }
}

/** Bundles `entry` into `outdir/index.mjs` (+ source map); quiet unless esbuild warns. */
export function bundleFunction(entry: string, outdir: string): void {
  loadEsbuild().buildSync({
    entryPoints: [entry],
    outfile: path.join(outdir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

/**
 * Bundles into a fresh temporary folder, removed when the process exits: CDK copies the asset into
 * the cloud assembly while the function is constructed, and a folder per synthesis keeps parallel
 * syntheses (tests) from writing over each other.
 */
export function bundleToTemporaryDir(name: string, entry: string): string {
  const outdir = mkdtempSync(path.join(tmpdir(), `cutover-${name}-`));
  if (temporaryDirs.length === 0) {
    process.once('exit', () => {
      for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
    });
  }
  temporaryDirs.push(outdir);
  bundleFunction(entry, outdir);
  return outdir;
}

const temporaryDirs: string[] = [];
