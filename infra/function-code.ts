import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { BUNDLE_FILE, bundleToTemporaryDir } from './function-bundle.ts';

// In the installed package this file is dist/infra/function-code.js, and `npm run build` put the
// bundles in dist/lambda/<name>/; in the repository it is infra/function-code.ts, next to functions/.
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PREBUILT_FUNCTIONS_DIR = path.join(PACKAGE_ROOT, 'lambda');
export const SOURCE_FUNCTIONS_DIR = path.join(PACKAGE_ROOT, 'functions');

/**
 * The code of one function: the prebuilt bundle shipped in the package (a consumer's app needs no
 * esbuild and no lock file, and synthesis is fast), else — inside this repository, or with a custom
 * `functionsDir` — a bundle built now from `<functionsDir>/<name>/handler.ts`.
 */
export function functionCode(scope: Construct, name: string, functionsDir?: string): lambda.Code {
  const prebuilt = path.join(PREBUILT_FUNCTIONS_DIR, name);
  if (functionsDir === undefined && existsSync(path.join(prebuilt, BUNDLE_FILE))) {
    return lambda.Code.fromAsset(prebuilt);
  }
  const sourceDir = path.join(functionsDir ?? SOURCE_FUNCTIONS_DIR, name);
  const entry = path.join(sourceDir, 'handler.ts');
  if (!existsSync(entry)) {
    throw new Error(
      `Cutover function '${name}': found neither a prebuilt bundle (${path.join(prebuilt, BUNDLE_FILE)}) nor its source (${entry}); ` +
        'reinstall the package, or point functionsDir at a folder with <name>/handler.ts',
    );
  }
  // `cdk deploy --exclusively` of another stack (context aws:cdk:bundling-stacks) skips bundling.
  if (!Stack.of(scope).bundlingRequired) return lambda.Code.fromAsset(sourceDir);
  return lambda.Code.fromAsset(bundleToTemporaryDir(name, entry));
}
