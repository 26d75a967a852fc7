/**
 * `npm run bench -- [--json] [--rows 100000,1000000] [--warehouse postgres://…] [--startup-runs 7]
 *   [--only startup|simulation|spark] [--spark-rows 100000]`
 *
 * First the command's start-up (bench/startup.ts), then the simulation: simulates student-enrollment
 * end to end on generated data and reports, per size: the whole run, each stage, rows/s, peak
 * memory, and the Glue-job stage beside the same jobs hand-written as plain DuckDB SQL
 * (bench/baseline.ts). Then the same at `--spark-rows` (0: not run) with `--engine spark`: the Glue
 * runner on PySpark, reported beside DuckDB and the baseline, not held to a target. Sample
 * generation, synthesis and making the Spark environment are not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { synthTree, writeTree } from '../cli/synth-tree.js';
import { findStage } from '../core/index.js';
import { simulate } from '../local/simulate.js';
import { sparkEnvironment } from '../local/spark/environment.js';
import type { SparkSubmit } from '../local/spark/submit.js';
import flagship from '../pipelines/student-enrollment/pipeline.js';
import { writeSample } from '../pipelines/student-enrollment/sample.js';
import { runBaseline } from './baseline.js';
import { benchStartup, type StartupFigures, startupLines } from './startup.js';

interface StageFigure {
  readonly ms: number;
  readonly rowsPerSecond: number;
}

interface BenchRun {
  readonly rows: number;
  readonly engine: 'duckdb' | 'spark';
  readonly warehouse: string;
  readonly e2eMs: number;
  readonly jobMs: number;
  readonly baselineJobMs: number;
  readonly jobRatio: number;
  readonly peakRssMb: number;
  readonly stages: Readonly<Record<string, StageFigure>>;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** The states that do a stage's work, by the names the state machine gives them. */
const STAGES: readonly { readonly name: string; readonly match: (state: string) => boolean }[] = [
  { name: 'rawCrawler', match: (s) => /raw crawler/i.test(s) },
  { name: 'glueJobs', match: (s) => /^Run jobs? /.test(s) },
  { name: 'processedCrawler', match: (s) => /processed crawler/i.test(s) },
  { name: 'warehouseLoad', match: (s) => /warehouse load/i.test(s) },
  { name: 'notify', match: (s) => /^(Read run summary|Notify)/.test(s) },
];

