/**
 * quality: the engine evaluates the row rules on the kept rows (Glue: EvaluateDataQuality; locally:
 * the DQDL evaluator), registers the rows that failed as `dq_<i>`, and this step's SQL marks them
 * `dq:<ruleset>`. The dataset rules then judge the rows still kept after the step; those in the
 * gate fail the job.
 */
import { resourceName, s3Uri } from '../model/naming.js';
import { type DqRuleExpr, ruleColumns } from '../model/quality.js';
import { PLAN_COLUMNS } from '../plan/plan-types.js';
import {
  engineSql,
  isKept,
  leftJoin,
  passColumn,
  passColumns,
  reasonWhen,
  selectFrom,
  stepView,
  withReasons,
} from '../plan/row-sql.js';
import { sql } from '../sql/index.js';
import { arrayOf, closed, Identifier, type JsonSchema, literal, literals } from './json-schema.js';
import { datasetRuleAliases, qualityReferences, validateReferences } from './quality-references.js';
import { checkColumn, isSnakeCase, type StepAction, type StepKind } from './step-kind.js';

/**
 * A Glue Data Quality ruleset. Row-level rules quarantine each failing row with the failing
 * rules' names; dataset-level rules are evaluated on the rows that passed and fail the job when
 * any of them fails.
 */
export interface Quality {
  readonly kind: 'quality';
  readonly ruleset: string;
  readonly rowRules: readonly DqRuleExpr[];
  readonly datasetRules: readonly DqRuleExpr[];
}

export const quality = (spec: {
  ruleset: string;
  rowRules?: readonly DqRuleExpr[];
  datasetRules?: readonly DqRuleExpr[];
}): Quality =>
  Object.freeze({
    kind: 'quality',
    ruleset: spec.ruleset,
    rowRules: Object.freeze([...(spec.rowRules ?? [])]),
    datasetRules: Object.freeze([...(spec.datasetRules ?? [])]),
  });

export const outcomesView = (index: number): string => `dq_${index}`;

/** DQDL rules are carried as nodes; their canonical text sits beside them in `plan.quality`. */
const DqRuleExprSchema: JsonSchema = {
  type: 'object',
  properties: { kind: literals(['dqRule', 'dqComposite']) },
  required: ['kind'],
};

export const qualityKind: StepKind<Quality> = {
  kind: 'quality',
  schema: closed({
    kind: literal('quality'),
    ruleset: Identifier,
    rowRules: arrayOf(DqRuleExprSchema),
    datasetRules: arrayOf(DqRuleExprSchema),
  }),
  grain: 'preserved',
  columns: (input) => input,
  // The job waits for the jobs writing the datasets ReferentialIntegrity rules name, and reads them.
  reads: (node, pipeline) => qualityReferences(node, pipeline).map((r) => r.job.output),
  references: qualityReferences,

  validate: (ctx) => {
    const { node, input, path, report } = ctx;
    if (!isSnakeCase(node.ruleset)) {
      report(
        [...path, 'ruleset'],
        `"${node.ruleset}" is not a valid ruleset name`,
        'use lower-case letters, digits and _',
      );
    }
    if (node.rowRules.length + node.datasetRules.length === 0) {
      report([...path], 'the ruleset has no rules', 'add rowRules or datasetRules');
    }
    for (const [group, rules] of [
      ['rowRules', node.rowRules],
      ['datasetRules', node.datasetRules],
    ] as const) {
      rules.forEach((rule, i) => {
        for (const c of ruleColumns(rule)) {
          checkColumn(input, c, [...path, `${group}[${i}]`], 'in a data-quality rule', report);
        }
      });
    }
    validateReferences(ctx);
  },

  compile: (ctx) => {
    const C = PLAN_COLUMNS;
    const { node, input, pipeline, stage, deps } = ctx;
    const previous = stepView(ctx.index - 1);
    const names = input.columns.map((c) => c.name);
    const outcomes = node.rowRules.length > 0 ? outcomesView(ctx.index) : null;

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
    const before: StepAction[] =
      outcomes === null ? [] : [{ action: 'evaluateRows', step: ctx.index, reads: [previous] }];
    const after: StepAction[] =
      datasetRules.length === 0 ? [] : [{ action: 'evaluateDataset', step: ctx.index }];
    return {
      select,
      reads: outcomes === null ? [previous] : [previous, outcomes],
      state: input,
      before,
      after,
      quality: {
        ruleset: node.ruleset,
        dqdlPath: s3Uri(pipeline.name, stage, 'quality', `${node.ruleset}.dqdl`),
        rowRules: node.rowRules.map((r) => deps.emitRule(r)),
        datasetRules,
        gate: datasetRules,
        rowInput: engineSql(selectFrom(previous, passColumns([...names, C.row]), isKept())),
        outcomesView: outcomes,
        datasetInput: engineSql(selectFrom(stepView(ctx.index), passColumns(names), isKept())),
        references: datasetRuleAliases(node.datasetRules),
        evaluationContext: resourceName(pipeline.name, stage, node.ruleset),
      },
    };
  },
};
