/**
 * `npm run bench -- [--json] [--rows 100000,1000000] [--warehouse postgres://…] [--startup-runs 7]
 *   [--only startup|simulation]`
 *
 * First the command's start-up (bench/startup.ts), then the simulation: simulates student-enrollment
 * end to end on generated data and reports, per size: the whole run, each stage, rows/s, peak
 * memory, and the Glue-job stage beside the same jobs hand-written as plain DuckDB SQL
 * (bench/baseline.ts). Sample generation and synthesis are not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { synthTree, writeTree } from '../cli/synth-tree.js';
import { findStage } from '../core/index.js';
import { simulate } from '../local/simulate.js';
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

async function benchOne(rows: number, warehouse: string): Promise<BenchRun> {
  const dir = mkdtempSync(join(tmpdir(), `lakeline-bench-${rows}-`));
  try {
    const input = join(dir, 'input');
    writeSample({ out: input, rows, seed: 7, dirty: 0.02 });
    const tree = join(dir, 'workdir', 'tree');
    writeTree(tree, synthTree(flagship, findStage(flagship, 'local')));
    const started = performance.now();
    const result = await simulate({ tree, workdir: join(dir, 'workdir'), input, warehouse });
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
const startupRuns = Number(argument('--startup-runs') ?? 7);
const fail = (message: string): never => {
  console.error(`error: ${message}`);
  process.exit(1);
};
if (!sizes.every((n) => Number.isInteger(n) && n > 0))
  fail(`--rows must be whole numbers above 0, separated by commas, not "${argument('--rows')}"`);
if (!Number.isInteger(startupRuns) || startupRuns < 1)
  fail(`--startup-runs must be a whole number above 0, not "${argument('--startup-runs')}"`);
const warehouse = argument('--warehouse') ?? 'pglite';
const json = process.argv.includes('--json');
const only = argument('--only');
if (only !== undefined && only !== 'startup' && only !== 'simulation')
  fail(`--only must be startup or simulation, not "${only}"`);
const runs: BenchRun[] = [];
if (!json) {
  console.log(
    `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
}
let startup: StartupFigures | undefined;
if (only !== 'simulation') {
  startup = await benchStartup(startupRuns);
  if (!json) console.log(`\n${startupLines(startup).join('\n')}`);
}
for (const rows of only === 'startup' ? [] : sizes) {
  const r = await benchOne(rows, warehouse);
  runs.push(r);
  if (!json) {
    console.log(`\n${rows.toLocaleString('en-US')} enrollments, warehouse ${warehouse}`);
    console.log(
      `  end to end      ${(r.e2eMs / 1000).toFixed(2)} s  (${Math.round(rows / (r.e2eMs / 1000)).toLocaleString('en-US')} rows/s)`,
    );
    for (const [name, s] of Object.entries(r.stages)) {
      console.log(
        `  ${name.padEnd(16)}${(s.ms / 1000).toFixed(2).padStart(6)} s  ${s.rowsPerSecond.toLocaleString('en-US').padStart(12)} rows/s`,
      );
    }
    console.log(
      `  Glue jobs vs hand-written DuckDB: ${(r.jobMs / 1000).toFixed(2)} s vs ${(r.baselineJobMs / 1000).toFixed(2)} s = ${r.jobRatio}×`,
    );
    console.log(`  peak RSS        ${r.peakRssMb} MB`);
  }
}
if (json) console.log(JSON.stringify({ startup, runs }, null, 2));
