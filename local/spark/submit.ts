/**
 * Glue job runs on Spark: one Spark driver per simulation (driver.py, whose Spark is started with
 * spark-submit's options) runs each job's own script (`lakeline_runner.py`, as uploaded to the
 * local S3) in a thread on a session of its own, with the run's arguments as Glue passes them and
 * the runner's spark runtime selected: `s3://bucket/key` is `<s3Root>/bucket/key`, the job
 * bookmark a state object the local Glue also reads. One JVM for every run saves each a JVM start
 * and Spark's warm-up. Locally (`local[*]`) Spark writes no `_SUCCESS` marker and no `.crc` files
 * beside the data, which S3 would not hold either.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SparkEnvironment } from './environment.js';

const LOG4J = fileURLToPath(new URL('./log4j2.properties', import.meta.url));
const DRIVER = fileURLToPath(new URL('./driver.py', import.meta.url));

export interface SparkSubmit {
  readonly environment: SparkEnvironment;
  /** `local[*]` unless given: a `spark://`, `yarn` or `k8s://` master runs the jobs on that cluster. */
  readonly master?: string;
}

export interface SparkJobRun {
  readonly script: string;
  /** The run's arguments, `--name` → value, as Glue passes them to the script. */
  readonly arguments: Readonly<Record<string, string>>;
  readonly s3Root: string;
  readonly bookmarkUri: string;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export class SparkJobError extends Error {
  override readonly name = 'SparkJobError';
}

export function isLocalMaster(master: string): boolean {
  return master === 'local' || master.startsWith('local[');
}

/** spark-submit's options: the master, deequ's JARs, and the settings of a run here. */
export function submitOptions(submit: SparkSubmit): string[] {
  const master = submit.master ?? 'local[*]';
  const conf: Record<string, string> = {
    'spark.ui.enabled': 'false',
    'spark.driver.extraJavaOptions': `-Dlog4j.configurationFile=file:${LOG4J}`,
    'spark.jars.ivy': `${submit.environment.cacheDir}/ivy`,
    'spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs': 'false',
  };
  if (isLocalMaster(master)) {
    // One machine: few shuffle partitions, and the raw local file system (no .crc files).
    conf['spark.sql.shuffle.partitions'] = '4';
    conf['spark.hadoop.fs.file.impl'] = 'org.apache.hadoop.fs.RawLocalFileSystem';
  }
  const args = ['--master', master, '--jars', submit.environment.jars.join(',')];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  return args;
}

/** The script's arguments: the run's, then the spark runtime's. */
export function runnerArguments(run: SparkJobRun): string[] {
  const args: string[] = [];
  for (const [k, v] of Object.entries(run.arguments)) args.push(k, v);
  args.push(
    '--lakeline_runtime',
    'spark',
    '--lakeline_s3_root',
    run.s3Root,
    '--lakeline_bookmark_uri',
    run.bookmarkUri,
  );
  return args;
}

/** The error a runner printed last: its exception line, else the last lines of its output. */
export function runnerError(lines: readonly string[]): string {
  const traceback = lines.findLastIndex((l) => l.startsWith('Traceback (most recent call last)'));
  if (traceback >= 0) {
    const after = lines.slice(traceback + 1);
    const first = after.findIndex((l) => /^[A-Za-z_][\w.]*(Error|Exception|Failed)\b/.test(l));
    if (first >= 0) {
      // The exception's message may go on over several lines (a gate's failures do).
      const message = after.slice(first).filter((l) => !/^\d\d:\d\d:\d\d (WARN|ERROR|INFO) /.test(l));
      return message.join('\n').replace(/^[\w.]*\.(\w+): /, '$1: ');
    }
  }
  return lines.slice(-5).join('\n');
}

/** An argument as POSIX shells (and Python's shlex, which reads PYSPARK_SUBMIT_ARGS) quote it. */
const shellQuote = (arg: string): string =>
  /^[\w@%+=:,./[\]*-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;

interface Pending {
  readonly log: (line: string) => void;
  readonly lines: string[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

type Reply = { ready: true } | { id: string; line: string } | { id: string; ok: boolean; error?: string };

const isNoise = (line: string) => line.trim() === '' || /ANTLR (Tool|Runtime) version/.test(line);

/** The simulation's Spark driver: started on the first run, stopped by `close()`. */
export class SparkDriver {
  private child: ChildProcessWithoutNullStreams | undefined;
  private started: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Spark's own last lines (stderr), for when the driver itself dies. */
  private readonly stderr: string[] = [];

  constructor(private readonly submit: SparkSubmit) {}

  private start(): Promise<void> {
    this.started ??= new Promise((resolve, reject) => {
      const env = this.submit.environment;
      // Python starts the JVM (through spark-submit, with PYSPARK_SUBMIT_ARGS), so the driver's
      // stdin is this pipe: spark-submit running a Python file would not pass stdin on.
      const child = spawn(env.python, [DRIVER], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          SPARK_HOME: env.sparkHome,
          PYSPARK_PYTHON: env.python,
          PYSPARK_SUBMIT_ARGS: [...submitOptions(this.submit), 'pyspark-shell'].map(shellQuote).join(' '),
          PYTHONUNBUFFERED: '1',
        },
      });
      this.child = child;
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf('\n');
          if (line.trim() === '') continue;
          let reply: Reply;
          try {
            reply = JSON.parse(line) as Reply;
          } catch {
            this.note(line);
            continue;
          }
          if ('ready' in reply) resolve();
          else this.handle(reply);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split(/\r?\n/)) if (!isNoise(line)) this.note(line);
      });
      const died = (why: string) => {
        const error = new SparkJobError(`the Spark driver ${why}:\n${this.stderr.slice(-20).join('\n')}`);
        reject(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      child.on('error', (e) => died(`could not start (${e.message})`));
      child.on('close', (code) => {
        this.child = undefined;
        if (this.pending.size > 0 || code !== 0) died(`ended (exit ${code})`);
      });
    });
    return this.started;
  }

  /** A line Spark printed outside any run (warnings): every run in progress logs it. */
  private note(line: string): void {
    this.stderr.push(line);
    if (this.stderr.length > 200) this.stderr.shift();
    for (const p of this.pending.values()) p.log(line);
  }

  private handle(reply: Exclude<Reply, { ready: true }>): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    if ('line' in reply) {
      if (isNoise(reply.line)) return;
      p.lines.push(reply.line);
      if (p.lines.length > 400) p.lines.shift();
      p.log(reply.line);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve();
    else p.reject(new SparkJobError(runnerError(p.lines) || reply.error || 'the job failed'));
  }

  /**
   * Runs a job; resolves when the runner succeeded, rejects with its error otherwise. A stopped
   * run (`signal`) rejects at once; its thread in the driver finishes on its own.
   */
  async run(run: SparkJobRun): Promise<void> {
    await this.start();
    run.signal.throwIfAborted();
    const id = randomUUID();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(run.signal.reason);
      };
      run.signal.addEventListener('abort', onAbort, { once: true });
      const done = (f: () => void) => () => {
        run.signal.removeEventListener('abort', onAbort);
        f();
      };
      this.pending.set(id, {
        log: run.log,
        lines: [],
        resolve: done(resolve),
        reject: (e) => done(() => reject(e))(),
      });
      this.child!.stdin.write(`${JSON.stringify({ id, script: run.script, argv: runnerArguments(run) })}\n`);
    });
  }

  /** Stops the driver: no further run starts; waits for the process to end. */
  async close(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin.end();
    });
  }
}
