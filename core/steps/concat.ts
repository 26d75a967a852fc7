/** concat: parts joined by the separator, missing parts skipped; nothing to join gives NULL. */
import type { PlanColumn } from '../plan/plan-types.js';
import { BOOKKEEPING, passColumns, stepView } from '../plan/row-sql.js';
import { t } from '../sql/data-type.js';
import { type Expr, sql } from '../sql/index.js';
import { arrayOf, BOOLEAN, closed, Identifier, literal, STRING } from './json-schema.js';
import { checkColumn, columnOf, type StepKind } from './step-kind.js';

/** Joins columns into a new one (first + last name → full name); NULL parts are skipped. */
export interface Concat {
  readonly kind: 'concat';
  readonly columns: readonly string[];
  readonly separator: string;
  readonly as: string;
  /** Drop the source columns afterwards. */
  readonly dropSources: boolean;
}

export const concat = (spec: {
  columns: readonly string[];
  as: string;
  separator?: string;
  dropSources?: boolean;
}): Concat =>
  Object.freeze({
    kind: 'concat',
    columns: Object.freeze([...spec.columns]),
    separator: spec.separator ?? ' ',
    as: spec.as,
    dropSources: spec.dropSources ?? false,
  });

export const concatKind: StepKind<Concat> = {
  kind: 'concat',
  schema: closed({
    kind: literal('concat'),
    columns: arrayOf(Identifier, 1),
    separator: STRING,
    as: Identifier,
    dropSources: BOOLEAN,
  }),
  grain: 'preserved',

  columns: (input, node) => {
    const kept = node.dropSources ? input.filter((c) => !node.columns.includes(c.name)) : input;
    return [...kept, { name: node.as, type: { kind: 'string' }, nullable: true }];
  },

  validate: ({ node, input, path, report }) => {
    node.columns.forEach((c, i) => checkColumn(input, c, [...path, `columns[${i}]`], 'at this step', report));
    if (input.some((c) => c.name === node.as) && !(node.dropSources && node.columns.includes(node.as))) {
      report(
        [...path, 'as'],
        `column "${node.as}" already exists`,
        'choose a new name for the concatenated column',
      );
    }
  },

  compile: (ctx) => {
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
  },
};
