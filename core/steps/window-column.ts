/**
 * window: one column computed by a window function over the kept rows, per partition (the whole
 * dataset without `partitionBy`). Rows already rejected or counted as duplicates take no part:
 * they are a partition of their own and get NULL, so they never shift a rank or a total.
 *
 * - `row_number`, `rank`, `dense_rank`, `ntile(buckets)` need `orderBy`; rank and dense_rank give
 *   ties one value, as SQL defines them. row_number and ntile order ties by the row's other data
 *   columns, then by the row id, so a row's number depends on its values, not on how an engine read
 *   the files (rows equal in every column get their numbers in an order no one can tell apart).
 * - `count`, `sum`, `avg`, `min`, `max` are over the whole partition and take no `orderBy`: SQL
 *   would make an ordered one a running total over a frame, which this kind does not offer.
 *
 * The type: a ranking or a count is a BIGINT (Spark's ranks are INT, DuckDB's BIGINT); sum, avg,
 * min and max are typed as an aggregate's measures (`measureType`). A declared `type` is converted
 * to, and a row whose value does not fit is quarantined (`cast:<as>`), as derive does.
 */

import type { SchemaColumn } from '../model/schema.js';
import { PLAN_COLUMNS, type PlanColumn } from '../plan/plan-types.js';
import {
  BOOKKEEPING,
  branch,
  isKept,
  passColumns,
  reasonWhen,
  stepView,
  withReasons,
} from '../plan/row-sql.js';
import { type DataType, describeType, isNumericType, sql, t } from '../sql/index.js';
import {
  type Measure,
  type MeasureFn,
  measureColumn,
  measureType,
  NUMERIC_FNS,
} from './aggregate-measure.js';
import { arrayOf, BOOLEAN, closed, DataTypeSchema, Identifier, literal, literals } from './json-schema.js';
import { checkColumn, checkNewColumn, columnOf, planError, type Report, type StepKind } from './step-kind.js';

export const WINDOW_FNS = [
  'row_number',
  'rank',
  'dense_rank',
  'ntile',
  'count',
  'sum',
  'avg',
  'min',
  'max',
] as const;
export type WindowFn = (typeof WINDOW_FNS)[number];

/** The functions that number rows in order; the others aggregate the whole partition. */
const RANKING: ReadonlySet<WindowFn> = new Set(['row_number', 'rank', 'dense_rank', 'ntile']);
/** Ranking functions whose value differs between tied rows: ties are ordered by the row. */
const NUMBERING: ReadonlySet<WindowFn> = new Set(['row_number', 'ntile']);

export interface WindowOrder {
  readonly column: string;
  readonly desc: boolean;
}

export interface WindowColumn {
  readonly kind: 'window';
  /** The new column. */
  readonly as: string;
  readonly fn: WindowFn;
  /** The column aggregated; null for the ranking functions and a count of rows. */
  readonly column: string | null;
  /** ntile's number of buckets; null for the other functions. */
  readonly buckets: number | null;
  readonly partitionBy: readonly string[];
  readonly orderBy: readonly WindowOrder[];
  /** The output type; null for the function's own. */
  readonly type: DataType | null;
}

export const windowColumn = (spec: {
  as: string;
  fn: WindowFn;
  column?: string;
  buckets?: number;
  partitionBy?: readonly string[];
  orderBy?: readonly { readonly column: string; readonly desc?: boolean }[];
  type?: DataType;
}): WindowColumn =>
  Object.freeze({
    kind: 'window',
    as: spec.as,
    fn: spec.fn,
    column: spec.column ?? null,
    buckets: spec.buckets ?? null,
    partitionBy: Object.freeze([...(spec.partitionBy ?? [])]),
    orderBy: Object.freeze(
      (spec.orderBy ?? []).map((o) => Object.freeze({ column: o.column, desc: o.desc ?? false })),
    ),
    type: spec.type ?? null,
  });

const isAggregate = (fn: WindowFn): fn is Extract<MeasureFn, WindowFn> => !RANKING.has(fn);

/** The aggregate functions as an aggregate step's measure, whose typing they share. */
const asMeasure = (node: WindowColumn & { fn: MeasureFn }): Measure => ({
  name: node.as,
  fn: node.fn,
  column: node.column,
  type: node.type,
});

/** The type of the column over a column of type `input`. */
function windowType(node: WindowColumn, input: DataType | undefined): DataType {
  if (isAggregate(node.fn)) return measureType(asMeasure({ ...node, fn: node.fn }), input);
  return node.type ?? t.bigint();
}

function declaredColumn(node: WindowColumn, input: SchemaColumn | undefined): SchemaColumn {
  if (isAggregate(node.fn)) return measureColumn(asMeasure({ ...node, fn: node.fn }), input);
  return { name: node.as, type: windowType(node, undefined), nullable: false };
}

