/**
 * Every step kind says everything about itself: the table of kinds is typed so a kind missing a
 * piece does not compile (the @ts-expect-error lines below fail `npm run typecheck` the day they
 * compile), and each kind's JSON Schema accepts what its factory builds and refuses what it must.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  column as c,
  columnSpec,
  concat,
  deduplicate,
  derive,
  detectPii,
  dq,
  lookup,
  measure,
  piiColumn,
  processedDataset,
  quality,
  rawDataset,
  referenceCheck,
  STEP_KINDS,
  type Step,
  type StepKind,
  type StepKindName,
  sql,
  standardize,
  t,
  windowColumn,
} from '../../../core/index.js';

const people = rawDataset({
  name: 'people',
  prefix: 'people/',
  format: 'csv',
  columns: [c('id', t.string())],
});

/** One node per kind, built by its factory; a new kind fails to compile here until it has one. */
const EXAMPLES: { readonly [K in StepKindName]: Extract<Step, { kind: K }> } = {
  standardize: standardize([columnSpec('id', { case: 'upper' })]),
  concat: concat({ columns: ['first', 'last'], as: 'full' }),
  detectPii: detectPii([piiColumn('email', { EMAIL: 'SHA256_HASH' })]),
  deduplicate: deduplicate({ keys: ['id'], orderBy: 'updated' }),
  referenceCheck: referenceCheck({ column: 'person', references: people, key: 'id' }),
  quality: quality({ ruleset: 'people', rowRules: [dq.isComplete('id')] }),
  derive: derive({
    as: 'total',
    type: t.decimal(12, 2),
    expr: sql.binary('*', sql.col('qty'), sql.col('price')),
  }),
  aggregate: aggregate({
    groupBy: ['course'],
    measures: [measure('enrollments', 'count'), measure('avg_marks', 'avg', 'marks', t.decimal(7, 2))],
  }),
  lookup: lookup({
    from: processedDataset({ name: 'customers' }),
    on: { column: 'customer_id', key: 'customer_id' },
    columns: ['country', { column: 'segment', as: 'customer_segment' }],
    latestBy: 'updated_at',
  }),
  window: windowColumn({
    as: 'revenue_rank',
    fn: 'rank',
    partitionBy: ['category'],
    orderBy: [{ column: 'revenue', desc: true }],
  }),
};

// A kind without its validation, or with a validation of another kind's node, does not compile.
// @ts-expect-error: `validate` is missing
const _noValidation: StepKind<Extract<Step, { kind: 'concat' }>> = {
  kind: 'concat',
  schema: STEP_KINDS.concat.schema,
  grain: 'preserved',
  columns: STEP_KINDS.concat.columns,
  compile: STEP_KINDS.concat.compile,
};
// @ts-expect-error: a table of kinds must have every kind
const _missingKind: { readonly [K in StepKindName]: StepKind<Extract<Step, { kind: K }>> } = {
  standardize: STEP_KINDS.standardize,
};
void _noValidation;
void _missingKind;

const ajv = new Ajv({ allErrors: true, strict: true });
const plain = (node: unknown) => JSON.parse(JSON.stringify(node)) as Record<string, unknown>;

describe('step kinds', () => {
  const kinds = Object.entries(STEP_KINDS).map(([name, kind]) => ({ name, kind }));

  it.each(kinds)('$name: the table key is the kind it holds', ({ name, kind }) => {
    expect(kind.kind).toBe(name);
  });

  it.each(kinds)('$name: its schema accepts what its factory builds', ({ name, kind }) => {
    const validate = ajv.compile(kind.schema);
    const node = plain(EXAMPLES[name as StepKindName]);
    expect(validate(node), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(kinds)('$name: its schema refuses a field it does not know and a missing one', ({ name, kind }) => {
    const validate = ajv.compile(kind.schema);
    const node = plain(EXAMPLES[name as StepKindName]);
    expect(validate({ ...node, unknownField: 1 })).toBe(false);
    const [first] = Object.keys(node).filter((k) => k !== 'kind');
    const { [first!]: _dropped, ...missing } = node;
    expect(validate(missing)).toBe(false);
  });
});
