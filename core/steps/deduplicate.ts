/**
 * deduplicate: among the rows still kept, one per key survives (the latest or earliest by
 * `orderBy`); the others are marked duplicates. Rows already rejected and rows with a missing key
 * take no part, so a newer version that failed to convert never pushes out the valid older one.
 */
import { PLAN_COLUMNS } from '../plan/plan-types.js';
import { passColumns, stepView } from '../plan/row-sql.js';
import { sql } from '../sql/index.js';
import { arrayOf, closed, Identifier, literal, literals } from './json-schema.js';
import { checkColumn, type StepKind } from './step-kind.js';

/** Keeps one row per key: the latest by `orderBy`; the others are counted as duplicates. */
export interface Deduplicate {
  readonly kind: 'deduplicate';
  readonly keys: readonly string[];
  readonly orderBy: string;
  readonly keep: 'latest' | 'earliest';
}

export const deduplicate = (spec: {
  keys: readonly string[];
  orderBy: string;
  keep?: 'latest' | 'earliest';
}): Deduplicate =>
  Object.freeze({
    kind: 'deduplicate',
    keys: Object.freeze([...spec.keys]),
    orderBy: spec.orderBy,
    keep: spec.keep ?? 'latest',
  });

export const deduplicateKind: StepKind<Deduplicate> = {
  kind: 'deduplicate',
  schema: closed({
    kind: literal('deduplicate'),
    keys: arrayOf(Identifier, 1),
    orderBy: Identifier,
    keep: literals(['latest', 'earliest']),
  }),
  grain: 'preserved',
  columns: (input) => input,

  validate: ({ node, input, path, report }) => {
    if (node.keys.length === 0)
      report([...path, 'keys'], 'no key columns', 'name the columns that identify a row');
    node.keys.forEach((k, i) => checkColumn(input, k, [...path, `keys[${i}]`], 'at this step', report));
    checkColumn(input, node.orderBy, [...path, 'orderBy'], 'at this step', report);
  },

  compile: (ctx) => {
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
  },
};
