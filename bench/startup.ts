/**
 * How fast the command answers: `lakeline --help`, `list` and `validate` beside a bare `node -e 0`
 * start, and how long `simulate` takes from its start to its first state, beside the synth of the
 * pipeline. Each figure is the median of several runs, interleaved so that a slow spell of the
 * machine falls on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error bin/compile.js is plain JavaScript without declarations.
import { compiled } from '../bin/compile.js';
import { synthTree, writeTree } from '../cli/synth-tree.js';
import { findStage } from '../core/index.js';
import flagship from '../pipelines/student-enrollment/pipeline.js';
import { writeSample } from '../pipelines/student-enrollment/sample.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lakeline.js');

export interface StartupFigures {
  readonly runs: number;
  readonly nodeMs: number;
  readonly helpMs: number;
  readonly helpRatio: number;
  readonly listMs: number;
  readonly validateMs: number;
  /** From the command's start to the state machine's start (run.json `startedAt`). */
  readonly simulateReadyMs: number;
  /** Synthesizing and writing the pipeline's local tree, in one warm process. */
  readonly synthMs: number;
  readonly helpWithin10x: boolean;
  readonly readyWithin1sOfSynth: boolean;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function timed(args: readonly string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

/** The wall time from spawning `simulate` to the execution's start, as its run.json records it. */
function simulateReady(input: string, workdir: string): number {
  const spawnedAt = Date.now();
  const r = spawnSync(
    process.execPath,
    [BIN, 'simulate', 'student-enrollment', '--input', input, '--workdir', workdir],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`simulate exited ${r.status}: ${r.stderr.toString()}`);
  const run = JSON.parse(readFileSync(join(workdir, 'run.json'), 'utf8')) as { startedAt: string };
  return Date.parse(run.startedAt) - spawnedAt;
}

export async function benchStartup(runs: number): Promise<StartupFigures> {
  await compiled();
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-bench-startup-'));
  try {
    const input = join(dir, 'input');
    writeSample({ out: input, rows: 1000, seed: 7, dirty: 0.02 });
    const node: number[] = [];
    const help: number[] = [];
    const list: number[] = [];
    const validate: number[] = [];
    const ready: number[] = [];
    const synth: number[] = [];
    // One of each first, untimed: the file cache warms as it would for a user's second command.
    timed([BIN, 'list']);
    for (let i = 0; i < runs; i++) {
      node.push(timed(['-e', '0']));
      help.push(timed([BIN, '--help']));
      list.push(timed([BIN, 'list']));
      validate.push(timed([BIN, 'validate', 'student-enrollment']));
      ready.push(simulateReady(input, join(dir, `workdir-${i}`)));
      const started = performance.now();
      writeTree(join(dir, `tree-${i}`), synthTree(flagship, findStage(flagship, 'local')));
      synth.push(performance.now() - started);
    }
    const nodeMs = median(node);
    const helpMs = median(help);
    const synthMs = median(synth);
    const simulateReadyMs = median(ready);
    return {
      runs,
      nodeMs: Math.round(nodeMs),
      helpMs: Math.round(helpMs),
      helpRatio: Number((helpMs / nodeMs).toFixed(1)),
      listMs: Math.round(median(list)),
      validateMs: Math.round(median(validate)),
      simulateReadyMs: Math.round(simulateReadyMs),
      synthMs: Math.round(synthMs),
      helpWithin10x: helpMs <= 10 * nodeMs,
      readyWithin1sOfSynth: simulateReadyMs <= 1000 + synthMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startupLines(f: StartupFigures): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `start-up (median of ${f.runs} runs each)`,
    `  node -e 0                   ${s(f.nodeMs)}`,
    `  lakeline --help             ${s(f.helpMs)}  = ${f.helpRatio}× node  (target ≤ 10×: ${f.helpWithin10x ? 'met' : 'NOT met'})`,
    `  lakeline list               ${s(f.listMs)}`,
    `  lakeline validate           ${s(f.validateMs)}  (synth and check of 3 stages)`,
    `  simulate → first state      ${s(f.simulateReadyMs)}  (synth alone ${s(f.synthMs)}; target ≤ 1 s + synth: ${f.readyWithin1sOfSynth ? 'met' : 'NOT met'})`,
  ];
}
