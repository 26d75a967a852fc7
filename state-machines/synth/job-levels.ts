/**
 * The order jobs run in, derived from the model: a job whose referenceCheck points at another
 * job's input dataset needs that job's output, so it runs in a later level. Jobs of one level
 * have no dependency on each other and run in parallel.
 */
import { type Job, type Pipeline, PipelineDefinitionError } from '../../core/index.js';

/** The jobs `job` must wait for, in pipeline order. */
export function jobDependencies(pipeline: Pipeline, job: Job): Job[] {
  const referenced = new Set(
    job.steps.flatMap((step) => (step.kind === 'referenceCheck' ? [step.references.name] : [])),
  );
  return pipeline.jobs.filter((other) => other !== job && referenced.has(other.input.name));
}

/**
 * Levels by longest dependency path: level 0 has no dependencies, a job sits one level after its
 * latest dependency. Within a level, jobs keep their order in the pipeline, so the result is stable.
 */
export function jobLevels(pipeline: Pipeline): Job[][] {
  const level = new Map<Job, number>();
  const visiting: Job[] = [];
  const visit = (job: Job): number => {
    const known = level.get(job);
    if (known !== undefined) return known;
    if (visiting.includes(job)) {
      const cycle = [...visiting.slice(visiting.indexOf(job)), job].map((j) => j.name).join(' → ');
      throw new PipelineDefinitionError(
        pipeline.name,
        ['jobs', job.name, 'steps'],
        `reference checks form a cycle (${cycle}), so no job of it can run first`,
        'break the cycle: one of these jobs must not check references against the next',
      );
    }
    visiting.push(job);
    const deps = jobDependencies(pipeline, job).map(visit);
    visiting.pop();
    const mine = deps.length === 0 ? 0 : Math.max(...deps) + 1;
    level.set(job, mine);
    return mine;
  };
  const levels: Job[][] = [];
  for (const job of pipeline.jobs) {
    const l = visit(job);
    const jobs = levels[l] ?? [];
    jobs.push(job);
    levels[l] = jobs;
  }
  // A level cannot be empty: every job above level 0 has a dependency exactly one level lower.
  return levels;
}
