/** Model → job plan: the steps compiled for both engines, plus where everything is read and written. */
import {
  branch,
  CSV_OPTIONS,
  type Expr,
  engineSql,
  exportKey,
  type FileFormat,
  glueDatabase,
  INGESTION_STATE_ARGUMENT,
  type Job,
  type JobPlan,
  jobOutputSchema,
  jobSchemas,
  type Pipeline,
  PipelineDefinitionError,
  PLAN_COLUMNS,
  PLAN_VERSION,
  type PlanAction,
  type PlanColumn,
  type PlanDeps,
  type PlanExport,
  type PlanIncremental,
  type PlanReference,
  type PlanStep,
  partitionColumnNames,
  passColumns,
  type QualityEvaluation,
  REASON_SEPARATOR,
  RUN_ID_PLACEHOLDER,
  readColumns,
  resourceName,
  runSummaryKey,
  type Stage,
  type Step,
  type StepReference,
  s3Uri,
  sameType,
  selectFrom,
  sql,
  stagedColumnNames,
  stepKindOf,
  stepView,
  t,
  targetKindOf,
  type ViewState,
  warehouseLoads,
} from '../../core/index.js';
import { sourceAlias, splitQueries } from './split-sql.js';

/** Session settings the compiled Spark SQL assumes (see core/sql/dialects/spark.ts). */
export const SPARK_CONF: Readonly<Record<string, string>> = Object.freeze({
  'spark.sql.ansi.enabled': 'false',
  'spark.sql.legacy.timeParserPolicy': 'CORRECTED',
});

function fail(pipeline: Pipeline, job: Job, field: readonly string[], problem: string, fix: string): never {
  throw new PipelineDefinitionError(pipeline.name, ['jobs', job.name, ...field], problem, fix);
}

/** How a job's input is stored: raw data as it lands, another job's output as Parquet in the processed layer. */
const inputFormat = (job: Job): FileFormat =>
  job.input.kind === 'rawDataset' ? job.input.format : 'parquet';
const inputLayer = (job: Job): 'raw' | 'processed' => (job.input.kind === 'rawDataset' ? 'raw' : 'processed');

/**
 * The view `input` as the reader gives it: text formats are read as strings, converted by
 * standardize; partition columns come from the folder names as their declared types.
 */
function inputState(job: Job): ViewState {
  const text = inputFormat(job) !== 'parquet';
  const partitions = partitionColumnNames(job.input);
  const columns = readColumns(job.input);
  return {
    columns: columns.map((c) => ({
      name: c.name,
      type: text && !partitions.includes(c.name) ? t.string() : c.type,
      nullable: c.nullable,
    })),
    lineage: new Map(columns.map((c) => [c.name, [c.name]])),
    piiSources: new Set(columns.filter((c) => c.pii !== undefined).map((c) => c.name)),
  };
}

/** How the job reads its raw input incrementally (core/model/incremental.ts), or null. */
function incremental(job: Job): PlanIncremental | null {
  const read = job.incremental;
  if (read === null) return null;
  const argument = INGESTION_STATE_ARGUMENT;
  if (read.kind === 'latestExtract')
    return { mode: 'latest-extract', argument, column: null, markType: null };
  const type =
    read.column === null ? null : (job.input.columns.find((c) => c.name === read.column)?.type ?? null);
  return { mode: 'new-partitions', argument, column: read.column, markType: type };
}

function checkDefinition(pipeline: Pipeline, job: Job): void {
  const reserved = readColumns(job.input).find((c) => c.name.startsWith('_lakeline_'));
  if (reserved !== undefined) {
    fail(
      pipeline,
      job,
      ['input', 'columns', reserved.name],
      'the _lakeline_ prefix is reserved for the columns jobs keep their bookkeeping in',
      'rename the column',
    );
  }
  if (job.steps.filter((s) => s.kind === 'quality').length > 1) {
    fail(
      pipeline,
      job,
      ['steps'],
      'a job has at most one quality step (its run summary reports one ruleset)',
      'merge the rulesets into one quality step',
    );
  }
}

/**
 * The other jobs' outputs the steps read, one per view, with every column a step reads of it
 * (the steps' kinds say which: `StepKind.references`).
 */
