/**
 * Glue's data quality score: the share of rules that passed (a rule that errored did not pass).
 * A ruleset without rules has no score, as the PySpark runner reports it (None).
 */
import type { RuleOutcome } from './types.js';

export function score(outcomes: readonly Pick<RuleOutcome, 'result'>[]): number | null {
  if (outcomes.length === 0) return null;
  return outcomes.filter((o) => o.result === 'PASS').length / outcomes.length;
}
