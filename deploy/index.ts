export { type ClientOptions, type Clients, createClients, destroyClients } from './clients.js';
export { type DeployContext, deployContext } from './context.js';
export { DeployError } from './errors.js';
export {
  applyDestroy,
  applyPlan,
  type DeployOptions,
  type DestroyStep,
  planDestroy,
  planTree,
  type TreePlan,
  treeResources,
} from './plan.js';
export { changeLines, destroyLines, type PlanJson, planJson, planLines, summary } from './render.js';
export type { Action, Change, Resource } from './resource.js';
