/**
 * aggregate: one row per group of the rows still kept, the group-by columns then the measures.
 * It changes the grain. Each group is a new kept row with a negative `_lakeline_row`, so it is
 * never taken for an input row. The rows already rejected or counted as duplicates follow the
 * groups with their bookkeeping (group-by values kept, measures NULL), so the split still
 * quarantines and counts them. The plan's `accounting` says how a run accounts for its rows.
 */
import { PLAN_COLUMNS, type PlanColumn } from '../plan/plan-types.js';
import {
  BOOKKEEPING,
  isKept,
  passColumn,
  passColumns,
  reasonWhen,
  stepView,
  withReasons,
} from '../plan/row-sql.js';
import { describeType, isNumericType, sql, t } from '../sql/index.js';
import {
  type Measure,
  MeasureSchema,
  measureColumn,
  measureExpr,
  measureType,
  NUMERIC_FNS,
} from './aggregate-measure.js';
import { arrayOf, closed, Identifier, literal } from './json-schema.js';
import { checkColumn, columnOf, isSnakeCase, planError, type StepKind } from './step-kind.js';

export interface Aggregate {
  readonly kind: 'aggregate';
  readonly groupBy: readonly string[];
  readonly measures: readonly Measure[];
}

export const aggregate = (spec: { groupBy?: readonly string[]; measures?: readonly Measure[] }): Aggregate =>
  Object.freeze({
    kind: 'aggregate',
    groupBy: Object.freeze([...(spec.groupBy ?? [])]),
    measures: Object.freeze([...(spec.measures ?? [])]),
  });

