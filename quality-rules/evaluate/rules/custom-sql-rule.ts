/**
 * `CustomSql "select count(*) from primary" between 10 and 20`: the statement (Spark SQL, run on
 * the local engine as translated by spark-sql-text.ts) must return one number, which the condition
 * tests. `primary` is the evaluated table. The row-selecting form (no condition) is below.
 */
import { sql as s } from '../../../core/index.js';
import { EMPTY_STATE, fail, judge } from '../decisions.js';
import { type LeafBuilder, RulePlanError, stringParameters } from '../leaf-plan.js';
import { double } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';
import { sparkSqlText } from '../spark-sql-text.js';
import { rowShare } from './row-share.js';

/**
 * The row-selecting form, `CustomSql "select id from primary where amount > 0"`: the share of the
 * dataset's rows whose values the statement selects must be 1 (or meet `with threshold`), as
 * deequ's evaluator decides it (`Dataset.*.CustomSQL.Compliance`, and its message, which ends with
 * a full stop).
 * Glue also labels each row by whether the statement selected it; here the rule is dataset-level.
 */
const rowSelecting: LeafBuilder = (rule, text, ctx) => {
  const [statement] = stringParameters(rule, ctx);
  if (statement === undefined) throw new RulePlanError('CustomSql needs a SQL statement');
  if (rule.where !== undefined)
    throw new RulePlanError('CustomSql takes no where clause: filter inside the statement');
  // A row passes when the statement selects its values: the rows joined back on the columns the
  // statement returns (each row of a selected key counts), as deequ joins them.
  const selected = sparkSqlText(
    `select count(*) from primary natural semi join (${statement}) as lakeline_selected`,
    ctx.source.table,
  );
  const total = sparkSqlText('select count(*) from primary', ctx.source.table);
  const threshold = rule.threshold === undefined ? undefined : numberTest(ctx, rule.threshold, 'CustomSql');
  const name = ctx.nextQueryName();
  return rowShare({
    rule,
    text,
    name,
    query: s.select({
      items: [s.item(double(selected), `${name}_matched`), s.item(double(total), `${name}_rows`)],
    }),
    metric: 'Dataset.*.CustomSQL.Compliance',
    test: threshold ?? ((ratio) => ratio === 1),
    empty: EMPTY_STATE,
  });
};

export const customSql: LeafBuilder = (rule, text, ctx) => {
  if (rule.condition === undefined) return rowSelecting(rule, text, ctx);
  if (rule.where !== undefined)
    throw new RulePlanError('CustomSql takes no where clause: filter inside the statement');
  if (rule.threshold !== undefined)
    throw new RulePlanError(
      'CustomSql with a condition takes no threshold: the statement returns one number',
    );
  const [statement] = stringParameters(rule, ctx);
  if (statement === undefined) throw new RulePlanError('CustomSql needs a SQL statement');
  const value = sparkSqlText(statement, ctx.source.table);
  const test = numberTest(ctx, rule.condition, 'CustomSql');
  const q = ctx.nextQueryName();
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [{ name: q, query: s.select({ items: [s.item(double(value), `${q}_value`)] }) }],
    decide: (values) => {
      const result = values.num(`${q}_value`);
      if (result === null) return fail('The SQL statement returned no number (NULL)', {});
      return judge(test(result), result, { 'Dataset.*.CustomSQL': result });
    },
  };
};
