/** concat: parts joined by the separator, missing parts skipped; nothing to join gives NULL. */
import { type Expr, sql, t } from '../../core/index.js';
import type { PlanColumn } from './job-plan-types.js';
import { BOOKKEEPING, passColumns, stepView } from './row-sql.js';
import { columnOf, type StepCompiler } from './step-context.js';

export const concatStep: StepCompiler<'concat'> = (ctx) => {
  const { node, input } = ctx;
  const kept = node.dropSources
    ? input.columns.filter((c) => !node.columns.includes(c.name))
    : [...input.columns];
  const parts: Expr[] = node.columns.map((name) => {
    const column = columnOf(input, name);
    const text = column.type.kind === 'string' ? sql.col(name) : sql.cast(sql.col(name), t.string());
    // Spark's concat_ws keeps empty strings (`'Ada' + ''` → `'Ada '`); an empty part counts as missing.
    return sql.call('nullif', text, sql.lit(''));
  });
  const joined = sql.call('nullif', sql.call('concat_ws', sql.lit(node.separator), ...parts), sql.lit(''));
  const columns: PlanColumn[] = [
    ...kept.filter((c) => c.name !== node.as),
    { name: node.as, type: t.string(), nullable: true },
  ];
  const lineage = new Map(input.lineage);
  lineage.set(
    node.as,
    node.columns.flatMap((c) => input.lineage.get(c) ?? [c]),
  );
  const select = sql.select({
    items: [
      ...passColumns(columns.slice(0, -1).map((c) => c.name)),
      sql.item(joined, node.as),
      ...passColumns(BOOKKEEPING),
    ],
    from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
  });
  return {
    select,
    reads: [stepView(ctx.index - 1)],
    state: { columns, lineage, piiSources: input.piiSources },
  };
};
