/**
 * planEvaluation: a ruleset (already parsed) → the SQL that evaluates it on one table, plus a pure
 * `decide` from the metrics that SQL returns to Glue-shaped outcomes. Composite rules are planned
 * from their leaves: per row, `and`/`or` of the leaves' row tests (Glue's ROW method); for the
 * outcome, the leaves' outcomes combined (Glue's default COLUMN method) unless ROW is asked for.
 */
import type { DqComposite, DqRule, DqRuleExpr, DqRuleset, Expr } from '../../core/index.js';
import { sql as s } from '../../core/index.js';
import { emitRule } from '../emit.js';
import { ruleTypeSpec } from '../rule-types.js';
import { error, fail, pass, rowsPassedMessage } from './decisions.js';
import { type Decision, errorLeaf, type LeafPlan, type MetricValues, type PlanContext } from './leaf-plan.js';
import { countWhere, double, tableQuery } from './metric-queries.js';
import { LEAF_BUILDERS } from './rules/leaf-builders.js';
import type {
  EvaluationOptions,
  EvaluationPlan,
  EvaluationSource,
  MetricQuery,
  RowLevelRule,
  RuleOutcome,
} from './types.js';

type PlannedRule =
  | { readonly kind: 'leaf'; readonly leaf: LeafPlan }
  | {
      readonly kind: 'composite';
      readonly op: 'and' | 'or';
      readonly text: string;
      readonly children: readonly PlannedRule[];
      /** With the ROW method: the query counting the rows that pass the composite's row test. */
      readonly rowQuery?: string;
      /** With the ROW method, when some operand has no row test: why the rule cannot be decided. */
      readonly rowError?: string;
    };

function planLeaf(rule: DqRule, ctx: PlanContext): LeafPlan {
  const text = emitRule(rule);
  const builder = LEAF_BUILDERS[rule.ruleType];
  if (builder === undefined) return errorLeaf(rule, text, `unknown rule type ${rule.ruleType}`);
  try {
    return builder(rule, text, ctx);
  } catch (e) {
    return errorLeaf(rule, text, (e as Error).message);
  }
}

/** The row test of a rule; `nested` when it stands inside a composite. */
function rowTest(planned: PlannedRule, nested: boolean): Expr | undefined {
  if (planned.kind === 'leaf') {
    const { leaf } = planned;
    if (ruleTypeSpec(leaf.rule.ruleType)?.rowLevel !== 'always') return undefined;
    if (nested && !leaf.rowInComposite) return undefined;
    return leaf.row;
  }
  const rows = planned.children.map((c) => rowTest(c, true));
  if (rows.some((r) => r === undefined)) return undefined;
  const present = rows as Expr[];
  return planned.op === 'and' ? s.and(...present) : s.or(...present);
}

function withoutRowTest(planned: PlannedRule): string[] {
  if (planned.kind === 'composite') return planned.children.flatMap(withoutRowTest);
  return rowTest(planned, true) === undefined ? [planned.leaf.text] : [];
}

function planRule(rule: DqRuleExpr, ctx: PlanContext, options: EvaluationOptions, queries: MetricQuery[]) {
  const planned = planExpr(rule, ctx);
  if (planned.kind === 'composite' && options.compositeRuleEvaluation === 'ROW') {
    const row = rowTest(planned, true);
    if (row === undefined) {
      const rowError = `cannot evaluate the composite rule per row (compositeRuleEvaluation.method ROW): ${withoutRowTest(planned).join('; ')} has no row-level outcome inside a composite`;
      return { ...planned, rowError };
    }
    const name = ctx.nextQueryName();
    queries.push(
      tableQuery(ctx, name, { rows: double(s.call('count', s.star())), passed: double(countWhere(row)) }),
    );
    return { ...planned, rowQuery: name };
  }
  return planned;
}

