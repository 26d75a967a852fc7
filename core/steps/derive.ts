/**
 * derive: a new column computed from the row (`quantity * unit_price` → `line_total`), as an
 * expression of core/sql, so both engines compute it from the same IR. The value is converted to
 * the declared type; a value that is present but does not convert sends its row to quarantine
 * with the reason `cast:<column>`, as standardize does, rather than becoming NULL unnoticed.
 */
import { PLAN_COLUMNS, type PlanColumn } from '../plan/plan-types.js';
import { BOOKKEEPING, passColumns, reasonWhen, stepView, withReasons } from '../plan/row-sql.js';
import type { DataType } from '../sql/data-type.js';
import { type Expr, sql } from '../sql/index.js';
import { closed, DataTypeSchema, Identifier, literal } from './json-schema.js';
import { checkColumn, checkNewColumn, type StepKind } from './step-kind.js';

export interface Derive {
  readonly kind: 'derive';
  /** The new column. */
  readonly as: string;
  readonly type: DataType;
  /** Over the columns of the step's input; row-level only (no aggregates, subqueries or raw SQL). */
  readonly expr: Expr;
}

export const derive = (spec: { as: string; type: DataType; expr: Expr }): Derive =>
  Object.freeze({ kind: 'derive', as: spec.as, type: spec.type, expr: spec.expr });

/** The node kinds an expression may hold that read anything but the row. */
const NOT_ROW_LEVEL = new Set(['subquery', 'exists', 'raw', 'window', 'star']);
const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);

/** Every node of an expression, depth first. */
function nodesOf(value: unknown): { readonly kind: string; readonly name?: string }[] {
  if (Array.isArray(value)) return value.flatMap(nodesOf);
  if (value === null || typeof value !== 'object') return [];
  const here = 'kind' in value && typeof value.kind === 'string' ? [value as { kind: string }] : [];
  return [...here, ...Object.values(value).flatMap(nodesOf)];
}

export const deriveKind: StepKind<Derive> = {
  kind: 'derive',
  schema: closed({
    kind: literal('derive'),
    as: Identifier,
    type: DataTypeSchema,
    expr: { type: 'object', properties: { kind: { type: 'string' } }, required: ['kind'] },
  }),
  grain: 'preserved',
  columns: (input, node) => [...input, { name: node.as, type: node.type, nullable: true }],

  validate: ({ node, input, path, report }) => {
    checkNewColumn(input, node.as, [...path, 'as'], report, 'choose a new name for the derived column');
    for (const n of nodesOf(node.expr)) {
      if (n.kind === 'column') checkColumn(input, n.name ?? '', [...path, 'expr'], 'at this step', report);
      const fn = n.kind === 'call' ? ((n as { fn?: string }).fn ?? '') : '';
      const what = NOT_ROW_LEVEL.has(n.kind)
        ? `a ${n.kind} expression`
        : AGGREGATES.has(fn)
          ? `${fn}() is an aggregate: it`
          : '';
      if (what !== '')
        report(
          [...path, 'expr'],
          `${what} reads more than the row`,
          'derive from the columns of the row only',
        );
    }
  },

  compile: (ctx) => {
    const C = PLAN_COLUMNS;
    const { node, input } = ctx;
    const names = input.columns.map((c) => c.name);
    // Two levels, as standardize: the inner query computes, the outer converts and compares.
    const inner = sql.select({
      items: [...passColumns([...names, ...BOOKKEEPING]), sql.item(node.expr, node.as)],
      from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
    });
    const computed = sql.col(node.as, 's');
    const converted = sql.tryCast(computed, node.type);
    const failed = reasonWhen(sql.and(sql.isNotNull(computed), sql.isNull(converted)), `cast:${node.as}`);
    const select = sql.select({
      items: [
        ...passColumns(names, 's'),
        sql.item(converted, node.as),
        ...passColumns([C.row, C.raw], 's'),
        sql.item(withReasons(sql.col(C.reasons, 's'), [failed]), C.reasons),
        sql.item(sql.col(C.duplicate, 's'), C.duplicate),
      ],
      from: sql.fromQuery(inner, 's'),
    });
    const columns: PlanColumn[] = [...input.columns, { name: node.as, type: node.type, nullable: true }];
    const sources = [
      ...new Set(
        nodesOf(node.expr).flatMap((n) =>
          n.kind === 'column' ? (input.lineage.get(n.name ?? '') ?? []) : [],
        ),
      ),
    ];
    const lineage = new Map(input.lineage).set(node.as, sources);
    return {
      select,
      reads: [stepView(ctx.index - 1)],
      state: { columns, lineage, piiSources: input.piiSources },
    };
  },
};
