/**
 * One simulated run of a synthesized pipeline: the artifact tree is installed into a local account
 * under the workdir, the raw input lands in the raw prefix, and the state machine executes with
 * every Task served by a local service. The result is run.json and report.html.
 */

import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactTree, artifactLayout, parseRunSummary, type RunSummary } from '../core/index.js';
import { createAslExecutor, type ExecutionEvent, type JsonValue, walkStates } from './executor/index.js';
import { checkFaults, type Fault, withFaults } from './faults.js';
import { installTree, type PlanSummary, planSummaries } from './install-tree.js';
import { functionsEndpoint } from './lambda/functions-endpoint.js';
import { openLocalServices } from './local-services.js';
import { failureInWords } from './report/failure-message.js';
import { renderReport } from './report/report-html.js';
import type { DatasetRecord, QualityRecord, RunRecord, StateVisit } from './report/run-record.js';
import { stateRecords } from './report/run-record.js';
import type { LocalS3 } from './s3/local-s3.js';
import { resolverFor } from './services/registry.js';
import type { SparkSubmit } from './spark/submit.js';
import { installPostgresWarehouse, installWarehouse, warehouseCounts } from './warehouse-setup.js';

export { type Fault, parseFault } from './faults.js';

export interface SimulateOptions {
  /** The synthesized artifact tree of the local stage. */
  readonly tree: string;
  readonly workdir: string;
  /** Raw data: one folder per raw dataset, named as the dataset. */
  readonly input: string;
  /** `pglite` (embedded, under the workdir) or a `postgres://` URL. */
  readonly warehouse: string;
  readonly faults?: readonly Fault[];
  /** Glue jobs run their script on Spark (`--engine spark`) instead of their plan on DuckDB. */
  readonly spark?: SparkSubmit;
  readonly onEvent?: (event: ExecutionEvent) => void;
  readonly onProgress?: (line: string) => void;
}

export interface SimulateResult {
  readonly run: RunRecord;
  readonly visits: readonly StateVisit[];
  readonly executionName: string;
  readonly runJsonPath: string;
  readonly reportPath: string;
}

/** Copies `<input>/<dataset>/` into each plan's raw prefix; a missing dataset folder is an error. */
function seedRaw(
  s3: LocalS3,
  input: string,
  allPlans: readonly PlanSummary[],
  say: (line: string) => void,
): void {
  // Jobs over other jobs' outputs read what those jobs write, not the input folder.
  const plans = allPlans.filter((p) => p.layer === 'raw');
  const folders = existsSync(input)
    ? readdirSync(input, { withFileTypes: true }).filter((e) => e.isDirectory())
    : [];
  const datasets = new Set(plans.map((p) => p.dataset));
  const missing = [...datasets].filter((d) => !folders.some((f) => f.name === d));
  if (missing.length > 0) {
    throw new Error(
      `${input} has no folder for ${missing.join(', ')}; the input layout is one folder per raw dataset (${[...datasets].join(', ')})`,
    );
  }
  for (const f of folders)
    if (!datasets.has(f.name)) say(`input folder ${f.name}/ is not a raw dataset of this pipeline; ignored`);
  for (const plan of plans) uploadChanged(join(input, plan.dataset), s3.pathOf(plan.rawPath));
}

/** The bytes of the files under a folder (0 when it does not exist). */
function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const path = join(dir, e.name);
    return sum + (e.isDirectory() ? folderBytes(path) : e.isFile() ? statSync(path).size : 0);
  }, 0);
}

/**
 * Copies the files of a folder, leaving alone a file whose bytes are already there: re-uploading
 * an unchanged object would give it a new last-modified time, and job bookmarks (on Glue too) would
 * then read it again as changed.
 */
function uploadChanged(from: string, to: string): void {
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, e.name);
    const target = join(to, e.name);
    if (e.isDirectory()) {
      uploadChanged(source, target);
      continue;
    }
    if (existsSync(target) && statSync(target).size === statSync(source).size) {
      if (readFileSync(target).equals(readFileSync(source))) continue;
    }
    mkdirSync(to, { recursive: true });
    cpSync(source, target);
  }
}

/**
 * The summary a job left for this execution, held to its schema (the runner on Spark wrote it);
 * undefined when the job did not run.
 */
async function readSummary(s3: LocalS3, plan: PlanSummary, runId: string): Promise<RunSummary | undefined> {
  const { bucket } = plan.runSummary;
  const key = plan.runSummary.key.replace(plan.placeholder, runId);
  if (s3.head(bucket, key) === undefined) return undefined;
  return parseRunSummary(s3.get(bucket, key).toString('utf8'), `s3://${bucket}/${key}`);
}

