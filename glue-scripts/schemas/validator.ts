/** One ajv instance for the folder's schemas; errors come back as `path: message` lines. */
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';

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

export function validatorFor(schema: TSchema): (value: unknown) => string[] {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : [...new Set((validate.errors ?? []).map(describe))]);
}
