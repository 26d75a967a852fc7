/** One ajv instance for the folder's schemas; errors come back as `path: message` lines. */

import { createRequire } from 'node:module';
import type { TSchema } from '@sinclair/typebox';
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

// Loaded with require: an ES module's import of a CommonJS package makes Node scan the package's
// source for its export names, which was a good part of the command's start.
const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;

const ajv = new Ajv({ allErrors: true, strict: true });

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
      : error.keyword === 'const'
        ? ` (${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)})`
        : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}

/**
 * Compiled on first use: compiling the folder's schemas takes a noticeable part of a second, which
 * every command that merely imports the folder (synth, simulate) would otherwise pay at start.
 */
export function validatorFor(schema: TSchema): (value: unknown) => string[] {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.compile(schema);
    return validate(value) ? [] : [...new Set((validate.errors ?? []).map(describe))];
  };
}
