/**
 * deduplicate: among the rows still kept, one per key survives (the latest or earliest by
 * `orderBy`); the others are marked duplicates. Rows already rejected and rows with a missing key
 * take no part, so a newer version that failed to convert never pushes out the valid older one.
 */
import { sql } from '../../core/index.js';
import { PLAN_COLUMNS } from './job-plan-types.js';
import { passColumns, stepView } from './row-sql.js';
import type { StepCompiler } from './step-context.js';

export const deduplicateStep: StepCompiler<'deduplicate'> = (ctx) => {
  const C = PLAN_COLUMNS;
  const { node, input } = ctx;
  const keys = node.keys.map((k) => sql.col(k));
  const eligible = sql.and(
    sql.isNull(sql.col(C.reasons)),
    sql.not(sql.col(C.duplicate)),
    ...keys.map((k) => sql.isNotNull(k)),
  );
  // Ties on orderBy go to the row read later (higher row id), so the choice is deterministic.
  const order =
    node.keep === 'latest'
      ? [sql.desc(sql.col(node.orderBy), 'last'), sql.desc(sql.col(C.row))]
      : [sql.asc(sql.col(node.orderBy), 'last'), sql.asc(sql.col(C.row))];
  const rank = sql.over(sql.call('row_number'), [...keys, eligible], order);
  const duplicate = sql.or(sql.col(C.duplicate), sql.and(eligible, sql.binary('>', rank, sql.lit(1))));
  const select = sql.select({
    items: [
      ...passColumns(input.columns.map((c) => c.name)),
      ...passColumns([C.row, C.raw, C.reasons]),
      sql.item(duplicate, C.duplicate),
    ],
    from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
  });
  return { select, reads: [stepView(ctx.index - 1)], state: input };
};
