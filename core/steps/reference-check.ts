/**
 * referenceCheck: a value with no match among the keys of another job's processed output is an
 * orphan (`orphan:<column>`). A missing value is not checked; completeness rules judge it. The
 * keys are made distinct first so the join never multiplies rows.
 */
import { type RawDataset, sameDataset } from '../model/dataset.js';
import { PLAN_COLUMNS } from '../plan/plan-types.js';
import { leftJoin, passColumns, reasonWhen, stepView, withReasons } from '../plan/row-sql.js';
import { sql } from '../sql/index.js';
import { closed, Identifier, literal } from './json-schema.js';
import { checkColumn, type StepKind } from './step-kind.js';

/** Rows whose column has no match in another dataset's key are quarantined (`orphan:<column>`). */
export interface ReferenceCheck {
  readonly kind: 'referenceCheck';
  readonly column: string;
  readonly references: RawDataset;
  readonly key: string;
}

export const referenceCheck = (spec: {
  column: string;
  references: RawDataset;
  key: string;
}): ReferenceCheck => Object.freeze({ kind: 'referenceCheck', ...spec });

export const referenceView = (dataset: string): string => `ref_${dataset}`;

export const referenceCheckKind: StepKind<ReferenceCheck> = {
  kind: 'referenceCheck',
  schema: closed({
    kind: literal('referenceCheck'),
    column: Identifier,
    // The raw dataset as the check names it: the plan carries the whole node.
    references: {
      type: 'object',
      properties: { kind: literal('rawDataset'), name: Identifier, prefix: { type: 'string', minLength: 1 } },
      required: ['kind', 'name', 'prefix'],
    },
    key: Identifier,
  }),
  grain: 'preserved',
  columns: (input) => input,
  // The keys are read from the processed output of the job over the referenced dataset.
  reads: (node, pipeline) =>
    pipeline.jobs.filter((j) => sameDataset(j.input, node.references)).map((j) => j.output),
  references: (node, pipeline) =>
    pipeline.jobs
      .filter((j) => sameDataset(j.input, node.references))
      .slice(0, 1)
      .map((j) => ({
        view: referenceView(node.references.name),
        dataset: node.references.name,
        job: j,
        columns: [node.key],
      })),

  validate: ({ pipeline, job, node, input, path, report, outputOf }) => {
    checkColumn(input, node.column, [...path, 'column'], 'at this step', report);
    const target = pipeline.jobs.find((j) => sameDataset(j.input, node.references));
    if (target === undefined) {
      report(
        [...path, 'references'],
        `dataset "${node.references.name}" is processed by no job`,
        'reference a dataset that a job of this pipeline processes',
      );
    } else if (target === job) {
      report(
        [...path, 'references'],
        'a job cannot check references against its own output',
        'reference another dataset',
      );
    } else {
      checkColumn(
        outputOf(target),
        node.key,
        [...path, 'key'],
        `in the output of job ${target.name}`,
        report,
      );
    }
  },

  compile: (ctx) => {
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
  },
};
