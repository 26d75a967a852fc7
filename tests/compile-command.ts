/**
 * Vitest global setup: compiles the command once before the tests that run `bin/lakeline.js`, so
 * none of them compiles it (and prints that it does) on its own.
 */
// @ts-expect-error bin/compile.js is plain JavaScript without declarations.
import { compiled } from '../bin/compile.js';

export default async function setup(): Promise<void> {
  await compiled();
}
