/**
 * The PySpark runner, shipped as it is in python/: one script for every job, driven by the plan.
 * It is read from this folder rather than kept in a TypeScript string so Python tools (py_compile,
 * unittest) check the very file that is synthesized.
 */
import { readFileSync } from 'node:fs';

export const RUNNER_SOURCE_URL = new URL('./python/lakeline_runner.py', import.meta.url);

let cached: string | undefined;

/** The runner's source text (read once; the file is part of this package, not input). */
export function runnerSource(): string {
  cached ??= readFileSync(RUNNER_SOURCE_URL, 'utf8');
  return cached;
}
