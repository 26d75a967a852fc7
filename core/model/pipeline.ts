import { PipelineValidationError } from '../errors.js';
import type { Crawler, Job, Task } from '../tasks/index.js';
import { warehouseLoad } from '../tasks/warehouse-load.js';
import type { RawDataset } from './dataset.js';
import type { Governance } from './governance.js';
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
  /**
   * The graph of tasks the state machine runs (core/tasks): each waits for its `after`, for the
   * tasks writing what it reads and for the crawlers cataloging it; independent tasks run side by side.
   */
  readonly tasks: readonly Task[];
  /** The crawl tasks, in graph order (derived from `tasks`). */
  readonly crawlers: readonly Crawler[];
  /** The Glue job tasks, in graph order (derived from `tasks`). */
  readonly jobs: readonly Job[];
  readonly warehouse?: Warehouse;
  readonly governance?: Governance;
  readonly notifications: Notifications;
  readonly schedule?: Schedule;
  readonly stages: readonly Stage[];
}

type Common = Omit<Pipeline, 'kind' | 'tasks' | 'crawlers' | 'jobs'>;

/**
 * A pipeline as written: its graph of `tasks`, or — the shape of a crawl → jobs → crawl → load
 * pipeline — its `crawlers` and `jobs`, from which the graph follows (raw crawlers, the jobs, the
 * processed crawlers, and a warehouse load when there is a warehouse).
 */
export type PipelineSpec = GraphPipelineSpec | LayeredPipelineSpec;
export type GraphPipelineSpec = Common & { readonly tasks: readonly Task[] };
export type LayeredPipelineSpec = Common & {
  readonly crawlers: readonly Crawler[];
  readonly jobs: readonly Job[];
};

function tasksOf(spec: PipelineSpec): readonly Task[] {
  if ('tasks' in spec) return spec.tasks;
  return [
    ...spec.crawlers.filter((c) => c.layer === 'raw'),
    ...spec.jobs,
    ...spec.crawlers.filter((c) => c.layer !== 'raw'),
    ...(spec.warehouse === undefined ? [] : [warehouseLoad()]),
  ];
}

/**
 * Declares a pipeline. Validation runs here, eagerly, and reports every problem at once with the
 * path to the field at fault, so a broken definition fails `synth` and `validate` before anything
 * is generated.
 */
export function definePipeline(spec: PipelineSpec): Pipeline {
  const {
    tasks: _tasks,
    crawlers: _crawlers,
    jobs: _jobs,
    ...common
  } = spec as Partial<Record<'tasks' | 'crawlers' | 'jobs', unknown>> & Common;
  const tasks = Object.freeze([...tasksOf(spec)]);
  const pipeline: Pipeline = Object.freeze({
    kind: 'pipeline',
    ...common,
    tasks,
    crawlers: Object.freeze(tasks.filter((t): t is Crawler => t.kind === 'crawler')),
    jobs: Object.freeze(tasks.filter((t): t is Job => t.kind === 'job')),
  });
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
