/**
 * `ReferentialIntegrity "a,b" "ref.{x,y}" = 1.0`: the share of the dataset's rows whose values of
 * `a, b`, as a tuple, are among the rows of the reference dataset `ref` (an additional data
 * source, `source.references`), as deequ's evaluator (Glue's engine) computes it: each row left-
 * joined to the distinct reference tuples, found when every column is equal. A NULL equals
 * nothing, so a row with a NULL in any of its columns is not found. Dataset-level; the metric is
 * `Column.<alias>.ReferentialIntegrity`; on an empty dataset the rule fails, as deequ's does.
 */
import { type Expr, leftJoin, referentialIntegrityParts, sql as s } from '../../../core/index.js';
import { columnIn, type LeafBuilder, type PlanContext, RulePlanError, resolveColumn } from '../leaf-plan.js';
import { double } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';
import type { EvaluationDataset } from '../types.js';
import { rowShare } from './row-share.js';

/** deequ's message for a dataset with no row to compare. */
export const NO_PRIMARY_ROWS = 'Primary data frame contains no data.';

function referenceOf(ctx: PlanContext, alias: string): EvaluationDataset {
  const reference = ctx.source.references?.[alias];
  if (reference !== undefined) return reference;
  const given = Object.keys(ctx.source.references ?? {});
  throw new RulePlanError(
    `the reference dataset "${alias}" is not given to the evaluation (additional data sources: ${given.join(', ') || 'none'})`,
  );
}

export const referentialIntegrity: LeafBuilder = (rule, text, ctx) => {
  const parts = referentialIntegrityParts(rule);
  if (parts === null)
    throw new RulePlanError(
      'ReferentialIntegrity needs the columns and "<alias>.<column>" or "<alias>.{<column>,…}" as strings',
    );
  if (parts.columns.length !== parts.keys.length)
    throw new RulePlanError(
      `ReferentialIntegrity compares ${parts.columns.length} column(s) with ${parts.keys.length} of "${parts.alias}"`,
    );
  const test = numberTest(ctx, rule.condition, 'ReferentialIntegrity');
  const reference = referenceOf(ctx, parts.alias);
  const columns = parts.columns.map((c) => resolveColumn(ctx, c).name);
  const keys = parts.keys.map(
    (k) => columnIn(reference.columns, k, `the reference dataset "${parts.alias}"`).name,
  );
  const q = ctx.nextQueryName();
  const key = (i: number) => `${q}_key${i}`;
  const found = `${q}_found`;
  const distinctKeys = s.select({
    distinct: true,
    items: [...keys.map((k, i) => s.item(s.col(k), key(i))), s.item(s.lit(true), found)],
    from: s.fromTable(reference.table),
  });
  const on: Expr = s.and(...columns.map((c, i) => s.eq(s.col(c, 'p'), s.col(key(i), 'r'))));
  return rowShare({
    rule,
    text,
    name: q,
    query: s.select({
      items: [
        s.item(double(s.call('count', s.col(found, 'r'))), `${q}_matched`),
        s.item(double(s.call('count', s.star())), `${q}_rows`),
      ],
      from: s.fromTable(ctx.source.table, 'p'),
      joins: [leftJoin(s.fromQuery(distinctKeys, 'r'), on)],
    }),
    metric: `Column.${parts.alias}.ReferentialIntegrity`,
    test,
    empty: NO_PRIMARY_ROWS,
  });
};
