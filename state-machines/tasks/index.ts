/** One renderer per task kind: a new kind fails to build here until it renders itself. */
import type { Task, TaskKindName } from '../../core/index.js';
import { crawlRenderer } from './crawl.js';
import { glueJobRenderer } from './glue-job.js';
import { httpCheckRenderer } from './http-check.js';
import { lambdaFunctionRenderer } from './lambda-function.js';
import { notifyRenderer } from './notify.js';
import type { TaskRenderer } from './task-renderer.js';
import { warehouseLoadRenderer } from './warehouse-load.js';

export const TASK_RENDERERS: { readonly [K in TaskKindName]: TaskRenderer<Extract<Task, { kind: K }>> } = {
  crawler: crawlRenderer,
  job: glueJobRenderer,
  warehouseLoad: warehouseLoadRenderer,
  httpCheck: httpCheckRenderer,
  notify: notifyRenderer,
  lambdaFunction: lambdaFunctionRenderer,
};

export const rendererOf = <T extends Task>(task: T): TaskRenderer<T> =>
  TASK_RENDERERS[task.kind] as unknown as TaskRenderer<T>;

export * from './task-renderer.js';