function references(pipeline: Pipeline, stage: Stage, job: Job): PlanReference[] {
  const byView = new Map<string, { ref: StepReference; columns: Set<string> }>();
  job.steps.forEach((step, i) => {
    for (const ref of stepKindOf(step).references?.(step, pipeline) ?? []) {
      const seen = byView.get(ref.view);
      if (seen === undefined) byView.set(ref.view, { ref, columns: new Set(ref.columns) });
      else if (seen.ref.job !== ref.job)
        fail(
          pipeline,
          job,
          [`steps[${i}] (${step.kind})`],
          `it reads the output of job ${ref.job.name} as view ${ref.view}, which an earlier step reads the output of job ${seen.ref.job.name} as`,
          'rename one of the datasets: a job reads each view from one job',
        );
      else for (const c of ref.columns) seen.columns.add(c);
    }
  });
  return [...byView.values()].map(({ ref, columns }) => {
    const schema = jobOutputSchema(ref.job);
    return {
      dataset: ref.dataset,
      job: ref.job.name,
      view: ref.view,
      path: s3Uri(pipeline.name, stage, 'processed', ref.job.output.prefix),
      format: 'parquet',
      partitionBy: ref.job.output.partitionBy,
      columns: [...columns].map((k) => {
        const c = schema.find((col) => col.name === k)!;
        return { name: k, type: c.type, nullable: c.nullable };
      }),
    };
  });
}

/** A record the reader could not parse: the reader's reason, else "malformed". */
const malformedReason = (): Expr =>
  sql.caseWhen([
    branch(
      sql.isNotNull(sql.col(PLAN_COLUMNS.raw)),
      sql.call('coalesce', sql.col(PLAN_COLUMNS.rawReason), sql.lit('malformed')),
    ),
  ]);

/** The plan of one job in one stage. Throws PipelineDefinitionError for what the engines cannot run. */
/**
 * The CSV copy of the written rows a warehouse that imports CSV loads from (an Aurora PostgreSQL
 * target's aws_s3 import), for an output the warehouse stages: the staging table's columns, under
 * the dataset's export prefix. Null for a target that reads Parquet, or an output it does not load.
 */
function csvExport(
  pipeline: Pipeline,
  stage: Stage,
  job: Job,
  columns: readonly string[],
): PlanExport | null {
  const warehouse = pipeline.warehouse;
  if (targetKindOf(stage.warehouse).reads !== 'csv' || warehouse === undefined) return null;
  if (!warehouseLoads(warehouse, job.output)) return null;
  return {
    format: 'csv',
    path: `s3://${stage.bucket}/${exportKey(pipeline.name, job.output.prefix)}`,
    columns: stagedColumnNames(warehouse, job.output, columns),
  };
}

