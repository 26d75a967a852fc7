/**
 * The columns a job holds before and after each step. Validation checks every column reference
 * against them, and the generators use them to type the job plan and the warehouse loads.
 */
import type { DataType } from '../sql/data-type.js';
import type { Job } from './job.js';
import type { PiiEntity } from './pii.js';
import type { Transform } from './transforms.js';

export interface SchemaColumn {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** Set while the column still holds untreated personal data. */
  readonly pii?: PiiEntity;
}

export type StepSchema = readonly SchemaColumn[];

const byName = (schema: StepSchema) => new Map(schema.map((c) => [c.name, c]));

/** The schema a step produces from its input; unknown column references are skipped here (validation reports them). */
export function applyStep(input: StepSchema, step: Transform): StepSchema {
  switch (step.kind) {
    case 'standardize': {
      const cols = byName(input);
      return step.columns.flatMap((spec) => {
        const source = cols.get(spec.source);
        if (source === undefined) return [];
        const out: SchemaColumn = {
          name: spec.name,
          type: spec.type ?? source.type,
          nullable: source.nullable,
          ...(source.pii === undefined ? {} : { pii: source.pii }),
        };
        return [out];
      });
    }
    case 'concat': {
      const kept = step.dropSources ? input.filter((c) => !step.columns.includes(c.name)) : input;
      return [...kept, { name: step.as, type: { kind: 'string' }, nullable: true }];
    }
    case 'detectPii': {
      const treated = new Set(
        step.rules.filter((r) => Object.values(r.entities).some((a) => a !== 'DETECT')).map((r) => r.column),
      );
      return input.map((c) => {
        if (!treated.has(c.name) || c.pii === undefined) return c;
        const { pii: _treated, ...rest } = c;
        return rest;
      });
    }
    case 'deduplicate':
    case 'referenceCheck':
    case 'quality':
      return input;
  }
}

/** The schema before each step (index i) and, last, the job's output schema. */
export function jobSchemas(job: Job): StepSchema[] {
  const first: StepSchema = job.input.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    ...(c.pii === undefined ? {} : { pii: c.pii }),
  }));
  const schemas: StepSchema[] = [first];
  for (const step of job.steps) schemas.push(applyStep(schemas[schemas.length - 1]!, step));
  return schemas;
}

export function jobOutputSchema(job: Job): StepSchema {
  const schemas = jobSchemas(job);
  return schemas[schemas.length - 1]!;
}
