/**
 * A function's bundle: its entry module and everything it imports, bundled by esbuild into one
 * ES module for the Node runtime it names (`nodejs22.x` → `node22`). `@aws-sdk/*` stays external:
 * the Lambda Node runtimes ship SDK v3, so a bundle carries only the function's own code and its
 * other dependencies, and locally the function imports the repository's SDK. The bytes depend
 * only on the sources and the esbuild version: paths in the bundle's comments are relative to the
 * entry's folder, and there is no source map.
 */
import { dirname } from 'node:path';
import { buildSync } from 'esbuild';
import {
  type LambdaFunction,
  type LambdaRuntime,
  type Pipeline,
  PipelineDefinitionError,
} from '../core/index.js';

/** The bundle's file name in the zip; the Handler is `index.<export>`. */
export const BUNDLE_FILE = 'index.mjs';

const TARGETS: { readonly [R in LambdaRuntime]: string } = {
  'nodejs20.x': 'node20',
  'nodejs22.x': 'node22',
};

/**
 * Bundled CommonJS dependencies may `require` Node's own modules, which an ES module has no
 * `require` for: the bundle makes one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __lakelineRequire } from 'node:module';\nconst require = __lakelineRequire(import.meta.url);";

export function bundleFunction(pipeline: Pipeline, fn: LambdaFunction): string {
  try {
    const result = buildSync({
      entryPoints: [fn.entry],
      absWorkingDir: dirname(fn.entry),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: TARGETS[fn.runtime],
      external: ['@aws-sdk/*'],
      outfile: BUNDLE_FILE,
      write: false,
      sourcemap: false,
      legalComments: 'none',
      charset: 'utf8',
      banner: { js: REQUIRE_SHIM },
      logLevel: 'silent',
    });
    const [out] = result.outputFiles;
    if (out === undefined) throw new Error('esbuild wrote no bundle');
    return out.text;
  } catch (error) {
    const messages = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const problem =
      messages === undefined || messages.length === 0
        ? (error as Error).message
        : messages
            .map((m) => (m.location == null ? m.text : `${m.location.file}:${m.location.line}: ${m.text}`))
            .join('; ');
    throw new PipelineDefinitionError(
      pipeline.name,
      ['tasks', fn.name, 'entry'],
      `the function does not bundle: ${problem}`,
      'fix the module (esbuild bundles it as the Lambda runtime would load it)',
    );
  }
}
