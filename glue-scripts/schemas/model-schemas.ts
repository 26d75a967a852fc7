/** JSON Schemas of the model nodes a plan carries: data types and the transforms. */
import { type TSchema, Type } from '@sinclair/typebox';
import { PII_ACTIONS, PII_ENTITIES } from '../../core/index.js';

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

const literals = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));

export const Identifier = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' });

export const DataTypeSchema = Type.Union([
  closed({ kind: Type.Literal('string'), maxLength: Type.Optional(Type.Integer({ minimum: 1 })) }),
  closed({ kind: literals(['int', 'bigint', 'double', 'boolean', 'date', 'timestamp']) }),
  closed({
    kind: Type.Literal('decimal'),
    precision: Type.Integer({ minimum: 1, maximum: 38 }),
    scale: Type.Integer({ minimum: 0, maximum: 38 }),
  }),
]);

const ColumnSpecSchema = closed({
  kind: Type.Literal('columnSpec'),
  source: Identifier,
  name: Identifier,
  type: Type.Optional(DataTypeSchema),
  trim: Type.Boolean(),
  case: Type.Optional(literals(['lower', 'upper', 'title'])),
  format: Type.Optional(Type.String({ minLength: 1 })),
  nullValues: Type.Array(Type.String()),
});

const PiiRuleSchema = closed({
  kind: Type.Literal('piiColumn'),
  column: Identifier,
  mode: literals(['column', 'text']),
  entities: Type.Object(
    Object.fromEntries(PII_ENTITIES.map((e) => [e, Type.Optional(literals(PII_ACTIONS))])),
    {
      additionalProperties: false,
      minProperties: 1,
    },
  ),
});

/** DQDL rules are carried as nodes; their canonical text sits beside them in the quality step. */
const DqRuleExprSchema = Type.Object({ kind: literals(['dqRule', 'dqComposite']) });

/** A raw dataset as a referenceCheck names it. */
const RawDatasetSchema = Type.Object({
  kind: Type.Literal('rawDataset'),
  name: Identifier,
  prefix: Type.String({ minLength: 1 }),
});

export const TransformSchema = Type.Union([
  closed({ kind: Type.Literal('standardize'), columns: Type.Array(ColumnSpecSchema, { minItems: 1 }) }),
  closed({
    kind: Type.Literal('concat'),
    columns: Type.Array(Identifier, { minItems: 1 }),
    separator: Type.String(),
    as: Identifier,
    dropSources: Type.Boolean(),
  }),
  closed({
    kind: Type.Literal('detectPii'),
    rules: Type.Array(PiiRuleSchema, { minItems: 1 }),
    redactText: Type.String(),
    partial: closed({ keepLast: Type.Integer({ minimum: 0 }), maskChar: Type.String({ minLength: 1 }) }),
  }),
  closed({
    kind: Type.Literal('deduplicate'),
    keys: Type.Array(Identifier, { minItems: 1 }),
    orderBy: Identifier,
    keep: literals(['latest', 'earliest']),
  }),
  closed({
    kind: Type.Literal('referenceCheck'),
    column: Identifier,
    references: RawDatasetSchema,
    key: Identifier,
  }),
  closed({
    kind: Type.Literal('quality'),
    ruleset: Identifier,
    rowRules: Type.Array(DqRuleExprSchema),
    datasetRules: Type.Array(DqRuleExprSchema),
  }),
]);
