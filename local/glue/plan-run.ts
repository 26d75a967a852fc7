/**
 * Runs a job plan on DuckDB as lakeline_runner.py runs it on Glue (`run` and `plan_actions`):
 * read the input, register the reference views, then `step_0`, and each step in order with its PII
 * findings and quality evaluations; write the DQ results and the quarantine; check the gate; write
 * the processed data and the run summary. A failing gate writes the summary with status
 * FAILED_QUALITY_GATE and throws, leaving the processed data untouched.
 */
import type { QualitySummary, RunSummary } from '../../core/index.js';
import type { JobPlan, PlanStep } from '../../glue-scripts/index.js';
import { type DataQualityResult, type RuleOutcome, score } from '../../quality-rules/index.js';
import { createTable, createView, type DuckDb, emptyRelation, parquetRelation } from '../engines/index.js';
import { type LocalS3, parseS3Uri } from '../s3/local-s3.js';
import { type InputFile, registerInput } from './plan-input.js';
import { putDocument, withRunId, writeProcessed, writeQuarantine } from './plan-output.js';
import { evaluateDataset, evaluateRows, publishedResults, type RowEvaluation } from './plan-quality.js';
import {
  EMPTY_INPUT,
  gateFailures,
  gateMessage,
  type QualityResults,
  runSummary,
  withEmptyInput,
} from './plan-summary.js';

export interface PlanRunOptions {
  readonly db: DuckDb;
  readonly s3: LocalS3;
  /** The run id of the paths (`--run_id`, else Glue's run id). */
  readonly runId: string;
  /** Glue's own run id (`jr_…`). */
  readonly jobRunId: string;
  readonly startedOn: Date;
  /** The input files this run reads (all of them, or those the bookmark has not seen). */
  readonly files: readonly InputFile[];
  /** The run reads every input file: its output replaces what earlier runs wrote. */
  readonly replaceOutput: boolean;
  readonly scratch: string;
  /** A unique part of the names of the files this run writes. */
  readonly fileId: string;
  /** Aborted when the run is stopped or times out: no further action starts. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export interface PlanRunOutcome {
  readonly summary: RunSummary;
  /** What Glue Data Quality publishes for the run. */
  readonly published: readonly DataQualityResult[];
}

/** A dataset rule of the gate failed; the summary and the DQ results were written. */
export class QualityGateFailed extends Error {
  override readonly name = 'QualityGateFailed';
  constructor(
    message: string,
    readonly outcome: PlanRunOutcome,
  ) {
    super(message);
  }
}

/** A statement of the plan failed on the engine; the message names the action. */
export class PlanStatementError extends Error {
  override readonly name = 'PlanStatementError';
}

type QualityStep = Extract<PlanStep, { kind: 'quality' }>;

/**
 * How many statements read each view's rows. A view whose rows are read more than once is computed
 * once into a table, as the runner persists views on Spark; one read once stays a view. Aggregates
 * over a view (PII findings, dataset rules) do not count: they read few columns, and the engine
 * computes only those.
 */
function rowReads(plan: JobPlan): Map<string, number> {
  const counts = new Map<string, number>();
  const read = (view: string) => counts.set(view, (counts.get(view) ?? 0) + 1);
  for (const [i, step] of plan.steps.entries()) {
    const before = i === 0 ? 'step_0' : plan.steps[i - 1]!.view;
    for (const v of step.reads) read(v);
    if (step.kind === 'quality' && step.quality.outcomesView !== null) read(before);
  }
  const last = plan.steps.at(-1)?.view ?? 'step_0';
  // split.kept and split.rejected.
  read(last);
  read(last);
  return counts;
}

async function attempt<T>(action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    // Errors of our own carry their name; the engine's are plain errors, told apart by the action.
    if (e instanceof Error && e.name !== 'Error') throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new PlanStatementError(`${action}: ${message}`, { cause: e });
  }
}

