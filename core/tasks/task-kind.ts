/**
 * What a task kind says about itself in the model. A pipeline is a graph of task nodes: each is
 * frozen data with a `kind`, a `name` and `after` (tasks it waits for besides those its data
 * says). Each kind is one module (`core/tasks/<kind>.ts`) exporting its node type, factory and a
 * `TaskKind`: its validation and the datasets it reads, writes and catalogs, from which the
 * graph's edges follow (task-graph.ts). How it renders to ASL and the IAM it needs live beside the
 * state-machine generator (`state-machines/tasks/`).
 */
import type { DatasetRef } from '../model/dataset.js';
import type { Pipeline } from '../model/pipeline.js';
import type { Report } from '../steps/step-kind.js';

export interface TaskNode {
  readonly kind: string;
  /** kebab-case; names the task's states and resources. */
  readonly name: string;
  /** Tasks this one waits for besides those its data makes it wait for. */
  readonly after: readonly TaskNode[];
}

export interface TaskValidateContext<T extends TaskNode = TaskNode> {
  readonly pipeline: Pipeline;
  readonly node: T;
  /** `<section> › <name>`. */
  readonly path: readonly string[];
  readonly report: Report;
}

export interface TaskKind<T extends TaskNode> {
  readonly kind: T['kind'];
  /** Where problems of such a task are reported: `jobs › <name>`, `crawlers › <name>`, `tasks › <name>`. */
  readonly section: string;
  readonly validate: (ctx: TaskValidateContext<T>) => void;
  /** The datasets the task reads: it waits for the tasks that write them. */
  readonly reads: (node: T, pipeline: Pipeline) => readonly DatasetRef[];
  /** The datasets it writes. */
  readonly writes: (node: T) => readonly DatasetRef[];
  /**
   * The datasets it catalogs (a crawler): their readers wait for it, unless it waits for them,
   * as a crawler over a layer waits for the jobs that write into it.
   */
  readonly catalogs: (node: T) => readonly DatasetRef[];
}

export const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const none = (): readonly DatasetRef[] => [];

/** `after` as given, frozen. */
export const afterOf = (after: readonly TaskNode[] | undefined): readonly TaskNode[] =>
  Object.freeze([...(after ?? [])]);
