/**
 * lookup: columns of another job's output added to each row, matched by key (a left join: no row
 * is dropped or quarantined, a row without a match gets NULLs). The other side is reduced to one
 * row per key before the join, so the join never multiplies rows: with `latestBy`, the row with
 * the greatest value of that column (an appended output holding several versions of a key); ties,
 * and every key without `latestBy`, are broken by the added columns in order, so both engines keep
 * the same values.
 */
import { type ProcessedDataset, sameDataset } from '../model/dataset.js';
import type { Pipeline } from '../model/pipeline.js';
import type { SchemaColumn, StepSchema } from '../model/schema.js';
import { PLAN_COLUMNS, type PlanColumn } from '../plan/plan-types.js';
import { leftJoin, passColumns, stepView } from '../plan/row-sql.js';
import { type DataType, describeType, sql } from '../sql/index.js';
import type { Job } from '../tasks/glue-job.js';
import { arrayOf, closed, Identifier, literal } from './json-schema.js';
import {
  checkColumn,
  checkNewColumn,
  columnOf,
  listed,
  planError,
  type Report,
  type StepKind,
} from './step-kind.js';

/** A column of the looked-up dataset, added under `as`. */
export interface LookupColumn {
  readonly column: string;
  readonly as: string;
}

export interface Lookup {
  readonly kind: 'lookup';
  /** Another job's output (`customersJob.output`). */
  readonly from: ProcessedDataset;
  /** A column of this view matched against the key column of `from`. */
  readonly on: { readonly column: string; readonly key: string };
  readonly columns: readonly LookupColumn[];
  /** Of several rows of `from` per key, the one with the greatest value of this column; null: one of them, by the added columns. */
  readonly latestBy: string | null;
}

export const lookup = (spec: {
  from: ProcessedDataset;
  on: { column: string; key: string };
  columns: readonly (string | { readonly column: string; readonly as: string })[];
  latestBy?: string;
}): Lookup =>
  Object.freeze({
    kind: 'lookup',
    from: spec.from,
    on: Object.freeze({ column: spec.on.column, key: spec.on.key }),
    columns: Object.freeze(
      spec.columns.map((c) =>
        Object.freeze(typeof c === 'string' ? { column: c, as: c } : { column: c.column, as: c.as }),
      ),
    ),
    latestBy: spec.latestBy ?? null,
  });

/** The view the engines read `from` into. */
export const lookupView = (dataset: ProcessedDataset): string => `ref_${dataset.name}`;

const INTEGERS = new Set(['int', 'bigint']);

/** Whether both engines compare values of the two types alike (integers widen; text is never a number). */
const comparable = (a: DataType, b: DataType): boolean =>
  a.kind === b.kind || (INTEGERS.has(a.kind) && INTEGERS.has(b.kind));

/** The job of the pipeline writing `from`. */
const writerOf = (node: Lookup, pipeline: Pipeline): Job | undefined =>
  pipeline.jobs.find((j) => sameDataset(j.output, node.from));

/** The columns read of `from`: the key, the added columns, the ordering column. */
const readColumnsOf = (node: Lookup): string[] => [
  ...new Set([
    node.on.key,
    ...node.columns.map((c) => c.column),
    ...(node.latestBy === null ? [] : [node.latestBy]),
  ]),
];

/** An added column as declared: `from`'s column renamed, NULL where no row matches. */
function addedColumn(from: readonly SchemaColumn[], c: LookupColumn): SchemaColumn | undefined {
  const source = from.find((s) => s.name === c.column);
  if (source === undefined) return undefined;
  // A column of personal data stays one under its new name.
  return {
    name: c.as,
    type: source.type,
    nullable: true,
    ...(source.pii === undefined ? {} : { pii: source.pii }),
    ...(source.governed === undefined ? {} : { governed: source.governed }),
  };
}

function validateColumns(node: Lookup, input: StepSchema, path: readonly string[], report: Report): void {
  if (node.columns.length === 0)
    report([...path, 'columns'], 'no column to add', `name the columns of ${node.from.name} to add`);
  const names = node.columns.map((c) => c.as);
  node.columns.forEach((c, i) => {
    const at = [...path, `columns[${i}]`];
    checkNewColumn(
      input,
      c.as,
      at,
      report,
      `add it under another name: { column: '${c.column}', as: '<new name>' }`,
    );
    if (names.indexOf(c.as) !== i)
      report(at, `column "${c.as}" is added twice`, 'give each added column its own name with `as`');
  });
}