export const aggregateKind: StepKind<Aggregate> = {
  kind: 'aggregate',
  schema: closed({
    kind: literal('aggregate'),
    groupBy: arrayOf(Identifier),
    measures: arrayOf(MeasureSchema),
  }),
  grain: 'changed',
  columns: (input, node) => [
    ...node.groupBy.flatMap((g) => input.filter((c) => c.name === g)),
    ...node.measures.map((m) =>
      measureColumn(
        m,
        input.find((c) => c.name === m.column),
      ),
    ),
  ],

  validate: ({ job, node, input, path, report }) => {
    if (node.groupBy.length === 0 && node.measures.length === 0)
      report(
        path,
        'no group-by column and no measure',
        'name the columns to group by, the measures, or both',
      );
    node.groupBy.forEach((g, i) => checkColumn(input, g, [...path, `groupBy[${i}]`], 'at this step', report));
    node.measures.forEach((m, i) => {
      const at = [...path, `measures[${i}]`];
      if (!isSnakeCase(m.name))
        report(
          [...at, 'name'],
          `"${m.name}" is not a valid column name`,
          'use lower-case letters, digits and _',
        );
      if (m.column === null) {
        if (m.fn !== 'count')
          report(
            at,
            `${m.fn} needs a column`,
            `name the column: measure('${m.name}', '${m.fn}', '<column>')`,
          );
        return;
      }
      checkColumn(input, m.column, [...at, 'column'], 'at this step', report);
      const column = input.find((c) => c.name === m.column);
      if (column !== undefined && NUMERIC_FNS.has(m.fn) && !isNumericType(column.type))
        report(
          [...at, 'column'],
          `${m.fn} of "${m.column}", a ${describeType(column.type)} column`,
          `${m.fn} a numeric column, or use count, min or max`,
        );
    });
    const names = [...node.groupBy, ...node.measures.map((m) => m.name)];
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
      report(
        path,
        `the output column "${name}" is named twice`,
        'give each group-by column and measure its own name',
      );

    // One grain change per job: group ids are numbered per step and would meet another's.
    const at = job.steps.indexOf(node);
    const earlier = job.steps.slice(0, at).findIndex((s) => s.kind === 'aggregate');
    if (earlier >= 0)
      report(
        path,
        `steps[${earlier}] already aggregates: a job changes its grain once`,
        'aggregate in one step, or aggregate this job’s output in a job over it',
      );
    const later = job.steps.findIndex((s, i) => i > at && s.kind === 'deduplicate');
    if (later >= 0)
      report(
        path,
        `steps[${later}] deduplicates the groups, and no count of the run accounts for duplicate groups`,
        'deduplicate before aggregating: the groups are unique by their group-by columns',
      );
  },

  compile: (ctx) => {
    const C = PLAN_COLUMNS;
    const { node, input } = ctx;
    const previous = stepView(ctx.index - 1);
    const types = node.measures.map((m, i) => {
      if (m.column === null) return measureType(m, undefined);
      const physical = columnOf(input, m.column).type;
      if (NUMERIC_FNS.has(m.fn) && !isNumericType(physical))
        planError(
          ctx,
          [`measures[${i}]`, 'column'],
          `${m.fn} of "${m.column}", which holds text at this step (CSV and JSON values are read as text)`,
          `convert it in a standardize step before the aggregate: columnSpec('${m.column}')`,
        );
      return measureType(m, physical);
    });

    // Numbered in the order of their keys, so both engines give a group the same id; negative,
    // so no group id is ever an input row's. Without keys there is exactly one group.
    const keys = node.groupBy.map((g) => sql.col(g));
    const groupId =
      keys.length === 0
        ? sql.lit(-1)
        : sql.neg(
            sql.over(
              sql.call('row_number'),
              [],
              keys.map((k) => sql.asc(k, 'last')),
            ),
          );
    const grouped = sql.select({
      items: [
        ...passColumns(node.groupBy),
        ...node.measures.map((m) => sql.item(measureExpr(m), m.name)),
        sql.item(sql.cast(groupId, t.bigint()), C.row),
      ],
      from: sql.fromTable(sql.table(previous)),
      where: isKept(),
      ...(keys.length === 0 ? {} : { groupBy: keys }),
    });
    // Each measure converted to its type; a group whose value does not fit is quarantined, as a
    // row is by derive, rather than written with a NULL nobody notices. Only a declared type or a
    // sum can fail to fit: a count, an average and a min or max fit their own types.
    const converted = node.measures.map((m, i) => sql.tryCast(sql.col(m.name, 'g'), types[i]!));
    const failed = node.measures.flatMap((m, i) =>
      m.type === null && m.fn !== 'sum'
        ? []
        : [
            reasonWhen(
              sql.and(sql.isNotNull(sql.col(m.name, 'g')), sql.isNull(converted[i]!)),
              `cast:${m.name}`,
            ),
          ],
    );
    const noText = sql.cast(sql.lit(null), t.string());
    const groups = sql.select({
      items: [
        ...passColumns(node.groupBy, 'g'),
        ...node.measures.map((m, i) => sql.item(converted[i]!, m.name)),
        passColumn(C.row, 'g'),
        sql.item(noText, C.raw),
        sql.item(withReasons(noText, failed), C.reasons),
        sql.item(sql.lit(false), C.duplicate),
      ],
      from: sql.fromQuery(grouped, 'g'),
    });
    const carried = sql.select({
      items: [
        ...passColumns(node.groupBy),
        ...node.measures.map((m, i) => sql.item(sql.cast(sql.lit(null), types[i]!), m.name)),
        ...passColumns(BOOKKEEPING),
      ],
      from: sql.fromTable(sql.table(previous)),
      where: sql.not(isKept()),
    });

    const columns: PlanColumn[] = [
      ...node.groupBy.map((g) => columnOf(input, g)),
      ...node.measures.map((m, i) => ({
        name: m.name,
        type: types[i]!,
        nullable: m.fn !== 'count' && m.fn !== 'count_distinct',
      })),
    ];
    const lineage = new Map(
      columns.map((c) => {
        const m = node.measures.find((x) => x.name === c.name);
        const from = m === undefined ? c.name : m.column;
        return [c.name, from === null ? [] : (input.lineage.get(from) ?? [])];
      }),
    );
    return {
      select: sql.unionAll(groups, carried),
      reads: [previous],
      state: { columns, lineage, piiSources: input.piiSources },
    };
  },
};
