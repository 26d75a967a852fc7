/**
 * referenceCheck: a value with no match among the keys of another job's processed output is an
 * orphan (`orphan:<column>`). A missing value is not checked; completeness rules judge it. The
 * keys are made distinct first so the join never multiplies rows.
 */
import { sql } from '../../core/index.js';
import { PLAN_COLUMNS } from './job-plan-types.js';
import { leftJoin, passColumns, reasonWhen, stepView, withReasons } from './row-sql.js';
import type { StepCompiler } from './step-context.js';

export const referenceView = (dataset: string): string => `ref_${dataset}`;

export const referenceCheckStep: StepCompiler<'referenceCheck'> = (ctx) => {
  const C = PLAN_COLUMNS;
  const { node, input } = ctx;
  const view = referenceView(node.references.name);
  const keys = sql.select({
    distinct: true,
    items: [sql.item(sql.col(node.key), C.referenceKey)],
    from: sql.fromTable(sql.table(view)),
  });
  const value = sql.col(node.column, 's');
  const orphan = reasonWhen(
    sql.and(sql.isNotNull(value), sql.isNull(sql.col(C.referenceKey, 'r'))),
    `orphan:${node.column}`,
  );
  const select = sql.select({
    items: [
      ...passColumns(
        input.columns.map((c) => c.name),
        's',
      ),
      ...passColumns([C.row, C.raw], 's'),
      sql.item(withReasons(sql.col(C.reasons, 's'), [orphan]), C.reasons),
      sql.item(sql.col(C.duplicate, 's'), C.duplicate),
    ],
    from: sql.fromTable(sql.table(stepView(ctx.index - 1)), 's'),
    joins: [leftJoin(sql.fromQuery(keys, 'r'), sql.eq(value, sql.col(C.referenceKey, 'r')))],
  });
  return { select, reads: [stepView(ctx.index - 1), view], state: input };
};