async function benchOne(rows: number, warehouse: string, spark?: SparkSubmit): Promise<BenchRun> {
  const dir = mkdtempSync(join(tmpdir(), `lakeline-bench-${rows}-`));
  try {
    const input = join(dir, 'input');
    writeSample({ out: input, rows, seed: 7, dirty: 0.02 });
    const tree = join(dir, 'workdir', 'tree');
    writeTree(tree, synthTree(flagship, findStage(flagship, 'local')));
    const started = performance.now();
    const result = await simulate({
      tree,
      workdir: join(dir, 'workdir'),
      input,
      warehouse,
      ...(spark === undefined ? {} : { spark }),
    });
    const e2eMs = performance.now() - started;
    if (result.run.status !== 'SUCCEEDED') throw new Error(`the ${rows}-row run failed: ${result.run.error}`);
    const enrollmentRows = result.run.datasets.enrollments?.inputRows ?? rows;
    // Parallel branches overlap: a stage's time is the wall time from its first state's start to its last state's end.
    const stages: Record<string, StageFigure> = {};
    for (const stage of STAGES) {
      const visits = result.visits.filter((v) => stage.match(v.name));
      if (visits.length === 0) continue;
      const ms = Math.max(...visits.map((v) => v.endMs)) - Math.min(...visits.map((v) => v.startMs));
      stages[stage.name] = { ms: Math.round(ms), rowsPerSecond: Math.round(enrollmentRows / (ms / 1000)) };
    }
    const jobMs = stages.glueJobs?.ms ?? 0;
    const baselineJobMs = await runBaseline(input, join(dir, 'baseline'));
    return {
      rows,
      engine: spark === undefined ? 'duckdb' : 'spark',
      warehouse,
      e2eMs: Math.round(e2eMs),
      jobMs,
      baselineJobMs: Math.round(baselineJobMs),
      jobRatio: Number((jobMs / baselineJobMs).toFixed(2)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      stages,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = (argument('--rows') ?? '100000,1000000').split(',').map(Number);
const sparkRows = Number(argument('--spark-rows') ?? 100_000);
const startupRuns = Number(argument('--startup-runs') ?? 7);
const fail = (message: string): never => {
  console.error(`error: ${message}`);
  process.exit(1);
};
if (!sizes.every((n) => Number.isInteger(n) && n > 0))
  fail(`--rows must be whole numbers above 0, separated by commas, not "${argument('--rows')}"`);
if (!Number.isInteger(sparkRows) || sparkRows < 0)
  fail(`--spark-rows must be a whole number (0: no Spark run), not "${argument('--spark-rows')}"`);
if (!Number.isInteger(startupRuns) || startupRuns < 1)
  fail(`--startup-runs must be a whole number above 0, not "${argument('--startup-runs')}"`);
const warehouse = argument('--warehouse') ?? 'pglite';
const json = process.argv.includes('--json');
const only = argument('--only');
if (only !== undefined && only !== 'startup' && only !== 'simulation' && only !== 'spark')
  fail(`--only must be startup, simulation or spark, not "${only}"`);
const runs: BenchRun[] = [];
if (!json) {
  console.log(
    `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
}
let startup: StartupFigures | undefined;
if (only === undefined || only === 'startup') {
  startup = await benchStartup(startupRuns);
  if (!json) console.log(`\n${startupLines(startup).join('\n')}`);
}

function report(r: BenchRun): void {
  if (json) return;
  console.log(
    `\n${r.rows.toLocaleString('en-US')} enrollments, engine ${r.engine}, warehouse ${r.warehouse}`,
  );
  console.log(
    `  end to end      ${(r.e2eMs / 1000).toFixed(2)} s  (${Math.round(r.rows / (r.e2eMs / 1000)).toLocaleString('en-US')} rows/s)`,
  );
  for (const [name, s] of Object.entries(r.stages)) {
    console.log(
      `  ${name.padEnd(16)}${(s.ms / 1000).toFixed(2).padStart(6)} s  ${s.rowsPerSecond.toLocaleString('en-US').padStart(12)} rows/s`,
    );
  }
  console.log(
    `  Glue jobs vs hand-written DuckDB: ${(r.jobMs / 1000).toFixed(2)} s vs ${(r.baselineJobMs / 1000).toFixed(2)} s = ${r.jobRatio}×`,
  );
  const duck = runs.find((d) => d.engine === 'duckdb' && d.rows === r.rows);
  if (r.engine === 'spark' && duck !== undefined)
    console.log(`  Glue jobs on Spark vs on DuckDB: ${(r.jobMs / duck.jobMs).toFixed(1)}×`);
  console.log(
    `  peak RSS        ${r.peakRssMb} MB${r.engine === 'spark' ? ' (this process; Spark runs in its own)' : ''}`,
  );
}

for (const rows of only === undefined || only === 'simulation' ? sizes : []) {
  const r = await benchOne(rows, warehouse);
  runs.push(r);
  report(r);
}
if ((only === undefined || only === 'spark') && sparkRows > 0) {
  // The DuckDB run of the same size, for the comparison, unless the sizes above had it.
  if (!runs.some((r) => r.rows === sparkRows)) {
    const duck = await benchOne(sparkRows, warehouse);
    runs.push(duck);
    report(duck);
  }
  const environment = await sparkEnvironment((line) => console.error(line));
  const r = await benchOne(sparkRows, warehouse, { environment });
  runs.push(r);
  report(r);
}
if (json) console.log(JSON.stringify({ startup, runs }, null, 2));
