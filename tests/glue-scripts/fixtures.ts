/** Shared by the glue-scripts tests: the flagship, its stages, and the real DQDL emitter the CLI passes in. */
import { LOCAL_STAGE } from '../../core/index.js';
import type { EngineSql, JobPlan, PlanAction, PlanDeps } from '../../glue-scripts/index.js';
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

/** The SQL that registers `view`, from the plan's view actions. */
export function viewSql(plan: JobPlan, view: string): EngineSql {
  const found = plan.actions.find((a) => a.action === 'view' && a.view === view);
  if (found?.action !== 'view') throw new Error(`the plan registers no view ${view}`);
  return found.sql;
}

/** The PII findings count of step `step`. */
export function findingsOf(plan: JobPlan, step: number): Extract<PlanAction, { action: 'countFindings' }> {
  const found = plan.actions.find((a) => a.action === 'countFindings' && a.step === step);
  if (found?.action !== 'countFindings') throw new Error(`step ${step} counts no PII findings`);
  return found;
}
