/**
 * A Glue ETL job run as a task (`glue:startJobRun.sync`): reads one dataset, applies its steps in
 * order (core/steps), writes one processed dataset.
 */
import type { ProcessedDataset, RawDataset } from '../model/dataset.js';
import { jobOutputSchema, jobSchemas } from '../model/schema.js';
import { checkColumn, type Step, stepKindOf } from '../steps/index.js';
import { afterOf, type TaskKind, type TaskNode } from './task-kind.js';

export type WorkerType = 'G.1X' | 'G.2X' | 'G.4X' | 'G.025X';

export interface Job extends TaskNode {
  readonly kind: 'job';
  readonly input: RawDataset;
  readonly steps: readonly Step[];
  readonly output: ProcessedDataset;
  readonly workerType: WorkerType;
  readonly numberOfWorkers: number;
  readonly timeoutMinutes: number;
  readonly maxRetries: number;
}

export function job(spec: {
  name: string;
  input: RawDataset;
  steps: readonly Step[];
  output: ProcessedDataset;
  workerType?: WorkerType;
  numberOfWorkers?: number;
  timeoutMinutes?: number;
  maxRetries?: number;
  after?: readonly TaskNode[];
}): Job {
  return Object.freeze({
    kind: 'job',
    name: spec.name,
    input: spec.input,
    steps: Object.freeze([...spec.steps]),
    output: spec.output,
    workerType: spec.workerType ?? 'G.1X',
    numberOfWorkers: spec.numberOfWorkers ?? 2,
    timeoutMinutes: spec.timeoutMinutes ?? 60,
    maxRetries: spec.maxRetries ?? 0,
    after: afterOf(spec.after),
  });
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
    if (!pipeline.datasets.includes(job.input)) {
      report(
        [...path, 'input'],
        `dataset "${job.input.name}" is not among the pipeline's datasets`,
        'add it to `datasets`',
      );
    }
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