export function jobPlan(pipeline: Pipeline, stage: Stage, job: Job, deps: PlanDeps): JobPlan {
  const C = PLAN_COLUMNS;
  checkDefinition(pipeline, job);
  const declared = jobSchemas(job);
  const start = inputState(job);

  const prepare = selectFrom('input', [
    ...passColumns(start.columns.map((c) => c.name)),
    ...passColumns([C.row, C.raw]),
    sql.item(malformedReason(), C.reasons),
    sql.item(sql.lit(false), C.duplicate),
  ]);

  const refs = references(pipeline, stage, job);
  const actions: PlanAction[] = [
    { action: 'readInput' },
    ...refs.map((reference): PlanAction => ({ action: 'readReference', reference })),
    { action: 'view', view: stepView(0), reads: ['input'], sql: engineSql(prepare) },
  ];
  const steps: PlanStep[] = [];
  let quality: QualityEvaluation | null = null;
  let state = start;
  job.steps.forEach((node: Step, i) => {
    const index = i + 1;
    const out = stepKindOf(node).compile({
      pipeline,
      stage,
      job,
      node,
      index,
      input: state,
      declared: declared[i]!,
      deps,
    });
    state = out.state;
    if (out.quality !== undefined) quality = out.quality;
    actions.push(
      ...(out.before ?? []),
      { action: 'view', view: stepView(index), reads: out.reads, sql: engineSql(out.select), step: index },
      ...(out.after ?? []),
    );
    steps.push({ index, kind: node.kind, view: stepView(index), node, columns: state.columns });
  });
  const evaluation = quality as QualityEvaluation | null;

  const outputSchema = jobOutputSchema(job);
  const output: PlanColumn[] = outputSchema.map((c) => {
    const physical = state.columns.find((p) => p.name === c.name)!;
    // Strings differ only in the declared length, which standardize enforces where it converts.
    if (
      physical.type.kind !== c.type.kind ||
      (c.type.kind !== 'string' && !sameType(physical.type, c.type))
    ) {
      fail(
        pipeline,
        job,
        ['output', c.name],
        `column "${c.name}" is declared ${c.type.kind} but reaches the output as ${physical.type.kind} (${inputFormat(job)} values are read as text)`,
        `convert it in a standardize step: columnSpec('${c.name}')`,
      );
    }
    return { name: c.name, type: c.type, nullable: c.nullable };
  });

  // The first step that changes the grain; validation allows one per job.
  const grainStep = job.steps.findIndex((node) => stepKindOf(node).grain === 'changed') + 1;
  const outcomes = evaluation?.outcomesView ?? null;
  const sourceColumns = start.columns.map((c) => c.name).filter((c) => !state.piiSources.has(c));
  const split = splitQueries({
    lastView: stepView(steps.length),
    outputColumns: output.map((c) => c.name),
    sourceColumns,
    outcomesView: outcomes,
    grainStep: grainStep === 0 ? null : grainStep,
  });

  const summaryKey = runSummaryKey(pipeline.name, RUN_ID_PLACEHOLDER, job.name);
  return {
    planVersion: PLAN_VERSION,
    pipeline: pipeline.name,
    stage: stage.name,
    job: job.name,
    glueJobName: resourceName(pipeline.name, stage, job.name),
    runId: { argument: '--run_id', placeholder: RUN_ID_PLACEHOLDER },
    engines: { spark: { conf: SPARK_CONF } },
    columns: C,
    input: {
      dataset: job.input.name,
      layer: inputLayer(job),
      path: s3Uri(pipeline.name, stage, inputLayer(job), job.input.prefix),
      format: inputFormat(job),
      // Hive folders: a processed input's producer writes them, a raw dataset lands in them.
      partitionBy: partitionColumnNames(job.input),
      incremental: incremental(job),
      csv: inputFormat(job) === 'csv' ? CSV_OPTIONS : null,
      columns: readColumns(job.input).map((c, i) => ({
        name: c.name,
        type: start.columns[i]!.type,
        declaredType: c.type,
      })),
      transformationCtx: `source_${job.input.name}`,
      view: 'input',
    },
    references: refs,
    steps,
    actions,
    accounting: grainStep === 0 ? { kind: 'rowPreserving' } : { kind: 'grainChanging', step: grainStep },
    quality: evaluation,
    split: {
      kept: engineSql(split.kept),
      rejected: engineSql(split.rejected),
      counts: engineSql(split.counts),
      reasonSeparator: REASON_SEPARATOR,
    },
    output: {
      dataset: job.output.name,
      path: s3Uri(pipeline.name, stage, 'processed', job.output.prefix),
      format: 'parquet',
      compression: 'snappy',
      partitionBy: job.output.partitionBy,
      mode: 'append',
      columns: output,
      database: glueDatabase(pipeline.name, stage, 'processed'),
      export: csvExport(
        pipeline,
        stage,
        job,
        output.map((c) => c.name),
      ),
    },
    quarantine: {
      path: s3Uri(pipeline.name, stage, 'quarantine', `${job.name}/run_id=${RUN_ID_PLACEHOLDER}/`),
      format: 'json',
      record: {
        row: output.map((c) => c.name),
        source: sourceColumns.map((column) => ({ column, as: sourceAlias(column) })),
        reasons: C.reasons,
        failedRules: outcomes === null ? null : C.failedRules,
        raw: C.raw,
      },
    },
    qualityResults:
      evaluation !== null
        ? {
            path: s3Uri(
              pipeline.name,
              stage,
              'quality',
              `results/${evaluation.ruleset}/run_id=${RUN_ID_PLACEHOLDER}/results.json`,
            ),
          }
        : null,
    runSummary: { bucket: stage.bucket, key: summaryKey, uri: `s3://${stage.bucket}/${summaryKey}` },
  };
}