function planExpr(rule: DqRuleExpr, ctx: PlanContext): PlannedRule {
  if (rule.kind === 'dqRule') return { kind: 'leaf', leaf: planLeaf(rule, ctx) };
  const composite: DqComposite = rule;
  return {
    kind: 'composite',
    op: composite.op,
    text: emitRule(composite),
    children: composite.rules.map((r) => planExpr(r, ctx)),
  };
}

function leaves(planned: PlannedRule): LeafPlan[] {
  return planned.kind === 'leaf' ? [planned.leaf] : planned.children.flatMap(leaves);
}

/** Glue's composition: `and` fails on any failure, `or` passes on any pass; ERROR otherwise wins. */
function combine(op: 'and' | 'or', parts: readonly Decision[]): Decision {
  const metrics = Object.assign({}, ...parts.map((p) => p.metrics)) as Record<string, number>;
  // The failing operands' messages, one after the other, as deequ joins them.
  const message = parts
    .filter((p) => p.result !== 'PASS' && p.message !== '')
    .map((p) => p.message)
    .join('\n');
  const has = (r: Decision['result']) => parts.some((p) => p.result === r);
  if (op === 'and') {
    if (has('FAIL')) return fail(message, metrics);
    return has('ERROR') ? error(message, metrics) : pass(metrics);
  }
  if (has('PASS')) return pass(metrics);
  return has('ERROR') ? error(message, metrics) : fail(message, metrics);
}

function decideRule(
  planned: PlannedRule,
  values: MetricValues,
  failures: Readonly<Record<string, string>>,
): Decision {
  if (planned.kind === 'leaf') {
    const { leaf } = planned;
    const failed = leaf.queries.find((q) => failures[q.name] !== undefined);
    if (failed !== undefined)
      return error(`the rule's SQL failed on the local engine: ${failures[failed.name]}`);
    try {
      return leaf.decide(values);
    } catch (e) {
      return error((e as Error).message);
    }
  }
  const parts = planned.children.map((c) => decideRule(c, values, failures));
  const column = combine(planned.op, parts);
  if (planned.rowError !== undefined) return error(planned.rowError, column.metrics);
  if (planned.rowQuery === undefined) return column;
  const q = planned.rowQuery;
  if (failures[q] !== undefined) return error(`the rule's SQL failed on the local engine: ${failures[q]}`);
  const rows = values.num(`${q}_rows`) ?? 0;
  const passed = values.num(`${q}_passed`) ?? 0;
  if (rows === passed) return pass(column.metrics);
  return fail(column.message || rowsPassedMessage(passed / rows), column.metrics);
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

export function planEvaluation(
  rules: DqRuleset | readonly DqRuleExpr[],
  source: EvaluationSource,
  options: EvaluationOptions = {},
): EvaluationPlan {
  const ruleset = 'kind' in rules ? (rules as DqRuleset) : undefined;
  const ruleList: readonly DqRuleExpr[] =
    ruleset === undefined ? (rules as readonly DqRuleExpr[]) : ruleset.rules;
  let queryCount = 0;
  const ctx: PlanContext = {
    source,
    now: options.now ?? new Date(),
    variables: new Map((ruleset?.variables ?? []).map((v) => [v.name, v.value])),
    nextQueryName: () => `q${++queryCount}`,
  };
  const compositeQueries: MetricQuery[] = [];
  const planned = ruleList.map((r) => planRule(r, ctx, options, compositeQueries));
  const rowLevel: RowLevelRule[] = [];
  for (const p of planned) {
    const passes = rowTest(p, false);
    if (passes !== undefined) rowLevel.push({ rule: p.kind === 'leaf' ? p.leaf.text : p.text, passes });
  }
  return {
    rowLevel,
    metricQueries: [...planned.flatMap(leaves).flatMap((l) => l.queries), ...compositeQueries],
    decide(metrics, failures = {}): RuleOutcome[] {
      const values: MetricValues = { num: (key) => toNumber(metrics[key]) };
      return planned.map((p) => ({
        rule: p.kind === 'leaf' ? p.leaf.text : p.text,
        ...decideRule(p, values, failures),
      }));
    },
  };
}
