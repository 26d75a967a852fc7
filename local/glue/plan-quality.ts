/**
 * A plan's quality step, evaluated with the DQDL evaluator of quality-rules/ where Glue runs
 * EvaluateDataQuality: the row rules label each row of `quality.rowInput` (the failures become the
 * outcomes view `dq_<i>`) and report an outcome per rule; the dataset rules judge
 * `quality.datasetInput`. Both evaluate the plan's canonical rule texts, as the runner does.
 */
import { type DataType, type DqRuleExpr, type Expr, type Select, sql as s } from '../../core/index.js';
import type { JobPlan, PlanColumn, QualityEvaluation } from '../../glue-scripts/index.js';
import {
  type DataQualityResult,
  dataQualityResult,
  type EvaluationDataset,
  evaluatePlan,
  parseRule,
  planEvaluation,
  type RuleOutcome,
} from '../../quality-rules/index.js';
import { countRows, createTable, createView, type DuckDb } from '../engines/index.js';

export interface RowEvaluation {
  readonly rules: readonly RuleOutcome[];
  /** Rows judged and rows that failed a row rule. */
  readonly evaluated: number;
  readonly failed: number;
}

const parseRules = (texts: readonly string[]): DqRuleExpr[] => texts.map((t) => parseRule(t));

const runQuery = (db: DuckDb) => (query: Select) => db.one(query);

/** The data columns step `index` reads: those of the view before it. */
export function columnsBefore(plan: JobPlan, index: number): readonly PlanColumn[] {
  if (index === 1) return plan.input.columns.map((c) => ({ name: c.name, type: c.type, nullable: true }));
  return plan.steps[index - 2]!.columns;
}

/** The plan's quality evaluation, which an evaluate action of a sound plan always has. */
function evaluationOf(plan: JobPlan): QualityEvaluation {
  if (plan.quality === null)
    throw new Error(`job ${plan.job}: a quality action, but the plan has no quality evaluation`);
  return plan.quality;
}

const branch = (when: Expr, then: Expr) => ({ when, then });

/** The rule texts of a row that failed, as an array: rules it passed leave no entry. */
function failedRules(rules: readonly { readonly rule: string; readonly passes: Expr }[]): Expr {
  return s.call(
    'array_compact',
    s.array(...rules.map((r) => s.caseWhen([branch(r.passes, s.lit(null))], s.lit(r.rule)))),
  );
}

/**
 * Evaluates the row rules on `quality.rowInput` and registers the outcomes view: `_lakeline_row`
 * and `_lakeline_failed_rules` of each row that failed a row-level rule.
 */
export async function evaluateRows(
  db: DuckDb,
  plan: JobPlan,
  step: number,
  now: Date,
): Promise<RowEvaluation> {
  const q = evaluationOf(plan);
  const C = plan.columns;
  const rowsView = `step_${step}_dq_rows`;
  await createView(db, rowsView, s.verbatim(q.rowInput.duckdb));
  const bigint: DataType = { kind: 'bigint' };
  const columns = [
    ...columnsBefore(plan, step).map((c) => ({ name: c.name, type: c.type })),
    { name: C.row, type: bigint },
  ];
  const evaluation = planEvaluation(parseRules(q.rowRules), { table: s.table(rowsView), columns }, { now });
  const rules = await evaluatePlan(evaluation, runQuery(db));

  const labelled = s.select({
    items: [s.item(s.col(C.row)), s.item(failedRules(evaluation.rowLevel), C.failedRules)],
    from: s.fromTable(s.table(rowsView)),
  });
  const outcomes = s.select({
    items: [s.item(s.star())],
    from: s.fromQuery(labelled, 'labelled'),
    where: s.binary('>', s.call('array_length', s.col(C.failedRules)), s.lit(0)),
  });
  await createTable(db, q.outcomesView!, outcomes);
  return { rules, evaluated: await countRows(db, rowsView), failed: await countRows(db, q.outcomesView!) };
}

/** Evaluates the dataset rules on the kept rows after the step (`quality.datasetInput`). */
export async function evaluateDataset(
  db: DuckDb,
  plan: JobPlan,
  step: number,
  now: Date,
): Promise<readonly RuleOutcome[]> {
  const q = evaluationOf(plan);
  const view = `step_${step}_dq_dataset`;
  await createView(db, view, s.verbatim(q.datasetInput.duckdb));
  const columns = plan.steps[step - 1]!.columns.map((c) => ({ name: c.name, type: c.type }));
  const evaluation = planEvaluation(
    parseRules(q.datasetRules),
    { table: s.table(view), columns, references: additionalSources(plan, q) },
    { now },
  );
  return evaluatePlan(evaluation, runQuery(db));
}

/** The reference views the plan read, by the aliases the rules name them by (Glue's additional data sources). */
function additionalSources(plan: JobPlan, q: QualityEvaluation): Record<string, EvaluationDataset> {
  const sources: Record<string, EvaluationDataset> = {};
  for (const { alias, view } of q.references) {
    const ref = plan.references.find((r) => r.view === view);
    if (ref === undefined) continue;
    sources[alias] = {
      table: s.table(view),
      columns: ref.columns.map((c) => ({ name: c.name, type: c.type })),
    };
  }
  return sources;
}

/**
 * What Glue Data Quality publishes for the run (GetDataQualityResult): one result per evaluation
 * context, `<context>-rows` and `<context>-dataset`, as the runner names them.
 */
export function publishedResults(
  plan: JobPlan,
  quality: QualityEvaluation,
  run: { readonly jobRunId: string; readonly startedOn: Date; readonly completedOn: Date },
  rows: RowEvaluation | null,
  dataset: readonly RuleOutcome[] | null,
): DataQualityResult[] {
  const base = {
    rulesetName: quality.ruleset,
    startedOn: run.startedOn,
    completedOn: run.completedOn,
    jobName: plan.glueJobName,
    jobRunId: run.jobRunId,
  };
  const out: DataQualityResult[] = [];
  if (rows !== null) {
    out.push(
      dataQualityResult({
        ...base,
        resultId: `dqresult-${run.jobRunId}-rows`,
        evaluationContext: `${quality.evaluationContext}-rows`,
        outcomes: rows.rules,
        rows: { processed: rows.evaluated, passed: rows.evaluated - rows.failed, failed: rows.failed },
      }),
    );
  }
  if (dataset !== null) {
    out.push(
      dataQualityResult({
        ...base,
        resultId: `dqresult-${run.jobRunId}-dataset`,
        evaluationContext: `${quality.evaluationContext}-dataset`,
        outcomes: dataset,
      }),
    );
  }
  return out;
}
