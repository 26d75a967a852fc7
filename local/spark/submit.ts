/**
 * One Glue job run on Spark: the job's own script (`lakeline_runner.py`, as uploaded to the local
 * S3) started with `spark-submit`, with the run's arguments as Glue passes them and the runner's
 * spark runtime selected: `s3://bucket/key` is `<s3Root>/bucket/key`, the job bookmark a state
 * object the local Glue also reads. Locally (`local[*]`) Spark writes no `_SUCCESS` marker and no
 * `.crc` files beside the data, which S3 would not hold either.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SparkEnvironment } from './environment.js';

const LOG4J = fileURLToPath(new URL('./log4j2.properties', import.meta.url));

export interface SparkSubmit {
  readonly environment: SparkEnvironment;
  /** `local[*]` unless given: a `spark://`, `yarn`, `k8s://` master runs the job on that cluster. */
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

export function submitArguments(submit: SparkSubmit, run: SparkJobRun): string[] {
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
  args.push(run.script);
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

/** The error a failed runner printed last: its exception line, else the last lines of its output. */
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

/** Runs the job; resolves when the runner succeeded, rejects with its error otherwise. */
export function submitJob(submit: SparkSubmit, run: SparkJobRun): Promise<void> {
  const env = submit.environment;
  return new Promise((resolve, reject) => {
    const child = spawn(env.sparkSubmit, submitArguments(submit, run), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SPARK_HOME: env.sparkHome,
        PYSPARK_PYTHON: env.python,
        PYSPARK_DRIVER_PYTHON: env.python,
        PYTHONUNBUFFERED: '1',
      },
      signal: run.signal,
      killSignal: 'SIGTERM',
    });
    const lines: string[] = [];
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line.trim() === '' || /ANTLR (Tool|Runtime) version/.test(line)) continue;
        lines.push(line);
        if (lines.length > 400) lines.shift();
        run.log(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e) => reject(run.signal.aborted ? run.signal.reason : e));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else if (run.signal.aborted) reject(run.signal.reason);
      else reject(new SparkJobError(runnerError(lines)));
    });
  });
}
