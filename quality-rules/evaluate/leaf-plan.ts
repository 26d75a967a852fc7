/**
 * What planning one rule (not a composite) produces, and the context rule builders plan in.
 * Builders throw `RulePlanError` for anything they cannot evaluate; the planner turns it into an
 * ERROR outcome for that rule alone, so one bad rule never stops the others.
 */
import type { DataType, DqOperand, DqRule, Expr } from '../../core/index.js';
import type { EvaluationSource, MetricQuery, RuleResult } from './types.js';

export class RulePlanError extends Error {
  override readonly name = 'RulePlanError';
}

export interface Decision {
  readonly result: RuleResult;
  readonly message: string;
  readonly metrics: Readonly<Record<string, number>>;
}

/** Reads the metrics of the plan's queries; NULL, missing or non-numeric values read as null. */
export interface MetricValues {
  num(key: string): number | null;
}

export interface LeafPlan {
  readonly rule: DqRule;
  readonly text: string;
  /** The per-row test, `where` folded in (rows it leaves out pass), never NULL. */
  readonly row?: Expr;
  /** Whether Glue can evaluate the rule per row inside a composite (not with a threshold, …). */
  readonly rowInComposite: boolean;
  readonly queries: readonly MetricQuery[];
  decide(values: MetricValues): Decision;
}

export interface SourceColumn {
  readonly name: string;
  readonly type: DataType;
}

export interface PlanContext {
  readonly source: EvaluationSource;
  readonly now: Date;
  readonly variables: ReadonlyMap<string, DqOperand | readonly DqOperand[]>;
  /** A fresh query name (`q1`, `q2`, …); prefix the query's column aliases with it. */
  nextQueryName(): string;
}

export type LeafBuilder = (rule: DqRule, text: string, ctx: PlanContext) => LeafPlan;

/** A column of `columns` by name, matched as Spark resolves names: exactly, else ignoring case. */
export function columnIn(
  columns: readonly SourceColumn[],
  name: string,
  dataset = 'the dataset',
): SourceColumn {
  const exact = columns.find((c) => c.name === name);
  if (exact !== undefined) return exact;
  const folded = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  const known = columns.map((c) => c.name).join(', ');
  throw new RulePlanError(`column "${name}" does not exist in ${dataset} (its columns: ${known || 'none'})`);
}

/** The column a rule names in the evaluated dataset. */
export const resolveColumn = (ctx: PlanContext, name: string): SourceColumn =>
  columnIn(ctx.source.columns, name);

/** The rule's string parameters (column names, SQL), constants resolved. */
export function stringParameters(rule: DqRule, ctx: PlanContext): string[] {
  return rule.parameters.map((p) => {
    if (p.kind === 'string') return p.value;
    if (p.kind === 'number') return String(p.value);
    const value = ctx.variables.get(p.name);
    if (value === undefined) throw new RulePlanError(`the constant $${p.name} is not defined in the ruleset`);
    if (Array.isArray(value) || (value as DqOperand).kind !== 'string')
      throw new RulePlanError(`the constant $${p.name} is not a string, so it cannot be a parameter`);
    return (value as { value: string }).value;
  });
}

/** The rule's one column parameter, resolved against the dataset. */
export function singleColumn(rule: DqRule, ctx: PlanContext): SourceColumn {
  const [name] = stringParameters(rule, ctx);
  if (name === undefined) throw new RulePlanError(`${rule.ruleType} needs a column name`);
  return resolveColumn(ctx, name);
}

/** A leaf that cannot be evaluated: ERROR with the reason, and no SQL. */
export function errorLeaf(rule: DqRule, text: string, message: string): LeafPlan {
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [],
    decide: () => ({ result: 'ERROR', message, metrics: {} }),
  };
}
