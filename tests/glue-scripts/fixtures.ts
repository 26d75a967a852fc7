/** Shared by the glue-scripts tests: the flagship, its stages, and the real DQDL emitter the CLI passes in. */
import { LOCAL_STAGE } from '../../core/index.js';
import type { PlanDeps } from '../../glue-scripts/index.js';
import { dev } from '../../pipelines/stages.js';
import pipeline from '../../pipelines/student-enrollment/pipeline.js';
import { emitRule } from '../../quality-rules/index.js';

export { dev, LOCAL_STAGE, pipeline };

export const deps: PlanDeps = { emitRule };

export const jobNamed = (name: string) => {
  const found = pipeline.jobs.find((j) => j.name === name);
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
};
