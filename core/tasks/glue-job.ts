/**
 * A Glue ETL job run as a task (`glue:startJobRun.sync`): reads one dataset — raw, or another
 * job's output, so silver and gold layers are jobs over jobs — applies its steps in order
 * (core/steps), writes one processed dataset.
 */
import { type Column, column } from '../model/column.js';
import { type ProcessedDataset, type RawDataset, sameDataset } from '../model/dataset.js';
import { type HighWaterMark, type IncrementalRead, MARK_TYPES } from '../model/incremental.js';
import { jobOutputSchema, jobSchemas } from '../model/schema.js';
import { describeType } from '../sql/data-type.js';
import { checkColumn, type Step, stepKindOf } from '../steps/index.js';
import type { Report } from '../steps/step-kind.js';
import { afterOf, type TaskKind, type TaskNode } from './task-kind.js';

export type WorkerType = 'G.1X' | 'G.2X' | 'G.4X' | 'G.025X';

export interface Job extends TaskNode {
  readonly kind: 'job';
  /** A raw dataset of the pipeline, or the output of another of its jobs (read as Parquet). */
  readonly input: RawDataset | ProcessedDataset;
  /**
   * Read the raw input incrementally, keeping its place in the pipeline's ingestion state: only
   * partitions and rows past the dataset's mark (`highWaterMark`), or the newest full extract
   * (`latestExtract`); null reads what the Glue job bookmark has not seen.
   */
  readonly incremental: IncrementalRead | null;
  /**
   * Without an incremental read: whether the Glue job bookmark keeps the job to the input files it
   * has not read yet, its output growing run by run (the default), or, `false`, the job reads all
   * of its input on every run and replaces its output (a gold layer rebuilt from silver). Always
   * false with an incremental read, which keeps its place in the ingestion state instead.
   */
  readonly bookmark: boolean;
  readonly steps: readonly Step[];
  readonly output: ProcessedDataset;
  readonly workerType: WorkerType;
  readonly numberOfWorkers: number;
  readonly timeoutMinutes: number;
  readonly maxRetries: number;
}

export function job(spec: {
  name: string;
  input: RawDataset | ProcessedDataset;
  incremental?: IncrementalRead | null;
  bookmark?: boolean;
  steps: readonly Step[];
  output: ProcessedDataset;
  workerType?: WorkerType;
  numberOfWorkers?: number;
  timeoutMinutes?: number;
  maxRetries?: number;
  after?: readonly TaskNode[];
}): Job {
  const steps = Object.freeze([...spec.steps]);
  // The output carries its declared columns, so a job reading it knows what it reads.
  const declared = jobOutputSchema({ input: spec.input, steps });
  const columns = declared.map((c) =>
    column(c.name, c.type, {
      nullable: c.nullable,
      ...(c.pii === undefined ? {} : { pii: c.pii }),
      ...(c.governed === undefined ? {} : { governed: c.governed }),
    }),
  );
  return Object.freeze({
    kind: 'job',
    name: spec.name,
    input: spec.input,
    incremental: spec.incremental ?? null,
    // An incremental read keeps its own place in the ingestion state, never a bookmark's.
    bookmark: (spec.incremental ?? null) === null && (spec.bookmark ?? true),
    steps,
    output: withColumns(spec.output, columns),
    workerType: spec.workerType ?? 'G.1X',
    numberOfWorkers: spec.numberOfWorkers ?? 2,
    timeoutMinutes: spec.timeoutMinutes ?? 60,
    maxRetries: spec.maxRetries ?? 0,
    after: afterOf(spec.after),
  });
}

/**
 * The output with its declared columns. An output that already carries the same columns (a job
 * built from another's spec, `job({ ...other, after })`) is kept as it is, so crawlers, tables
 * and readers holding it still name the same dataset.
 */
function withColumns(output: ProcessedDataset, columns: readonly Column[]): ProcessedDataset {
  if (JSON.stringify(output.columns) === JSON.stringify(columns)) return output;
  return Object.freeze({ ...output, columns: Object.freeze([...columns]) });
}

const columnsText = (columns: readonly Column[]): string =>
  columns.map((c) => `${c.name} ${describeType(c.type)}`).join(', ') || 'none';

/**
 * A processed input is read as its producer writes it: the columns it declares (partition columns
 * from the Hive folder names) must be the producer's, else the reader would find other columns
 * than the plan names, or none in the folders.
 */
function checkProcessedInput(
  input: ProcessedDataset,
  producer: Job,
  path: readonly string[],
  report: Report,
): void {
  const written = producer.output;
  if (input.partitionBy.join() !== written.partitionBy.join()) {
    report(
      path,
      `"${input.name}" is read as partitioned by (${input.partitionBy.join(', ')}) but job "${producer.name}" writes it partitioned by (${written.partitionBy.join(', ')})`,
      `read \`${producer.name}\`'s own \`output\` handle`,
    );
  }
  if (columnsText(input.columns) !== columnsText(written.columns)) {
    report(
      path,
      `"${input.name}" is read with the columns (${columnsText(input.columns)}) but job "${producer.name}" writes (${columnsText(written.columns)})`,
      `read \`${producer.name}\`'s own \`output\` handle, which carries the columns it writes`,
    );
  }
}

