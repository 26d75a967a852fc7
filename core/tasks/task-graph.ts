/**
 * The pipeline's graph: which task waits for which. A task waits for the tasks named in its
 * `after`, for those that write what it reads, and for the crawlers that catalog what it reads —
 * unless such a crawler itself waits for it (a crawler over a layer waits for the jobs that write
 * into it; a job reading that layer does not then wait for the crawler). Levels by longest path
 * turn the graph into what the state machine runs: one level after another, the tasks of a level
 * side by side.
 */
import { PipelineDefinitionError } from '../errors.js';
import { datasetKey } from '../model/dataset.js';
import type { Pipeline } from '../model/pipeline.js';
import { type Task, taskKindOf } from './task-kinds.js';

export interface TaskGraph {
  readonly tasks: readonly Task[];
  /** The tasks each task waits for, in pipeline order. */
  readonly dependencies: ReadonlyMap<Task, readonly Task[]>;
  /** Level 0 waits for nothing; a task sits one level after its latest dependency. */
  readonly levels: readonly (readonly Task[])[];
}

function cycleError(pipeline: Pipeline, cycle: readonly Task[]): PipelineDefinitionError {
  const names = cycle.map((t) => t.name).join(' → ');
  const first = cycle[0]!;
  const section = taskKindOf(first).section;
  return new PipelineDefinitionError(
    pipeline.name,
    [section, first.name],
    `the tasks wait for each other in a cycle (${names}), so none of them can run first`,
    'break the cycle: drop an `after`, or a reference check between jobs of the cycle',
  );
}

/** Whether `to` is reachable from `from` through `edges`. */
function reaches(edges: ReadonlyMap<Task, ReadonlySet<Task>>, from: Task, to: Task): boolean {
  const seen = new Set<Task>();
  const stack = [from];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t === to) return true;
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push(...(edges.get(t) ?? []));
  }
  return false;
}

/** The graph of a pipeline's tasks. Throws PipelineDefinitionError when they wait for each other in a cycle. */
export function taskGraph(pipeline: Pipeline): TaskGraph {
  const tasks = pipeline.tasks;
  const writers = new Map<string, Task[]>();
  const catalogers = new Map<string, Task[]>();
  for (const t of tasks) {
    for (const d of taskKindOf(t).writes(t))
      writers.set(datasetKey(d), [...(writers.get(datasetKey(d)) ?? []), t]);
    for (const d of taskKindOf(t).catalogs(t))
      catalogers.set(datasetKey(d), [...(catalogers.get(datasetKey(d)) ?? []), t]);
  }
  // task → the tasks it waits for: explicit and data edges first, catalog edges where no cycle follows.
  const edges = new Map<Task, Set<Task>>();
  for (const t of tasks) {
    const deps = new Set<Task>(t.after.filter((a): a is Task => tasks.includes(a as Task)) as Task[]);
    for (const d of taskKindOf(t).reads(t, pipeline))
      for (const w of writers.get(datasetKey(d)) ?? []) if (w !== t) deps.add(w);
    edges.set(t, deps);
  }
  for (const t of tasks) {
    for (const d of taskKindOf(t).reads(t, pipeline)) {
      for (const c of catalogers.get(datasetKey(d)) ?? []) {
        if (c !== t && !reaches(edges, c, t)) edges.get(t)!.add(c);
      }
    }
  }

  const level = new Map<Task, number>();
  const visiting: Task[] = [];
  const visit = (t: Task): number => {
    const known = level.get(t);
    if (known !== undefined) return known;
    if (visiting.includes(t)) throw cycleError(pipeline, [...visiting.slice(visiting.indexOf(t)), t]);
    visiting.push(t);
    const deps = [...edges.get(t)!].map(visit);
    visiting.pop();
    const mine = deps.length === 0 ? 0 : Math.max(...deps) + 1;
    level.set(t, mine);
    return mine;
  };
  const levels: Task[][] = [];
  for (const t of tasks) {
    const l = visit(t);
    levels[l] = [...(levels[l] ?? []), t];
  }
  const dependencies = new Map(tasks.map((t) => [t, tasks.filter((o) => edges.get(t)!.has(o))]));
  // A level cannot be empty: every task above level 0 has a dependency exactly one level lower.
  return { tasks, dependencies, levels };
}