export const lookupKind: StepKind<Lookup> = {
  kind: 'lookup',
  schema: closed({
    kind: literal('lookup'),
    // The processed dataset as the job writing it declares it: the plan carries the whole node.
    from: {
      type: 'object',
      properties: {
        kind: literal('processedDataset'),
        name: Identifier,
        prefix: { type: 'string', minLength: 1 },
        partitionBy: arrayOf(Identifier),
        columns: { type: 'array', items: { type: 'object' } },
      },
      required: ['kind', 'name', 'prefix', 'partitionBy', 'columns'],
    },
    on: closed({ column: Identifier, key: Identifier }),
    columns: arrayOf(closed({ column: Identifier, as: Identifier }), 1),
    latestBy: { anyOf: [Identifier, { type: 'null' }] },
  }),
  grain: 'preserved',
  columns: (input, node) => [
    ...input,
    ...node.columns.flatMap((c) => addedColumn(node.from.columns, c) ?? []),
  ],
  // The job waits for the job writing `from`.
  reads: (node) => [node.from],
  references: (node, pipeline) => {
    const writer = writerOf(node, pipeline);
    return writer === undefined
      ? []
      : [{ view: lookupView(node.from), dataset: node.from.name, job: writer, columns: readColumnsOf(node) }];
  },

  validate: ({ pipeline, job, node, input, path, report, outputOf }) => {
    checkColumn(input, node.on.column, [...path, 'on', 'column'], 'at this step', report);
    validateColumns(node, input, path, report);
    const writer = writerOf(node, pipeline);
    if (writer === undefined) {
      report(
        [...path, 'from'],
        `dataset "${node.from.name}" is written by no job of this pipeline`,
        `look up the output of one of its jobs: ${listed(pipeline.jobs.map((j) => `${j.name}.output`))}`,
      );
      return;
    }
    if (writer === job) {
      report([...path, 'from'], 'a job cannot look up its own output', 'look up the output of another job');
      return;
    }
    const from = outputOf(writer);
    const where = `in the output of job ${writer.name}`;
    checkColumn(from, node.on.key, [...path, 'on', 'key'], where, report);
    node.columns.forEach((c, i) =>
      checkColumn(from, c.column, [...path, `columns[${i}]`, 'column'], where, report),
    );
    if (node.latestBy !== null) checkColumn(from, node.latestBy, [...path, 'latestBy'], where, report);
    const column = input.find((c) => c.name === node.on.column);
    const key = from.find((c) => c.name === node.on.key);
    if (column !== undefined && key !== undefined && !comparable(column.type, key.type))
      report(
        [...path, 'on'],
        `"${node.on.column}" is ${describeType(column.type)} and key "${node.on.key}" is ${describeType(key.type)}: the engines would compare them differently`,
        `convert "${node.on.column}" to ${describeType(key.type)} before the lookup (standardize or derive)`,
      );
    if (node.from.columns.length === 0)
      report(
        [...path, 'from'],
        `this handle on "${node.from.name}" carries no columns`,
        `pass the output of the job writing it: ${writer.name}.output`,
      );
  },

  compile: (ctx) => {
    const C = PLAN_COLUMNS;
    const { node, input } = ctx;
    const view = lookupView(node.from);
    const column = columnOf(input, node.on.column);
    const key = node.from.columns.find((c) => c.name === node.on.key)!;
    // CSV values are text until standardized: a text column against a typed key compares differently per engine.
    if (!comparable(column.type, key.type))
      planError(
        ctx,
        ['on', 'column'],
        `"${node.on.column}" holds ${describeType(column.type)} at this step and key "${node.on.key}" is ${describeType(key.type)}`,
        `convert it in a standardize step before the lookup: columnSpec('${node.on.column}')`,
      );
    const rank = '_lakeline_lookup_rank';
    const added = node.columns.map((c) => sql.col(c.column));
    const ranked = sql.select({
      items: [
        sql.item(sql.col(node.on.key), C.referenceKey),
        ...node.columns.map((c, i) => sql.item(added[i]!, c.as)),
        sql.item(
          sql.over(
            sql.call('row_number'),
            [sql.col(node.on.key)],
            [
              ...(node.latestBy === null ? [] : [sql.desc(sql.col(node.latestBy))]),
              ...added.map((a) => sql.asc(a)),
            ],
          ),
          rank,
        ),
      ],
      from: sql.fromTable(sql.table(view)),
      where: sql.isNotNull(sql.col(node.on.key)),
    });
    const one = sql.select({
      items: [...passColumns([C.referenceKey, ...node.columns.map((c) => c.as)])],
      from: sql.fromQuery(ranked, 'k'),
      where: sql.eq(sql.col(rank, 'k'), sql.lit(1)),
    });
    const select = sql.select({
      items: [
        ...passColumns(
          input.columns.map((c) => c.name),
          's',
        ),
        ...passColumns(
          node.columns.map((c) => c.as),
          'l',
        ),
        ...passColumns([C.row, C.raw, C.reasons, C.duplicate], 's'),
      ],
      from: sql.fromTable(sql.table(stepView(ctx.index - 1)), 's'),
      joins: [
        leftJoin(sql.fromQuery(one, 'l'), sql.eq(sql.col(node.on.column, 's'), sql.col(C.referenceKey, 'l'))),
      ],
    });
    const columns: PlanColumn[] = [
      ...input.columns,
      ...node.columns.map((c) => {
        const source = node.from.columns.find((s) => s.name === c.column)!;
        return { name: c.as, type: source.type, nullable: true };
      }),
    ];
    // The added values come from no input column of this job.
    const lineage = new Map(input.lineage);
    for (const c of node.columns) lineage.set(c.as, []);
    return {
      select,
      reads: [stepView(ctx.index - 1), view],
      state: { columns, lineage, piiSources: input.piiSources },
    };
  },
};