const executionId = (): string =>
  `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;

export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const say = options.onProgress ?? (() => undefined);
  const tree = new ArtifactTree(options.tree);
  const { pipeline, stage, account, region } = tree.manifest;
  // Mistakes in the options are reported before anything is set up.
  const definition = tree.json<JsonValue>(artifactLayout.stateMachine);
  const faults = options.faults ?? [];
  checkFaults(faults, walkStates(definition));
  // The warehouse opens while the tree is installed and the input copied, which need none.
  let endpoint: Awaited<ReturnType<typeof functionsEndpoint>>;
  const services = openLocalServices({
    lambdaEndpoint: () => endpoint?.url,
    workdir: options.workdir,
    warehouse: options.warehouse,
    account,
    region,
    tree,
    inputBytes: folderBytes(options.input),
    ...(options.spark === undefined ? {} : { spark: options.spark }),
  });
  const { layout, s3, sns } = services;
  let plans: PlanSummary[];
  try {
    await installTree(tree, services);
    plans = planSummaries(tree);
    seedRaw(s3, options.input, plans, say);
    endpoint = await functionsEndpoint(tree, services);
  } catch (error) {
    await services.close();
    throw error;
  }
  // The warehouse's schema, roles and policies are set up while the first states run (a Redshift
  // Data task waits for them). A server's connection error is reported before anything runs;
  // PGlite, embedded, only takes a moment to start.
  const ready = services.redshift.then(async (warehouse) => {
    const installed = tree.has(artifactLayout.warehouseTarget('postgres'))
      ? await installPostgresWarehouse(tree, await services.rdsData)
      : await installWarehouse(tree, warehouse);
    if (installed) say('warehouse: schema, roles and policies created');
    return warehouse;
  });
  ready.catch(() => undefined);
  const rdsReady = ready.then(() => services.rdsData);
  rdsReady.catch(() => undefined);
  try {
    if (options.warehouse !== 'pglite') await ready;
    const executionName = executionId();
    const stateMachineName = `${pipeline}-${stage}-state-machine`;
    const startedAt = new Date();
    const events: ExecutionEvent[] = [];
    const result = await createAslExecutor().run(
      definition,
      {},
      {
        resolve: withFaults(resolverFor({ ...services, redshift: ready, rdsData: rdsReady }), faults),
        // synth checked this definition with asl-validator; checking it again costs a noticeable pause.
        validate: false,
        context: {
          executionArn: `arn:aws:states:${region}:${account}:execution:${stateMachineName}:${executionName}`,
          executionName,
          stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`,
          stateMachineName,
          startTime: startedAt.toISOString(),
        },
        onEvent: (e) => {
          events.push(e);
          options.onEvent?.(e);
        },
      },
    );
    const durationMs = Date.now() - startedAt.getTime();

    const datasets: Record<string, DatasetRecord> = {};
    const quality: QualityRecord[] = [];
    for (const plan of plans) {
      const summary = await readSummary(s3, plan, executionName);
      if (summary === undefined) continue;
      datasets[plan.output] = {
        inputRows: summary.inputRows,
        outputRows: summary.outputRows,
        quarantinedRows: summary.quarantinedRows,
        duplicateRows: summary.duplicateRows,
        ...(summary.accounting === 'rowPreserving'
          ? { accounting: summary.accounting }
          : {
              accounting: summary.accounting,
              groupedRows: summary.groupedRows,
              quarantinedGroups: summary.quarantinedGroups,
            }),
        piiFindings: summary.piiFindings,
        ...(summary.warnings.length > 0 ? { warnings: summary.warnings } : {}),
      };
      if (summary.quality != null) {
        quality.push({
          ruleset: summary.quality.ruleset,
          dataset: plan.output,
          score: summary.quality.score ?? 1,
          rules: summary.quality.rules,
        });
      }
    }
    const { states, visits } = stateRecords(events);
    const run: RunRecord = {
      pipeline,
      stage,
      status: result.status,
      ...(result.status === 'FAILED' ? { error: failureInWords(result.error, result.cause) } : {}),
      startedAt: startedAt.toISOString(),
      durationMs,
      states,
      datasets,
      quality,
      warehouse: { tables: await warehouseCounts(await ready, tree) },
      notifications: sns
        .messages()
        .filter((m) => m.at >= startedAt.toISOString())
        .map((m) => ({ topic: m.topic, subject: m.subject, message: m.message })),
    };
    const runJsonPath = join(layout.workdir, 'run.json');
    const reportPath = join(layout.workdir, 'report.html');
    writeFileSync(runJsonPath, `${JSON.stringify(run, null, 2)}\n`);
    writeFileSync(reportPath, renderReport(run, visits));
    return { run, visits, executionName, runJsonPath, reportPath };
  } finally {
    await endpoint?.close();
    await services.close();
  }
}
