/** The JSON Schema of a job plan (core/plan/plan-types.ts), and its validator. */
import { Type } from '@sinclair/typebox';
import {
  DataTypeSchema as DataTypeJson,
  IdentifierSchema as IdentifierJson,
  INGESTION_STATE_ARGUMENT,
  PII_ENTITIES,
  PLAN_COLUMNS,
  PLAN_VERSION,
  RUN_ID_PLACEHOLDER,
  STEP_KINDS,
  validatorFor,
} from '../../core/index.js';

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const Identifier = Type.Unsafe<string>(IdentifierJson);
const DataTypeSchema = Type.Unsafe(DataTypeJson);

const S3Uri = Type.String({ pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+' });
const Sql = Type.String({ minLength: 1 });
const EngineSql = closed({ spark: Sql, duckdb: Sql });
const View = Type.String({ pattern: '^(input|step_[0-9]+|ref_[a-z0-9_]+|dq_ref_[a-z0-9_]+|dq_[0-9]+)$' });
const Entity = Type.Union(PII_ENTITIES.map((e) => Type.Literal(e)));
const StepIndex = Type.Integer({ minimum: 1 });

const PlanColumn = closed({ name: Identifier, type: DataTypeSchema, nullable: Type.Boolean() });

/** A step as the plan describes it: its node is checked against its own kind's schema. */
const PlanStep = Type.Union(
  Object.values(STEP_KINDS).map((kind) =>
    closed({
      index: StepIndex,
      kind: Type.Literal(kind.kind),
      view: View,
      node: Type.Unsafe(kind.schema),
      columns: Type.Array(PlanColumn),
    }),
  ),
);

const PlanReference = closed({
  dataset: Identifier,
  job: Type.String({ minLength: 1 }),
  view: View,
  path: S3Uri,
  format: Type.Literal('parquet'),
  partitionBy: Type.Array(Identifier),
  columns: Type.Array(PlanColumn, { minItems: 1 }),
});

const PlanExport = closed({
  format: Type.Literal('csv'),
  path: Type.String({ pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+/$' }),
  columns: Type.Array(Identifier, { minItems: 1 }),
});

const PlanAction = Type.Union([
  closed({ action: Type.Literal('readInput') }),
  closed({ action: Type.Literal('readReference'), reference: PlanReference }),
  closed({
    action: Type.Literal('view'),
    view: View,
    reads: Type.Array(View, { minItems: 1 }),
    sql: EngineSql,
    step: Type.Optional(StepIndex),
  }),
  closed({
    action: Type.Literal('countFindings'),
    step: StepIndex,
    entities: Type.Array(Entity, { minItems: 1 }),
    sql: EngineSql,
  }),
  closed({ action: Type.Literal('evaluateRows'), step: StepIndex, reads: Type.Array(View, { minItems: 1 }) }),
  closed({ action: Type.Literal('evaluateDataset'), step: StepIndex }),
]);

const QualityEvaluation = closed({
  ruleset: Identifier,
  dqdlPath: S3Uri,
  rowRules: Type.Array(Type.String({ minLength: 1 })),
  datasetRules: Type.Array(Type.String({ minLength: 1 })),
  gate: Type.Array(Type.String({ minLength: 1 })),
  rowInput: EngineSql,
  outcomesView: Type.Union([View, Type.Null()]),
  datasetInput: EngineSql,
  references: Type.Array(closed({ alias: Identifier, view: View })),
  evaluationContext: Type.String({ minLength: 1 }),
});

export const JobPlanSchema = closed({
  planVersion: Type.Literal(PLAN_VERSION),
  pipeline: Type.String({ minLength: 1 }),
  stage: Type.String({ minLength: 1 }),
  job: Type.String({ minLength: 1 }),
  glueJobName: Type.String({ minLength: 1, maxLength: 255 }),
  runId: closed({ argument: Type.Literal('--run_id'), placeholder: Type.Literal(RUN_ID_PLACEHOLDER) }),
  engines: closed({ spark: closed({ conf: Type.Record(Type.String(), Type.String()) }) }),
  columns: closed(
    Object.fromEntries(Object.entries(PLAN_COLUMNS).map(([k, v]) => [k, Type.Literal(v)])) as Record<
      keyof typeof PLAN_COLUMNS,
      ReturnType<typeof Type.Literal>
    >,
  ),
  input: closed({
    dataset: Identifier,
    layer: Type.Union([Type.Literal('raw'), Type.Literal('processed')]),
    path: S3Uri,
    format: Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('parquet')]),
    partitionBy: Type.Array(Identifier),
    incremental: Type.Union([
      closed({
        mode: Type.Literal('new-partitions'),
        argument: Type.Literal(INGESTION_STATE_ARGUMENT),
        column: Type.Union([Identifier, Type.Null()]),
        markType: Type.Union([DataTypeSchema, Type.Null()]),
      }),
      // A full extract per partition: no mark column.
      closed({
        mode: Type.Literal('latest-extract'),
        argument: Type.Literal(INGESTION_STATE_ARGUMENT),
        column: Type.Null(),
        markType: Type.Null(),
      }),
      Type.Null(),
    ]),
    csv: Type.Union([
      closed({
        header: Type.Literal(true),
        delimiter: Type.String({ minLength: 1, maxLength: 1 }),
        quote: Type.String({ minLength: 1, maxLength: 1 }),
        escape: Type.String({ minLength: 1, maxLength: 1 }),
        multiLine: Type.Literal(true),
        encoding: Type.Literal('UTF-8'),
      }),
      Type.Null(),
    ]),
    columns: Type.Array(closed({ name: Identifier, type: DataTypeSchema, declaredType: DataTypeSchema }), {
      minItems: 1,
    }),
    transformationCtx: Type.String({ minLength: 1 }),
    view: Type.Literal('input'),
  }),
  references: Type.Array(PlanReference),
  steps: Type.Array(PlanStep),
  actions: Type.Array(PlanAction, { minItems: 2 }),
  accounting: Type.Union([
    closed({ kind: Type.Literal('rowPreserving') }),
    closed({ kind: Type.Literal('grainChanging'), step: StepIndex }),
  ]),
  quality: Type.Union([QualityEvaluation, Type.Null()]),
  split: closed({
    kept: EngineSql,
    rejected: EngineSql,
    counts: EngineSql,
    reasonSeparator: Type.String({ minLength: 1 }),
  }),
  output: closed({
    dataset: Identifier,
    path: S3Uri,
    format: Type.Literal('parquet'),
    compression: Type.Literal('snappy'),
    partitionBy: Type.Array(Identifier),
    mode: Type.Literal('append'),
    columns: Type.Array(PlanColumn, { minItems: 1 }),
    database: Identifier,
    export: Type.Union([PlanExport, Type.Null()]),
  }),
  quarantine: closed({
    path: S3Uri,
    format: Type.Literal('json'),
    record: closed({
      row: Type.Array(Identifier),
      source: Type.Array(closed({ column: Identifier, as: Identifier })),
      reasons: Identifier,
      failedRules: Type.Union([Identifier, Type.Null()]),
      raw: Identifier,
    }),
  }),
  qualityResults: Type.Union([closed({ path: S3Uri }), Type.Null()]),
  runSummary: closed({
    bucket: Type.String({ minLength: 3 }),
    key: Type.String({ minLength: 1 }),
    uri: S3Uri,
  }),
});

const validate = validatorFor(JobPlanSchema);

/** Problems of a plan against its schema and its own cross-references; empty when it is sound. */
export function validatePlan(plan: unknown): string[] {
  const problems = validate(plan);
  if (problems.length > 0) return problems;
  const p = plan as {
    steps: { index: number; view: string }[];
    input: {
      columns: { name: string }[];
      partitionBy: string[];
      incremental: { mode: string; column: string | null } | null;
    };
    output: {
      path: string;
      columns: { name: string }[];
      partitionBy: string[];
      export: { path: string; columns: string[] } | null;
    };
  };
  const accounting = (plan as { accounting: { kind: string; step?: number } }).accounting;
  if (accounting.step !== undefined && accounting.step > p.steps.length)
    problems.push(`/accounting/step: ${accounting.step} is not a step of the plan`);
  p.steps.forEach((s, i) => {
    if (s.index !== i + 1 || s.view !== `step_${i + 1}`)
      problems.push(`/steps/${i}: expected index ${i + 1} and view step_${i + 1}`);
  });
  const names = new Set(p.output.columns.map((c) => c.name));
  for (const c of p.output.partitionBy) {
    if (!names.has(c)) problems.push(`/output/partitionBy: "${c}" is not an output column`);
  }
  const inputNames = new Set(p.input.columns.map((c) => c.name));
  for (const c of p.input.partitionBy) {
    if (!inputNames.has(c)) problems.push(`/input/partitionBy: "${c}" is not an input column`);
  }
  const mark = p.input.incremental?.column ?? null;
  if (mark !== null && (!inputNames.has(mark) || p.input.partitionBy.includes(mark)))
    problems.push(`/input/incremental/column: "${mark}" is not a column of the input files`);
  // The views Glue is given as additional data sources are read by the plan.
  const read = new Set((plan as { references: { view: string }[] }).references.map((r) => r.view));
  const quality = (plan as { quality: { references: { alias: string; view: string }[] } | null }).quality;
  quality?.references.forEach((r, i) => {
    if (!read.has(r.view))
      problems.push(`/quality/references/${i}: view ${r.view} is not among the plan's references`);
  });
  if (p.input.incremental?.mode === 'latest-extract' && p.input.partitionBy.length === 0)
    problems.push('/input/incremental/mode: a latest-extract read needs partitions, each one extract');
  const exported = p.output.export;
  if (exported !== null) {
    // In the staging table's order: output columns, each at most once (of a partitioned output only
    // those the warehouse reads, core's stagedColumnNames).
    const unknown = exported.columns.filter((c) => !names.has(c));
    if (
      exported.columns.length === 0 ||
      unknown.length > 0 ||
      new Set(exported.columns).size !== exported.columns.length
    )
      problems.push(
        `/output/export/columns: expected output columns, each once (${[...names].join(', ')}), got ${exported.columns.join(', ')}`,
      );
    // Readers of the output take every file under its prefix as Parquet.
    if (exported.path.startsWith(p.output.path) || p.output.path.startsWith(exported.path))
      problems.push('/output/export/path: the CSV copy needs a prefix of its own, beside the output');
  }
  return problems;
}
