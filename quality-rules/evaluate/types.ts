/**
 * The evaluator's public shapes: a plan of SQL (IR, compiled by the engine for its dialect) and a
 * pure `decide` that turns the metrics those queries return into Glue-shaped rule outcomes.
 */
import type { DataType, Expr, RuleOutcome, Select, TableName } from '../../core/index.js';

// A rule's outcome is part of the run summary, whose types are core's.
export type { RuleOutcome, RuleResult } from '../../core/index.js';

/** A dataset as a table or view the engine has registered. */
export interface EvaluationDataset {
  readonly table: TableName;
  /** The dataset's columns (ColumnCount and ColumnNamesMatchPattern count exactly these). */
  readonly columns: readonly { readonly name: string; readonly type: DataType }[];
}

/** The dataset the rules are evaluated on (Glue's `primary`). */
export interface EvaluationSource extends EvaluationDataset {
  /**
   * Glue's additional data sources, by alias: the datasets ReferentialIntegrity compares with.
   * A rule naming an alias not given here is an ERROR.
   */
  readonly references?: Readonly<Record<string, EvaluationDataset>>;
}

export interface EvaluationOptions {
  /** The time `now()` and DataFreshness are measured from; default: when the plan is made. */
  readonly now?: Date;
  /**
   * Glue's `compositeRuleEvaluation.method`: `COLUMN` (Glue's default) decides a composite from
   * its operands' dataset-level outcomes; `ROW` decides it from its per-row outcome.
   */
  readonly compositeRuleEvaluation?: 'COLUMN' | 'ROW';
}

/** A rule Glue labels each row for, with the per-row test. */
export interface RowLevelRule {
  readonly rule: string;
  /** TRUE when the row passes; never NULL. Rows a `where` clause leaves out pass. */
  readonly passes: Expr;
}

/** A query returning exactly one row; its column names are unique across the plan. */
export interface MetricQuery {
  readonly name: string;
  readonly query: Select;
}

export interface EvaluationPlan {
  /** Rules Glue reports row-level outcomes for (top-level rules only), in ruleset order. */
  readonly rowLevel: readonly RowLevelRule[];
  /** Every query the outcomes need; run them all (see `evaluatePlan`). */
  readonly metricQueries: readonly MetricQuery[];
  /**
   * The outcome of every top-level rule, in ruleset order. `metrics` is the single rows of the
   * metric queries merged into one object; `failures` maps the name of a query that failed to
   * the engine's message, and the rules that needed it come out as ERROR.
   */
  decide(
    metrics: Readonly<Record<string, unknown>>,
    failures?: Readonly<Record<string, string>>,
  ): RuleOutcome[];
}
