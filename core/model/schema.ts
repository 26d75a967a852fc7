/**
 * The columns a job holds before and after each step. Validation checks every column reference
 * against them, and the generators use them to type the job plan and the warehouse loads.
 */
import type { DataType } from '../sql/data-type.js';
import { type Step, stepKindOf } from '../steps/index.js';
import type { Job } from '../tasks/glue-job.js';
import { readColumns } from './dataset.js';
import type { PiiEntity } from './pii.js';

export interface SchemaColumn {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** Set while the column still holds untreated personal data. */
  readonly pii?: PiiEntity;
  /** Personal data kept in clear under governance (detectPii's `GOVERN`): readers must mask or exclude it. */
  readonly governed?: PiiEntity;
}

export type StepSchema = readonly SchemaColumn[];

/** The schema a step produces from its input; unknown column references are skipped here (validation reports them). */
export function applyStep(input: StepSchema, step: Step): StepSchema {
  return stepKindOf(step).columns(input, step);
}

/** The schema before each step (index i) and, last, the job's output schema. */
export function jobSchemas(job: Pick<Job, 'input' | 'steps'>): StepSchema[] {
  const first: StepSchema = readColumns(job.input).map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    ...(c.pii === undefined ? {} : { pii: c.pii }),
    ...(c.governed === undefined ? {} : { governed: c.governed }),
  }));
  const schemas: StepSchema[] = [first];
  for (const step of job.steps) schemas.push(applyStep(schemas[schemas.length - 1]!, step));
  return schemas;
}

export function jobOutputSchema(job: Pick<Job, 'input' | 'steps'>): StepSchema {
  const schemas = jobSchemas(job);
  return schemas[schemas.length - 1]!;
}
