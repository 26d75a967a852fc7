import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { findStage, type Pipeline, type Stage } from '../../core/index.js';
import type { ExecutionEvent } from '../../local/executor/index.js';
import { type Fault, parseFault, simulate } from '../../local/simulate.js';
import type { SparkSubmit } from '../../local/spark/submit.js';
import { holdWorkdir } from '../hold-workdir.js';
import { CliError, loadPipeline } from '../pipelines.js';
import { synthTree, writeTree } from '../synth-tree.js';
import { liveLines, summaryLines } from '../terminal.js';
import { loadSampleModule, parseNumberOption, runSample } from './sample.js';

export interface SimulateOptions {
  readonly pipelines: string;
  readonly input?: string;
  readonly rows?: string;
  readonly seed?: string;
  readonly dirty?: string;
  readonly workdir?: string;
  readonly warehouse: string;
  readonly fail?: readonly string[];
  readonly json?: boolean;
  readonly engine?: string;
  readonly sparkMaster?: string;
}

const ENGINES = ['duckdb', 'spark'] as const;

/** `--engine` and `--spark-master` as given, checked before anything is touched. */
function checkEngineOptions(options: SimulateOptions): void {
  const engine = options.engine ?? 'duckdb';
  if (!ENGINES.includes(engine as (typeof ENGINES)[number]))
    throw new CliError(`--engine ${engine} is not one of ${ENGINES.join(', ')}`);
  const master = options.sparkMaster;
  if (engine === 'duckdb' && master !== undefined) throw new CliError('--spark-master needs --engine spark');
  if (master?.startsWith('sc://')) {
    throw new CliError(
      `--spark-master ${master}: Spark Connect cannot run the jobs' data-quality step (deequ's DQDL evaluator is a JVM library, which Spark Connect clients cannot call); give a spark://, yarn or k8s:// master`,
    );
  }
}

/** `--engine spark`: the Spark environment, made on first use, and the master jobs go to. */
async function sparkOption(
  options: SimulateOptions,
  say: (line: string) => void,
): Promise<SparkSubmit | undefined> {
  if ((options.engine ?? 'duckdb') === 'duckdb') return undefined;
  const master = options.sparkMaster;
  const { sparkEnvironment } = await import('../../local/spark/environment.js');
  const environment = await sparkEnvironment(say);
  say(
    `engine: spark (${master ?? 'local[*]'}), pyspark from ${environment.python.replace(/\/bin\/python$/, '')}`,
  );
  return { environment, ...(master === undefined ? {} : { master }) };
}

export async function simulateCommand(name: string, options: SimulateOptions): Promise<number> {
  const pipeline = await loadPipeline(options.pipelines, name);
  const stage = findStage(pipeline, 'local');
  const faults: Fault[] = (options.fail ?? []).map(parseFault);
  checkEngineOptions(options);
  if (options.input !== undefined && options.rows !== undefined) {
    throw new Error('give either --input (your raw data) or --rows (generated sample data), not both');
  }
  if (options.input !== undefined && !existsSync(options.input))
    throw new Error(`--input ${options.input} does not exist`);

  const workdir = resolve(options.workdir ?? join('.lakeline', pipeline.name));
  const inside = options.input === undefined ? undefined : relative(workdir, resolve(options.input));
  if (
    options.workdir === undefined &&
    inside !== undefined &&
    !inside.startsWith('..') &&
    !isAbsolute(inside)
  ) {
    throw new CliError(
      `--input ${options.input} is inside ${relative(process.cwd(), workdir)}, which simulate empties at the start of each run; copy it elsewhere, or pass --workdir`,
    );
  }
  const out = options.json ? process.stderr : process.stdout;
  const say = (line: string) => out.write(`${line}\n`);
  const lock = holdWorkdir(workdir, `lakeline simulate ${pipeline.name}`, say);
  try {
    // The default workdir is a fresh simulated account each run; an explicit --workdir keeps its
    // state (job bookmarks, catalog, warehouse) from one run to the next.
    // The last run's account is moved aside at once and deleted while this run goes on.
    const cleared = options.workdir === undefined ? lock.wipe() : Promise.resolve();
    const code = await simulateIn(workdir, pipeline, stage, faults, options, say);
    await cleared;
    return code;
  } finally {
    lock.release();
  }
}

async function simulateIn(
  workdir: string,
  pipeline: Pipeline,
  stage: Stage,
  faults: readonly Fault[],
  options: SimulateOptions,
  say: (line: string) => void,
): Promise<number> {
  let input = options.input;
  if (input === undefined) {
    const sample = await loadSampleModule(options.pipelines, pipeline.name);
    input = join(workdir, 'input');
    const given = {
      rows: parseNumberOption('--rows', options.rows, true),
      seed: parseNumberOption('--seed', options.seed, true),
      dirty: parseNumberOption('--dirty', options.dirty, false),
    };
    rmSync(input, { recursive: true, force: true });
    // A daily generator writes its first day.
    const summary = runSample(sample, pipeline.name, { out: input, ...given, day: undefined });
    const counts = Object.entries(summary.expected).map(
      ([dataset, e]) => `${e.inputRows.toLocaleString('en-US')} ${dataset}`,
    );
    const used = [
      ...(summary.day === undefined ? [] : [`day ${summary.day}`]),
      ...(summary.seed === undefined ? [] : [`seed ${summary.seed}`]),
      ...(summary.dirty === undefined ? [] : [`dirty ${summary.dirty}`]),
    ];
    say(
      `sample data${used.length === 0 ? '' : ` (${used.join(', ')})`}: ${counts.join(', ')} → ${relative(process.cwd(), input)}`,
    );
  }

  const spark = await sparkOption(options, say);
  const tree = join(workdir, 'tree');
  writeTree(tree, synthTree(pipeline, stage));
  say(`simulating ${pipeline.name} (stage local) in ${relative(process.cwd(), workdir) || '.'}`);
  const live = liveLines(say);
  const result = await simulate({
    tree,
    workdir,
    input,
    warehouse: options.warehouse,
    faults,
    ...(spark === undefined ? {} : { spark }),
    onEvent: (e: ExecutionEvent) => live(e),
    onProgress: (line: string) => say(`  ${line}`),
  });
  for (const line of summaryLines(result.run, { runJson: result.runJsonPath, report: result.reportPath }))
    say(line);
  if (options.json) writeFileSync(1, `${JSON.stringify(result.run, null, 2)}\n`);
  return result.run.status === 'SUCCEEDED' ? 0 : 1;
}