async function registerReferences(db: DuckDb, s3: LocalS3, plan: JobPlan): Promise<void> {
  for (const ref of plan.references) {
    const { bucket, key } = parseS3Uri(ref.path);
    const written = s3.list(bucket, key).some((o) => o.key.endsWith('.parquet'));
    const columns = ref.columns.map((c) => ({ name: c.name, type: c.type }));
    // Small key sets, read by a join: computed once.
    await createTable(
      db,
      ref.view,
      written ? parquetRelation(s3.pathOf(ref.path), columns) : emptyRelation(columns),
    );
  }
}

/** What the steps' extra actions find out, for the summary and the DQ results. */
interface StepState {
  readonly findings: Record<string, number>;
  rows: RowEvaluation | null;
  dataset: readonly RuleOutcome[] | null;
}

interface StepContext {
  readonly db: DuckDb;
  readonly plan: JobPlan;
  /** When the run started: `now()` of the DQ rules. */
  readonly now: Date;
  readonly state: StepState;
  readonly label: string;
  readonly timed: <T>(action: string, work: () => Promise<T>) => Promise<T>;
}

type StepAction = (step: PlanStep, ctx: StepContext) => Promise<void>;

/** PII findings from the step's input, before the step redacts it. */
const piiFindings: StepAction = async (step, { db, state, label, timed }) => {
  if (step.kind !== 'detectPii') return;
  const found = await timed(`${label} PII findings`, () => db.one(step.findings.sql.duckdb));
  for (const e of step.findings.entities)
    state.findings[e] = (state.findings[e] ?? 0) + Number(found[e] ?? 0);
};

/** The row rules, into the outcomes view the step's SQL joins. */
const rowRules: StepAction = async (step, { db, plan, now, state, label, timed }) => {
  if (step.kind !== 'quality' || step.quality.outcomesView === null) return;
  state.rows = await timed(`${label} row rules`, () => evaluateRows(db, plan, step, now));
};

/** The dataset rules, on the rows the step kept. */
const datasetRules: StepAction = async (step, { db, now, state, label, timed }) => {
  if (step.kind !== 'quality' || step.quality.datasetRules.length === 0) return;
  state.dataset = await timed(`${label} dataset rules`, () => evaluateDataset(db, step, now));
};

/** What runs around a step's own SQL, per kind (the runner's `plan_actions`). */
const STEP_ACTIONS: Readonly<Record<PlanStep['kind'], { before?: StepAction; after?: StepAction }>> = {
  standardize: {},
  concat: {},
  deduplicate: {},
  referenceCheck: {},
  detectPii: { before: piiFindings },
  quality: { before: rowRules, after: datasetRules },
};

function qualityStepOf(plan: JobPlan): QualityStep | undefined {
  return plan.steps.find((s): s is QualityStep => s.kind === 'quality');
}

