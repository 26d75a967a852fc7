/**
 * One job run on Spark (`simulate --engine spark`): the job's script, as uploaded, run by the
 * simulation's Spark driver with the run's arguments (local/spark/submit.ts). The runner itself
 * reads the input the bookmark hands it, runs the plan's Spark SQL, evaluates DQDL with deequ and writes
 * processed data, quarantine, DQ results, the run summary and the bookmark to the local S3 and
 * the bookmark store; this side only reads back what it wrote, as Glue's console would.
 */
import { parseRunSummary, type RunSummary } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import type { RuleOutcome } from '../../quality-rules/index.js';
import { parseS3Uri } from '../s3/local-s3.js';
import type { SparkDriver } from '../spark/submit.js';
import { type RunWork, startRun } from './jobs-run.js';
import { withRunId } from './plan-output.js';
import { publishedResults } from './plan-quality.js';
import type { PlanRunOutcome } from './plan-run.js';
import { QualityGateFailed } from './plan-run.js';
import type { QualityResults } from './plan-summary.js';

export interface SparkRunWork extends Omit<RunWork, 'db' | 'scratch'> {
  readonly spark: SparkDriver;
}

function readText(work: SparkRunWork, uri: string): string | undefined {
  const { bucket, key } = parseS3Uri(uri);
  return work.s3.head(bucket, key) === undefined ? undefined : work.s3.get(bucket, key).toString('utf8');
}

function readDocument<T>(work: SparkRunWork, uri: string): T | undefined {
  const text = readText(work, uri);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** The summary the runner wrote, held to its schema: another process wrote it. */
async function readSummary(work: SparkRunWork, uri: string): Promise<RunSummary | undefined> {
  const text = readText(work, uri);
  return text === undefined ? undefined : parseRunSummary(text, uri);
}

/** What the run published to Glue Data Quality, from the DQ results document the runner wrote. */
function published(plan: JobPlan, work: SparkRunWork, runId: string): PlanRunOutcome['published'] {
  const q = plan.quality;
  if (q === null || plan.qualityResults === null) return [];
  const results = readDocument<QualityResults>(work, withRunId(plan, plan.qualityResults.path, runId));
  if (results === undefined) return [];
  const of = (texts: readonly string[]): RuleOutcome[] => results.rules.filter((r) => texts.includes(r.rule));
  const rows =
    q.outcomesView === null || results.rowLevel === null
      ? null
      : { rules: of(q.rowRules), evaluated: results.rowLevel.evaluated, failed: results.rowLevel.failed };
  const dataset = q.datasetRules.length === 0 ? null : of(q.datasetRules);
  const run = { jobRunId: work.jobRunId, startedOn: work.startedOn, completedOn: new Date() };
  return publishedResults(plan, q, run, rows, dataset);
}

export async function executeSparkRun(work: SparkRunWork): Promise<PlanRunOutcome> {
  const { args, plan } = startRun(work, ' on Spark');
  const summaryUri = withRunId(plan, plan.runSummary.uri, args.runId);
  try {
    await work.spark.run({
      script: work.s3.pathOf(work.job.Command.ScriptLocation),
      arguments: args.all,
      s3Root: work.s3.root,
      bookmarkUri: work.bookmarks.file(work.job.Name),
      signal: work.signal,
      log: work.log,
    });
  } catch (e) {
    // The runner's own error says most about a failed run; a summary it could not write well adds nothing.
    const summary = await readSummary(work, summaryUri).catch(() => undefined);
    if (
      summary?.status === 'FAILED_QUALITY_GATE' &&
      e instanceof Error &&
      e.message.startsWith('QualityGateFailed: ')
    ) {
      throw new QualityGateFailed(e.message.slice('QualityGateFailed: '.length), {
        summary,
        published: published(plan, work, args.runId),
      });
    }
    throw e;
  }
  const summary = await readSummary(work, summaryUri);
  if (summary === undefined)
    throw new Error(`the runner succeeded but wrote no run summary at ${summaryUri}`);
  return { summary, published: published(plan, work, args.runId) };
}
