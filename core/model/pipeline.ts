import { PipelineValidationError } from '../errors.js';
import type { RawDataset } from './dataset.js';
import type { Governance } from './governance.js';
import type { Crawler, Job } from './job.js';
import type { Notifications, Schedule } from './notifications.js';
import type { Stage } from './stage.js';
import { validatePipeline } from './validate.js';
import type { Warehouse } from './warehouse.js';

export interface Pipeline {
  readonly kind: 'pipeline';
  /** kebab-case; prefixes every AWS resource name. */
  readonly name: string;
  readonly description: string;
  readonly datasets: readonly RawDataset[];
  readonly crawlers: readonly Crawler[];
  /** Jobs run in dependency order: a job that checks references against another job's output runs after it. */
  readonly jobs: readonly Job[];
  readonly warehouse?: Warehouse;
  readonly governance?: Governance;
  readonly notifications: Notifications;
  readonly schedule?: Schedule;
  readonly stages: readonly Stage[];
}

export type PipelineSpec = Omit<Pipeline, 'kind'>;

/**
 * Declares a pipeline. Validation runs here, eagerly, and reports every problem at once with the
 * path to the field at fault, so a broken definition fails `synth` and `validate` before anything
 * is generated.
 */
export function definePipeline(spec: PipelineSpec): Pipeline {
  const pipeline: Pipeline = Object.freeze({ kind: 'pipeline', ...spec });
  const errors = validatePipeline(pipeline);
  if (errors.length > 0) throw new PipelineValidationError(errors);
  return pipeline;
}

export function findStage(pipeline: Pipeline, name: string): Stage {
  const found = pipeline.stages.find((s) => s.name === name);
  if (found === undefined) {
    const known = pipeline.stages.map((s) => s.name).join(', ');
    throw new Error(`pipeline ${pipeline.name} has no stage "${name}"; its stages are: ${known}`);
  }
  return found;
}