export async function runPlan(plan: JobPlan, o: PlanRunOptions): Promise<PlanRunOutcome> {
  const { db, s3 } = o;
  const counts = rowReads(plan);
  const register = async (view: string, query: string) =>
    (counts.get(view) ?? 0) > 1 ? createTable(db, view, query) : createView(db, view, query);
  const timed = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
    o.signal.throwIfAborted();
    const started = Date.now();
    const result = await attempt(action, work);
    o.log(`${action}: ${Date.now() - started} ms`);
    return result;
  };

  const read = await timed('read input', () => registerInput(db, plan, o.files, o.scratch));
  o.log(`read ${o.files.length} file(s): ${read.rows} rows, ${read.malformed} malformed`);
  await timed('reference views', () => registerReferences(db, s3, plan));
  await timed('step_0', () => register('step_0', plan.input.sql.duckdb));

  const state: StepState = { findings: {}, rows: null, dataset: null };
  for (const step of plan.steps) {
    const label = `${step.view} (${step.kind})`;
    const ctx: StepContext = { db, plan, now: o.startedOn, state, label, timed };
    await STEP_ACTIONS[step.kind].before?.(step, ctx);
    await timed(label, () => register(step.view, step.sql.duckdb));
    await STEP_ACTIONS[step.kind].after?.(step, ctx);
  }
  const { findings, rows, dataset } = state;

  const split = await timed('counts', () => db.one(plan.split.counts.duckdb));
  const accounted = {
    inputRows: Number(split.input_rows),
    outputRows: Number(split.output_rows),
    quarantinedRows: Number(split.quarantined_rows),
    duplicateRows: Number(split.duplicate_rows),
  };
  const emptyInput =
    accounted.inputRows > 0
      ? undefined
      : read.emptyFiles.length > 0
        ? `${EMPTY_INPUT} (${read.emptyFiles.join('; ')})`
        : EMPTY_INPUT;
  const warnings =
    emptyInput === undefined ? read.emptyFiles : [`dataset ${plan.input.dataset}: ${emptyInput}`];
  for (const w of warnings) o.log(`warning: ${w}`);
  const judged = (rules: readonly RuleOutcome[]) =>
    emptyInput === undefined ? rules : withEmptyInput(rules);

  const qualityStep = qualityStepOf(plan);
  let quality: QualitySummary | null = null;
  let failures: RuleOutcome[] = [];
  let published: DataQualityResult[] = [];
  if (qualityStep !== undefined) {
    const q = qualityStep.quality;
    const rules = judged([...(rows?.rules ?? []), ...(dataset ?? [])]);
    quality = { ruleset: q.ruleset, dataset: plan.input.dataset, score: score(rules), rules };
    failures = gateFailures(q.gate, q.datasetRules, judged(dataset ?? []));
    const results: QualityResults = {
      ...quality,
      job: plan.job,
      runId: o.runId,
      dqdlPath: q.dqdlPath,
      rowLevel: rows === null ? null : { evaluated: rows.evaluated, failed: rows.failed },
    };
    if (plan.qualityResults !== null)
      putDocument(s3, withRunId(plan, plan.qualityResults.path, o.runId), results);
    const run = { jobRunId: o.jobRunId, startedOn: o.startedOn, completedOn: new Date() };
    published = publishedResults(plan, q, run, rows, dataset);
  }

  await timed('quarantine', () => writeQuarantine(db, s3, plan, o.runId, o.fileId));
  const summaryUri = withRunId(plan, plan.runSummary.uri, o.runId);
  if (failures.length > 0) {
    const summary = runSummary(plan, o.runId, 'FAILED_QUALITY_GATE', accounted, findings, quality, warnings);
    putDocument(s3, summaryUri, summary);
    const message = gateMessage(plan, quality!.ruleset, failures, emptyInput);
    throw new QualityGateFailed(message, { summary, published });
  }
  await timed('processed output', () => writeProcessed(db, s3, plan, o.replaceOutput, o.fileId));
  const summary = runSummary(plan, o.runId, 'SUCCEEDED', accounted, findings, quality, warnings);
  putDocument(s3, summaryUri, summary);
  return { summary, published };
}

/**
 * A run the bookmark handed no new file: nothing is read, evaluated or written but the summary,
 * with zero rows (the processed data stays as earlier runs left it).
 */
export function runWithoutNewInput(s3: LocalS3, plan: JobPlan, runId: string): PlanRunOutcome {
  const q = qualityStepOf(plan)?.quality;
  const quality =
    q === undefined ? null : { ruleset: q.ruleset, dataset: plan.input.dataset, score: null, rules: [] };
  const none = { inputRows: 0, outputRows: 0, quarantinedRows: 0, duplicateRows: 0 };
  const entities = plan.steps.flatMap((s) => (s.kind === 'detectPii' ? s.findings.entities : []));
  const findings = Object.fromEntries(entities.map((e) => [e, 0]));
  const summary = runSummary(plan, runId, 'SUCCEEDED', none, findings, quality);
  putDocument(s3, withRunId(plan, plan.runSummary.uri, runId), summary);
  return { summary, published: [] };
}
