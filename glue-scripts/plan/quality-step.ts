/**
 * quality: the engine evaluates the row rules on the kept rows (Glue: EvaluateDataQuality; locally:
 * the DQDL evaluator), registers the rows that failed as `dq_<i>`, and this step's SQL marks them
 * `dq:<ruleset>`. The dataset rules then judge the rows still kept after the step; those in the
 * gate fail the job.
 */
import { resourceName, s3Uri, sql } from '../../core/index.js';
import { PLAN_COLUMNS } from './job-plan-types.js';
import {
  isKept,
  leftJoin,
  passColumn,
  passColumns,
  reasonWhen,
  selectFrom,
  stepView,
  withReasons,
} from './row-sql.js';
import type { StepCompiler } from './step-context.js';

export const outcomesView = (index: number): string => `dq_${index}`;

export const qualityStep: StepCompiler<'quality'> = (ctx) => {
  const C = PLAN_COLUMNS;
  const { node, input, pipeline, stage, deps } = ctx;
  const previous = stepView(ctx.index - 1);
  const names = input.columns.map((c) => c.name);
  const hasRowRules = node.rowRules.length > 0;
  const outcomes = hasRowRules ? outcomesView(ctx.index) : null;

  const select =
    outcomes === null
      ? selectFrom(previous, passColumns([...names, C.row, C.raw, C.reasons, C.duplicate]))
      : sql.select({
          items: [
            ...passColumns(names, 's'),
            ...passColumns([C.row, C.raw], 's'),
            sql.item(
              withReasons(sql.col(C.reasons, 's'), [
                reasonWhen(sql.isNotNull(sql.col(C.row, 'd')), `dq:${node.ruleset}`),
              ]),
              C.reasons,
            ),
            passColumn(C.duplicate, 's'),
          ],
          from: sql.fromTable(sql.table(previous), 's'),
          joins: [
            leftJoin(
              sql.fromTable(sql.table(outcomes), 'd'),
              sql.eq(sql.col(C.row, 's'), sql.col(C.row, 'd')),
            ),
          ],
        });

  const datasetRules = node.datasetRules.map((r) => deps.emitRule(r));
  return {
    select,
    reads: outcomes === null ? [previous] : [previous, outcomes],
    state: input,
    quality: {
      ruleset: node.ruleset,
      dqdlPath: s3Uri(pipeline.name, stage, 'quality', `${node.ruleset}.dqdl`),
      rowRules: node.rowRules.map((r) => deps.emitRule(r)),
      datasetRules,
      gate: datasetRules,
      rowInput: selectFrom(previous, passColumns([...names, C.row]), isKept()),
      outcomesView: outcomes,
      datasetInput: selectFrom(stepView(ctx.index), passColumns(names), isKept()),
      evaluationContext: resourceName(pipeline.name, stage, node.ruleset),
    },
  };
};
