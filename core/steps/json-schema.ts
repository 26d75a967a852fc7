/**
 * The pieces step kinds write their JSON Schemas with: plain JSON Schema objects, so loading the
 * model costs no schema library (every command loads it; only `validate` and the tests compile
 * schemas). tests/core/steps holds each schema to what its kind's factory builds.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** An object with these properties and no others: a typo in a plan is an error, not ignored. */
export const closed = (
  required: Readonly<Record<string, JsonSchema>>,
  optional: Readonly<Record<string, JsonSchema>> = {},
): JsonSchema => ({
  type: 'object',
  properties: { ...required, ...optional },
  required: Object.keys(required),
  additionalProperties: false,
});

export const literal = (value: string | number | boolean): JsonSchema => ({ const: value });

export const literals = (values: readonly string[]): JsonSchema => ({ enum: [...values] });

export const arrayOf = (items: JsonSchema, minItems = 0): JsonSchema =>
  minItems === 0 ? { type: 'array', items } : { type: 'array', items, minItems };

export const STRING: JsonSchema = { type: 'string' };
export const BOOLEAN: JsonSchema = { type: 'boolean' };

export const Identifier: JsonSchema = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' };

export const DataTypeSchema: JsonSchema = {
  anyOf: [
    closed({ kind: literal('string') }, { maxLength: { type: 'integer', minimum: 1 } }),
    closed({ kind: literals(['int', 'bigint', 'double', 'boolean', 'date', 'timestamp']) }),
    closed({
      kind: literal('decimal'),
      precision: { type: 'integer', minimum: 1, maximum: 38 },
      scale: { type: 'integer', minimum: 0, maximum: 38 },
    }),
  ],
};
