/**
 * `CustomSql "select count(*) from primary" between 10 and 20`: the statement (Spark SQL, run on
 * the local engine as translated by spark-sql-text.ts) must return one number, which the condition
 * tests. `primary` is the evaluated table. The row-selecting form (no condition), which Glue joins
 * back to the dataset row by row, is not evaluated locally.
 */
import { sql as s } from '../../../core/index.js';
import { fail, judge } from '../decisions.js';
import { type LeafBuilder, RulePlanError, stringParameters } from '../leaf-plan.js';
import { double } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';
import { sparkSqlText } from '../spark-sql-text.js';

export const customSql: LeafBuilder = (rule, text, ctx) => {
  if (rule.condition === undefined)
    throw new RulePlanError(
      'the row-selecting form of CustomSql (a statement without a condition) is not evaluated locally; give the statement a condition, e.g. "select count(*) from primary where …" = 0',
    );
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