/**
 * An incremental read needs a raw input with something to advance by (partition folders or a mark
 * column of an orderable type; a latest-extract read, partition folders: each holds one extract),
 * and one reader per dataset: the ingestion state keeps one mark per dataset, which two jobs would
 * advance over each other.
 */
function checkIncremental(job: Job, jobs: readonly Job[], path: readonly string[], report: Report): void {
  const read = job.incremental;
  if (read === null) return;
  const input = job.input;
  if (input.kind !== 'rawDataset') {
    report(
      path,
      `"${input.name}" is another job's output; only raw datasets are read incrementally`,
      'drop `incremental` (the job reads what its producer wrote)',
    );
    return;
  }
  if (read.kind === 'latestExtract' && input.partitionedBy.length === 0) {
    report(
      path,
      `"${input.name}" has no partition folders, so no extract can be told from the next`,
      "declare the dataset's `partitionedBy` (`[{ name: 'ingestion_date', type: t.date() }]`) and land each full extract in a folder of its own",
    );
  }
  if (read.kind === 'highWaterMark') checkMark(read, input, path, report);
  const other = jobs.find((j) => j !== job && j.incremental !== null && sameDataset(j.input, input));
  if (other !== undefined) {
    report(
      path,
      `job "${other.name}" reads "${input.name}" incrementally too; the ingestion state keeps one mark per dataset`,
      'read the dataset incrementally in one job and let the others read its output',
    );
  }
}

function checkMark(mark: HighWaterMark, input: RawDataset, path: readonly string[], report: Report): void {
  if (mark.column === null && input.partitionedBy.length === 0) {
    report(
      path,
      `"${input.name}" has no partition folders and the mark names no column, so nothing tells new data from old`,
      "name the mark column (`highWaterMark({ column: 'updated_at' })`) or declare the dataset's `partitionedBy`",
    );
  }
  if (mark.column === null) return;
  const c = input.columns.find((col) => col.name === mark.column);
  if (c === undefined) {
    report(
      [...path, 'column'],
      `"${mark.column}" is not a column of the files of "${input.name}"`,
      `use one of ${input.columns.map((col) => col.name).join(', ')}`,
    );
  } else if (!MARK_TYPES.includes(c.type.kind)) {
    report(
      [...path, 'column'],
      `"${mark.column}" is ${describeType(c.type)}, which does not order values`,
      'use a timestamp, date, number or string column',
    );
  }
}

const stepLabel = (step: Step, i: number): string => `steps[${i}] (${step.kind})`;

export const glueJobKind: TaskKind<Job> = {
  kind: 'job',
  section: 'jobs',
  reads: (node, pipeline) => [
    node.input,
    ...node.steps.flatMap((s) => stepKindOf(s).reads?.(s, pipeline) ?? []),
  ],
  writes: (node) => [node.output],
  catalogs: () => [],

  validate: ({ pipeline, node: job, path, report }) => {
    const input = job.input;
    if (input.kind === 'rawDataset' && !pipeline.datasets.includes(input)) {
      report(
        [...path, 'input'],
        `dataset "${input.name}" is not among the pipeline's datasets`,
        'add it to `datasets`',
      );
    }
    const producer =
      input.kind === 'processedDataset'
        ? pipeline.jobs.find((j) => j !== job && sameDataset(j.output, input))
        : undefined;
    if (input.kind === 'processedDataset' && producer === undefined) {
      report(
        [...path, 'input'],
        `"${input.name}" is the output of no other job of this pipeline`,
        'read a raw dataset, or the `output` of another job (`otherJob.output`)',
      );
    }
    if (input.kind === 'processedDataset' && producer !== undefined)
      checkProcessedInput(input, producer, [...path, 'input'], report);
    checkIncremental(job, pipeline.jobs, [...path, 'incremental'], report);
    const schemas = jobSchemas(job);
    job.steps.forEach((step, s) =>
      stepKindOf(step).validate({
        pipeline,
        job,
        node: step,
        input: schemas[s]!,
        path: [...path, stepLabel(step, s)],
        report,
        outputOf: jobOutputSchema,
      }),
    );
    const output = schemas[schemas.length - 1]!;
    job.output.partitionBy.forEach((c, p) =>
      checkColumn(output, c, [...path, 'output', `partitionBy[${p}]`], 'in the job output', report),
    );
    for (const c of output) {
      if (c.pii !== undefined) {
        report(
          [...path, 'steps'],
          `column "${c.name}" holds ${c.pii} and would reach processed data untreated`,
          `add a detectPii step with piiColumn('${c.name}', { ${c.pii}: 'REDACT' }) (or PARTIAL_REDACT / SHA256_HASH)`,
        );
      }
    }
    if (job.numberOfWorkers < 2)
      report([...path, 'numberOfWorkers'], 'Glue ETL jobs need at least 2 workers', 'use 2 or more');
  },
};
