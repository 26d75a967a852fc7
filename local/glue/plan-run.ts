/**
 * Runs a job plan on DuckDB as lakeline_runner.py runs it on Glue (`run`): the plan's actions in
 * order (read the input and the reference views, register each view, count PII findings, evaluate
 * the quality rules); then write the DQ results and the quarantine; check the gate; write the
 * processed data and the run summary (with what an incremental read advanced its mark to). A failing gate writes the summary with status
 * FAILED_QUALITY_GATE and throws, leaving the processed data untouched.
 */
import { type QualitySummary, type RunSummary, sql as s } from '../../core/index.js';
import type { JobPlan, PlanAction, PlanActionName, PlanReference } from '../../glue-scripts/index.js';
import { type DataQualityResult, type RuleOutcome, score } from '../../quality-rules/index.js';
import { createTable, createView, type DuckDb, emptyRelation, parquetRelation } from '../engines/index.js';
import { type LocalS3, parseS3Uri } from '../s3/local-s3.js';
import { type InputFile, registerInput } from './plan-input.js';
import { putDocument, withRunId, writeExport, writeProcessed, writeQuarantine } from './plan-output.js';
import { evaluateDataset, evaluateRows, publishedResults, type RowEvaluation } from './plan-quality.js';
import {
  accountedRows,
  EMPTY_INPUT,
  gateFailures,
  gateMessage,
  type IngestionRun,
  ingestionSummary,
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
  /** An incremental read (`plan.input.incremental`): the entry the run was given, the partitions it reads. */
  readonly ingestion?: IngestionRun | null;
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

/**
 * How many statements read each view's rows. A view whose rows are read more than once is computed
 * once into a table, as the runner persists views on Spark; one read once stays a view. Aggregates
 * over a view (PII findings, dataset rules) do not count: they read few columns, and the engine
 * computes only those.
 */
function rowReads(plan: JobPlan): Map<string, number> {
  const counts = new Map<string, number>();
  const read = (view: string) => counts.set(view, (counts.get(view) ?? 0) + 1);
  let last = 'step_0';
  for (const action of plan.actions) {
    if (action.action === 'view' || action.action === 'evaluateRows') for (const v of action.reads) read(v);
    if (action.action === 'view') last = action.view;
  }
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

async function registerReference(db: DuckDb, s3: LocalS3, ref: PlanReference): Promise<void> {
  const { bucket, key } = parseS3Uri(ref.path);
  const written = s3.list(bucket, key).some((o) => o.key.endsWith('.parquet'));
  const columns = ref.columns.map((c) => ({ name: c.name, type: c.type }));
  // Small key sets, read by a join: computed once.
  await createTable(
    db,
    ref.view,
    written
      ? parquetRelation(s3.pathOf(ref.path), columns, ref.partitionBy.length > 0)
      : emptyRelation(columns),
  );
}

/** What the actions find out, for the summary and the DQ results. */
interface ActionState {
  readonly findings: Record<string, number>;
  rows: RowEvaluation | null;
  dataset: readonly RuleOutcome[] | null;
  read: Awaited<ReturnType<typeof registerInput>> | null;
}

interface ActionContext {
  readonly o: PlanRunOptions;
  readonly plan: JobPlan;
  readonly state: ActionState;
  readonly register: (view: string, query: string) => Promise<void>;
  readonly timed: <T>(action: string, work: () => Promise<T>) => Promise<T>;
}

type ActionOf<N extends PlanActionName> = Extract<PlanAction, { action: N }>;

/** One handler per plan action, as the runner's `run` has: the engine never looks at a step's kind. */
const ACTIONS: { readonly [N in PlanActionName]: (a: ActionOf<N>, ctx: ActionContext) => Promise<void> } = {
  readInput: async (_, { o, plan, state, timed }) => {
    const mark = o.ingestion?.mark ?? null;
    const read = await timed('read input', () => registerInput(o.db, plan, o.files, o.scratch, mark));
    o.log(`read ${o.files.length} file(s): ${read.rows} rows, ${read.malformed} malformed`);
    if (mark !== null)
      o.log(
        `high-water mark ${mark.highWaterMark ?? '(none)'}: ${read.alreadyIngested} row(s) at or before it left out`,
      );
    state.read = read;
  },
  readReference: async (a, { o, timed }) => {
    await timed(`reference ${a.reference.view}`, () => registerReference(o.db, o.s3, a.reference));
  },
  view: async (a, { plan, register, timed }) => {
    // Named after the step's kind for the reader of an error; the engine itself never looks at it.
    const label =
      a.step === undefined ? a.view : `${a.view} (${plan.steps[a.step - 1]?.kind ?? `step ${a.step}`})`;
    await timed(label, () => register(a.view, a.sql.duckdb));
  },
  // PII findings from the step's input, before the step redacts it.
  countFindings: async (a, { o, state, timed }) => {
    const found = await timed(`step ${a.step} PII findings`, () => o.db.one(a.sql.duckdb));
    for (const e of a.entities) state.findings[e] = (state.findings[e] ?? 0) + Number(found[e] ?? 0);
  },
  evaluateRows: async (a, { o, plan, state, timed }) => {
    state.rows = await timed(`step ${a.step} row rules`, () => evaluateRows(o.db, plan, a.step, o.startedOn));
  },
  evaluateDataset: async (a, { o, plan, state, timed }) => {
    state.dataset = await timed(`step ${a.step} dataset rules`, () =>
      evaluateDataset(o.db, plan, a.step, o.startedOn),
    );
  },
};

const runAction = (action: PlanAction, ctx: ActionContext): Promise<void> =>
  (ACTIONS[action.action] as (a: PlanAction, c: ActionContext) => Promise<void>)(action, ctx);

export async function runPlan(plan: JobPlan, o: PlanRunOptions): Promise<PlanRunOutcome> {
  const { db, s3 } = o;
  const counts = rowReads(plan);
  // The plan's statements, compiled for DuckDB when the tree was synthesized.
  const register = async (view: string, text: string) =>
    (counts.get(view) ?? 0) > 1
      ? createTable(db, view, s.verbatim(text))
      : createView(db, view, s.verbatim(text));
  const timed = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
    o.signal.throwIfAborted();
    const started = Date.now();
    const result = await attempt(action, work);
    o.log(`${action}: ${Date.now() - started} ms`);
    return result;
  };

  const state: ActionState = { findings: {}, rows: null, dataset: null, read: null };
  for (const action of plan.actions) await runAction(action, { o, plan, state, register, timed });
  const { findings, rows, dataset, read } = state;
  if (read === null) throw new Error(`job ${plan.job}: the plan never reads its input`);
  const ingestion =
    o.ingestion === undefined || o.ingestion === null
      ? {}
      : { ingestion: ingestionSummary(o.ingestion, o.runId, read) };

  const split = await timed('counts', () => db.one(plan.split.counts.duckdb));
  const accounted = accountedRows(plan, split);
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

  const q = plan.quality;
  let quality: QualitySummary | null = null;
  let failures: RuleOutcome[] = [];
  let published: DataQualityResult[] = [];
  if (q !== null) {
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
    const summary = {
      ...runSummary(plan, o.runId, 'FAILED_QUALITY_GATE', accounted, findings, quality, warnings),
      ...ingestion,
    };
    putDocument(s3, summaryUri, summary);
    const message = gateMessage(plan, quality!.ruleset, failures, emptyInput);
    throw new QualityGateFailed(message, { summary, published });
  }
  await timed('processed output', () => writeProcessed(db, s3, plan, o.replaceOutput, o.fileId));
  if (plan.output.export !== null)
    await timed('CSV export', () => writeExport(db, s3, plan, o.replaceOutput, o.fileId));
  const summary = {
    ...runSummary(plan, o.runId, 'SUCCEEDED', accounted, findings, quality, warnings),
    ...ingestion,
  };
  putDocument(s3, summaryUri, summary);
  return { summary, published };
}

/**
 * A run the bookmark handed no new file: nothing is read, evaluated or written but the summary,
 * with zero rows (the processed data stays as earlier runs left it).
 */
export function runWithoutNewInput(
  s3: LocalS3,
  plan: JobPlan,
  runId: string,
  ingestion: IngestionRun | null = null,
): PlanRunOutcome {
  const q = plan.quality;
  const quality =
    q === null ? null : { ruleset: q.ruleset, dataset: plan.input.dataset, score: null, rules: [] };
  const none = accountedRows(plan, null);
  const entities = plan.actions.flatMap((a) => (a.action === 'countFindings' ? a.entities : []));
  const findings = Object.fromEntries(entities.map((e) => [e, 0]));
  const summary = {
    ...runSummary(plan, runId, 'SUCCEEDED', none, findings, quality),
    ...(ingestion === null
      ? {}
      : { ingestion: ingestionSummary(ingestion, runId, { rows: 0, alreadyIngested: 0, latest: null }) }),
  };
  putDocument(s3, withRunId(plan, plan.runSummary.uri, runId), summary);
  return { summary, published: [] };
}
