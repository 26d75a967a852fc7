/** The task kinds a pipeline's graph is made of (task-kinds.ts), and the graph (task-graph.ts). */
export { type TaskGraph, taskGraph } from './task-graph.js';
export type { TaskKind, TaskNode, TaskValidateContext } from './task-kind.js';
export * from './task-kinds.js';
