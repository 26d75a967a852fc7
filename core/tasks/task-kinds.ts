/**
 * The task kinds a pipeline's graph is made of, one module each. Adding a kind is a new module
 * and a line in each of `Task` and `TASK_KINDS`; the compiler then lists what the kind is missing
 * here and in every other table of kinds (the state-machine renderers, the simulator's services).
 */
import { type Crawler, crawlKind } from './crawl.js';
import { glueJobKind, type Job } from './glue-job.js';
import { type HttpCheck, httpCheckKind } from './http-check.js';
import { type LambdaFunction, lambdaFunctionKind } from './lambda-function.js';
import { type Notify, notifyKind } from './notify.js';
import type { TaskKind } from './task-kind.js';
import { type WarehouseLoad, warehouseLoadKind } from './warehouse-load.js';

export type Task = Crawler | Job | WarehouseLoad | HttpCheck | Notify | LambdaFunction;
export type TaskKindName = Task['kind'];

export const TASK_KINDS: { readonly [K in TaskKindName]: TaskKind<Extract<Task, { kind: K }>> } = {
  crawler: crawlKind,
  job: glueJobKind,
  warehouseLoad: warehouseLoadKind,
  httpCheck: httpCheckKind,
  notify: notifyKind,
  lambdaFunction: lambdaFunctionKind,
};

export const taskKindOf = <T extends Task>(node: T): TaskKind<T> =>
  TASK_KINDS[node.kind] as unknown as TaskKind<T>;

export { type Crawler, crawler } from './crawl.js';
export { type Job, job, type WorkerType } from './glue-job.js';
export { type HttpCheck, httpCheck } from './http-check.js';
export {
  LAMBDA_RUNTIMES,
  type LambdaFunction,
  type LambdaRuntime,
  lambdaFunction,
  lambdaFunctionName,
  lambdaRoleName,
  type PayloadValue,
} from './lambda-function.js';
export { type Notify, notify } from './notify.js';
export { type WarehouseLoad, warehouseLoad } from './warehouse-load.js';