function validateShape(node: WindowColumn, path: readonly string[], report: Report): void {
  const { fn } = node;
  if (RANKING.has(fn) && node.column !== null)
    report([...path, 'column'], `${fn} takes no column`, 'drop `column`: the rows are ranked by `orderBy`');
  if ((fn === 'sum' || fn === 'avg' || fn === 'min' || fn === 'max') && node.column === null)
    report(
      path,
      `${fn} needs a column`,
      `name the column: windowColumn({ as: '${node.as}', fn: '${fn}', column: '<column>' })`,
    );
  if (fn === 'ntile' && (node.buckets === null || !Number.isInteger(node.buckets) || node.buckets < 1))
    report(
      [...path, 'buckets'],
      `ntile needs a whole number of buckets of at least 1 (got ${node.buckets})`,
      'give `buckets`, e.g. 5 for quintiles',
    );
  if (fn !== 'ntile' && node.buckets !== null)
    report(
      [...path, 'buckets'],
      `${fn} takes no buckets`,
      'drop `buckets`: only ntile splits rows into buckets',
    );
  if (RANKING.has(fn) && node.orderBy.length === 0)
    report(
      [...path, 'orderBy'],
      `${fn} needs an order`,
      'give `orderBy`: the columns the rows are ranked by',
    );
  if (!RANKING.has(fn) && node.orderBy.length > 0)
    report(
      [...path, 'orderBy'],
      `${fn} is over the whole partition: an order would make it a running ${fn} in SQL`,
      'drop `orderBy`',
    );
}

export const windowColumnKind: StepKind<WindowColumn> = {
  kind: 'window',
  schema: closed({
    kind: literal('window'),
    as: Identifier,
    fn: literals(WINDOW_FNS),
    column: { anyOf: [Identifier, { type: 'null' }] },
    buckets: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
    partitionBy: arrayOf(Identifier),
    orderBy: arrayOf(closed({ column: Identifier, desc: BOOLEAN })),
    type: { anyOf: [DataTypeSchema, { type: 'null' }] },
  }),
  grain: 'preserved',
  columns: (input, node) => [
    ...input,
    declaredColumn(
      node,
      input.find((c) => c.name === node.column),
    ),
  ],

  validate: ({ node, input, path, report }) => {
    checkNewColumn(input, node.as, [...path, 'as'], report, 'choose a new name for the window column');
    validateShape(node, path, report);
    if (node.column !== null) {
      checkColumn(input, node.column, [...path, 'column'], 'at this step', report);
      const column = input.find((c) => c.name === node.column);
      if (
        column !== undefined &&
        isAggregate(node.fn) &&
        NUMERIC_FNS.has(node.fn) &&
        !isNumericType(column.type)
      )
        report(
          [...path, 'column'],
          `${node.fn} of "${node.column}", a ${describeType(column.type)} column`,
          `${node.fn} a numeric column, or use count, min or max`,
        );
    }
    node.partitionBy.forEach((p, i) =>
      checkColumn(input, p, [...path, `partitionBy[${i}]`], 'at this step', report),
    );
    node.orderBy.forEach((o, i) =>
      checkColumn(input, o.column, [...path, `orderBy[${i}]`, 'column'], 'at this step', report),
    );
  },

  compile: (ctx) => {
    const C = PLAN_COLUMNS;
    const { node, input } = ctx;
    const names = input.columns.map((c) => c.name);
    const physical = node.column === null ? undefined : columnOf(input, node.column).type;
    if (
      physical !== undefined &&
      isAggregate(node.fn) &&
      NUMERIC_FNS.has(node.fn) &&
      !isNumericType(physical)
    )
      planError(
        ctx,
        ['column'],
        `${node.fn} of "${node.column}", which holds text at this step (CSV and JSON values are read as text)`,
        `convert it in a standardize step before the window: columnSpec('${node.column}')`,
      );
    const type = windowType(node, physical);

    const ordered = node.orderBy.map((o) =>
      o.desc ? sql.desc(sql.col(o.column)) : sql.asc(sql.col(o.column)),
    );
    // Ties of row_number and ntile: the row's other values, then its id (see the module comment).
    const ties = NUMBERING.has(node.fn)
      ? [...names.filter((n) => !node.orderBy.some((o) => o.column === n)), C.row].map((n) =>
          sql.asc(sql.col(n)),
        )
      : [];
    const call =
      node.fn === 'ntile'
        ? sql.call('ntile', sql.lit(node.buckets ?? 1))
        : RANKING.has(node.fn) || node.column === null
          ? sql.call(node.fn)
          : sql.call(node.fn, sql.col(node.column));
    // The kept rows are a partition apart from the others, which get NULL.
    const window = sql.over(
      call,
      [isKept(), ...node.partitionBy.map((p) => sql.col(p))],
      [...ordered, ...ties],
    );
    const inner = sql.select({
      items: [
        ...passColumns([...names, ...BOOKKEEPING]),
        sql.item(sql.caseWhen([branch(isKept(), window)]), node.as),
      ],
      from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
    });
    const computed = sql.col(node.as, 's');
    const converted = sql.tryCast(computed, type);
    // Only a declared type or a sum can fail to fit; a rank, a count, an average, a min or max fit their own types.
    const failed =
      node.type === null && node.fn !== 'sum'
        ? []
        : [reasonWhen(sql.and(sql.isNotNull(computed), sql.isNull(converted)), `cast:${node.as}`)];
    const select = sql.select({
      items: [
        ...passColumns(names, 's'),
        sql.item(converted, node.as),
        ...passColumns([C.row, C.raw], 's'),
        sql.item(withReasons(sql.col(C.reasons, 's'), failed), C.reasons),
        sql.item(sql.col(C.duplicate, 's'), C.duplicate),
      ],
      from: sql.fromQuery(inner, 's'),
    });
    const columns: PlanColumn[] = [
      ...input.columns,
      { name: node.as, type, nullable: !RANKING.has(node.fn) && node.fn !== 'count' },
    ];
    const lineage = new Map(input.lineage).set(
      node.as,
      node.column === null ? [] : (input.lineage.get(node.column) ?? []),
    );
    return {
      select,
      reads: [stepView(ctx.index - 1)],
      state: { columns, lineage, piiSources: input.piiSources },
    };
  },
};
