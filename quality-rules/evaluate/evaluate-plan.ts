/**
 * Runs a plan through an engine given as a callback, so this folder stays free of any database:
 * the local Glue engine and `lakeline quality check` pass one that compiles the query for DuckDB
 * and returns its single row. A query that throws makes only the rules that need it ERROR.
 */
import type { Select } from '../../core/index.js';
import type { EvaluationPlan, RuleOutcome } from './types.js';

export type RunMetricQuery = (query: Select, name: string) => Promise<Readonly<Record<string, unknown>>>;

export async function evaluatePlan(plan: EvaluationPlan, run: RunMetricQuery): Promise<RuleOutcome[]> {
  const metrics: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  // One at a time: an engine connection runs one statement at a time anyway.
  for (const { name, query } of plan.metricQueries) {
    try {
      Object.assign(metrics, await run(query, name));
    } catch (e) {
      failures[name] = e instanceof Error ? e.message : String(e);
    }
  }
  return plan.decide(metrics, failures);
}
