import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { findStage } from '../../core/index.js';
import type { ExecutionEvent } from '../../local/executor/index.js';
import { type Fault, parseFault, simulate } from '../../local/simulate.js';
import { loadPipeline } from '../pipelines.js';
import { synthTree, writeTree } from '../synth-tree.js';
import { liveLines, summaryLines } from '../terminal.js';
import { loadSampleModule, parseNumberOption } from './sample.js';

export interface SimulateOptions {
  readonly pipelines: string;
  readonly input?: string;
  readonly rows?: string;
  readonly seed?: string;
  readonly dirty?: string;
  readonly workdir?: string;
  readonly warehouse: string;
  readonly fail: readonly string[];
  readonly json?: boolean;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Renames a folder out of the way and deletes it in the background; resolves when it is gone.
 * What an interrupted run left aside is deleted too.
 */
function clearAside(dir: string): Promise<void> {
  const parent = dirname(dir);
  const leftovers = (existsSync(parent) ? readdirSync(parent) : []).flatMap((name) => {
    const m = /^(.*)\.old-(\d+)-\d+$/.exec(name);
    return m?.[1] === basename(dir) && !alive(Number(m[2])) ? [join(parent, name)] : [];
  });
  const removals = leftovers.map((path) => rm(path, { recursive: true, force: true }));
  if (!existsSync(dir)) return Promise.all(removals).then(() => undefined);
  const aside = `${dir}.old-${process.pid}-${Date.now()}`;
  try {
    renameSync(dir, aside);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return Promise.all(removals).then(() => undefined);
  }
  return Promise.all([...removals, rm(aside, { recursive: true, force: true })]).then(() => undefined);
}

export async function simulateCommand(name: string, options: SimulateOptions): Promise<number> {
  const pipeline = await loadPipeline(options.pipelines, name);
  const stage = findStage(pipeline, 'local');
  const faults: Fault[] = options.fail.map(parseFault);
  if (options.input !== undefined && options.rows !== undefined) {
    throw new Error('give either --input (your raw data) or --rows (generated sample data), not both');
  }
  if (options.input !== undefined && !existsSync(options.input))
    throw new Error(`--input ${options.input} does not exist`);

  // The default workdir is a fresh simulated account each run; an explicit --workdir keeps its
  // state (job bookmarks, catalog, warehouse) from one run to the next.
  const workdir = resolve(options.workdir ?? join('.lakeline', pipeline.name));
  // The last run's account is moved aside at once and deleted while this run goes on.
  const cleared = options.workdir === undefined ? clearAside(workdir) : Promise.resolve();
  mkdirSync(workdir, { recursive: true });
  const out = options.json ? process.stderr : process.stdout;
  const say = (line: string) => out.write(`${line}\n`);

  let input = options.input;
  if (input === undefined) {
    const sample = await loadSampleModule(options.pipelines, pipeline.name);
    input = join(workdir, 'input');
    const rows = parseNumberOption('--rows', options.rows, true) ?? 1000;
    const seed = parseNumberOption('--seed', options.seed, true) ?? 42;
    const dirty = parseNumberOption('--dirty', options.dirty, false) ?? 0;
    rmSync(input, { recursive: true, force: true });
    sample.writeSample({ out: input, rows, seed, dirty });
    say(
      `sample data: ${rows.toLocaleString('en-US')} enrollments, seed ${seed}, dirty ${dirty} → ${relative(process.cwd(), input)}`,
    );
  }

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
    onEvent: (e: ExecutionEvent) => live(e),
    onProgress: (line: string) => say(`  ${line}`),
  });
  for (const line of summaryLines(result.run, { runJson: result.runJsonPath, report: result.reportPath }))
    say(line);
  if (options.json) writeFileSync(1, `${JSON.stringify(result.run, null, 2)}\n`);
  await cleared;
  return result.run.status === 'SUCCEEDED' ? 0 : 1;
}
