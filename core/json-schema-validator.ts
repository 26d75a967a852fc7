/**
 * One ajv instance for every JSON Schema of lakeline (job plans, Glue configs, run summaries);
 * errors come back as `path: message` lines.
 */
import { createRequire } from 'node:module';
import type { TSchema } from '@sinclair/typebox';
import type * as AjvModule from 'ajv';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';

let ajv: AjvInstance | undefined;

// Loaded with require, and only when a schema is first compiled: an ES module's import of a
// CommonJS package makes Node scan the package's source for its export names, which was a good
// part of the command's start, and most commands validate nothing.
function instance(): AjvInstance {
  if (ajv === undefined) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    ajv = new Ajv({ allErrors: true, strict: true });
  }
  return ajv;
}

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
 * Compiled on first use: compiling a schema takes a noticeable part of a second, which every
 * command that merely imports its module (synth, simulate) would otherwise pay at start.
 */
export function validatorFor(schema: TSchema): (value: unknown) => string[] {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= instance().compile(schema);
    return validate(value) ? [] : [...new Set((validate.errors ?? []).map(describe))];
  };
}
