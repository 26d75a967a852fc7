/**
 * The environment `simulate --engine spark` runs Glue jobs in: a Python virtual environment with
 * PySpark (`requirements.txt`), created on first use and then reused, and the JARs of deequ's DQDL
 * evaluator, downloaded once from Maven Central. Both live in lakeline's cache outside the clone
 * (`$LAKELINE_CACHE`, else `$XDG_CACHE_HOME/lakeline`, else `~/.cache/lakeline`), the environment
 * in a folder named by a hash of the requirements and the interpreter, so any clone on the machine
 * reuses it and a changed requirement gets a new one. A half-made environment is never used: it is
 * marked ready only after pip succeeded, and a process that finds another one creating it waits.
 * `pythonEnvironment` makes such an environment for any requirements file (tests/parity has one
 * with dbt, kept out of the one Glue jobs run in).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive } from '../workdir-lock.js';

export const REQUIREMENTS = fileURLToPath(new URL('./requirements.txt', import.meta.url));

/** A JAR from Maven Central. */
export interface MavenJar {
  readonly group: string;
  readonly artifact: string;
  readonly version: string;
}

/**
 * deequ's DQDL evaluator (`com.amazon.deequ.dqdl.EvaluateDataQuality`) and AWS's DQDL parser it
 * runs on. Spark provides the rest of deequ's dependencies (Scala, breeze, ANTLR's runtime,
 * Jackson). deequ 2.1.0-spark-3.5 is built against dqdl 1.0.7; Maven Central serves dqdl 1.0.0
 * only, which the evaluator runs on (tests/local/spark/ hold it to that).
 */
export const DEEQU_JARS: readonly MavenJar[] = [
  { group: 'com.amazon.deequ', artifact: 'deequ', version: '2.1.0-spark-3.5' },
  { group: 'software.amazon.glue', artifact: 'dqdl', version: '1.0.0' },
];

export interface SparkEnvironment {
  /** The virtual environment's Python. */
  readonly python: string;
  /** PySpark's own Spark distribution (`SPARK_HOME`). */
  readonly sparkHome: string;
  readonly jars: readonly string[];
  /** Where Spark may keep its own caches (Ivy, for `--packages`). */
  readonly cacheDir: string;
}

export class SparkEnvironmentError extends Error {
  override readonly name = 'SparkEnvironmentError';
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAKELINE_CACHE) return env.LAKELINE_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lakeline');
}

/** The interpreter the environment is made from: `$LAKELINE_PYTHON`, else `python3`. */
function basePython(env: NodeJS.ProcessEnv): { command: string; version: string } {
  const command = env.LAKELINE_PYTHON || 'python3';
  const probe = spawnSync(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
  });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new SparkEnvironmentError(
      `lakeline's Python environment needs Python 3 (the AWS Glue 5.0 runtime is Python 3.11): ${command} ${probe.error?.message ?? probe.stderr.trim()}; install it or set LAKELINE_PYTHON`,
    );
  }
  return { command, version: probe.stdout.trim() };
}

function checkJava(env: NodeJS.ProcessEnv): void {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new SparkEnvironmentError(
      `--engine spark needs Java 17 (the AWS Glue 5.0 runtime's): ${java} ${probe.error?.message ?? probe.stderr.trim()}; install a JDK 17 or set JAVA_HOME`,
    );
  }
}

/** Runs `make` while holding `<path>.lock`; a lock whose process is gone is taken over. */
async function withLock<T>(path: string, say: (line: string) => void, make: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileIfAny(join(lock, 'pid')));
      if (pid > 0 && !alive(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) say(`waiting for another lakeline process preparing ${path}`);
      waited = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await make();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileIfAny(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Runs a command, handing each line it prints to `line`; rejects with its last lines on failure. */
function run(command: string, args: readonly string[], line: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const take = (chunk: Buffer) => {
      for (const text of chunk.toString('utf8').split(/\r?\n/)) {
        if (text.trim() === '') continue;
        tail.push(text);
        if (tail.length > 20) tail.shift();
        line(text);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new SparkEnvironmentError(
              `${command} ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`,
            ),
          ),
    );
  });
}

const READY = '.lakeline-ready';

/** A virtual environment of lakeline's cache, as `pythonEnvironment` returns it. */
export interface PythonEnvironment {
  readonly dir: string;
  /** The environment's Python. */
  readonly python: string;
  /** The interpreter's version, `3.11.7`. */
  readonly version: string;
}

/**
 * The virtual environment with the packages of a requirements file, made on first use (with
 * progress lines through `say`) and reused after: `<cache>/python/py<version>-<hash>/`, the hash
 * taken over the file, the interpreter's version and the platform. Spark's environment is the one
 * of `requirements.txt`; a test that needs other packages passes a file of its own.
 */
export async function pythonEnvironment(
  requirementsFile: string,
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonEnvironment> {
  const root = cacheRoot(env);
  const base = basePython(env);
  const requirements = readFileSync(requirementsFile, 'utf8');
  const key = createHash('sha256')
    .update(`${requirements}\n${base.version}\n${process.platform}-${process.arch}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(root, 'python', `py${base.version}-${key}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, READY))) return { dir, python, version: base.version };
  mkdirSync(join(root, 'python'), { recursive: true });
  await withLock(dir, say, async () => {
    if (existsSync(join(dir, READY))) return;
    rmSync(dir, { recursive: true, force: true });
    say(`python environment: creating ${dir} (Python ${base.version}; once per machine)`);
    await run(base.command, ['-m', 'venv', dir], say);
    const wanted = requirements
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const size = wanted.some((r) => r.startsWith('pyspark')) ? ' (pyspark is about 320 MB)' : '';
    say(`python environment: installing ${wanted.join(', ')} from PyPI${size}`);
    await run(
      python,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-input',
        '--progress-bar',
        'off',
        '-r',
        requirementsFile,
      ],
      (text) => {
        if (/^(Collecting|Downloading|Installing|Successfully|Building)/.test(text.trim()))
          say(`python environment: ${text.trim()}`);
      },
    );
    writeFileSync(join(dir, READY), `${requirements}`);
    say('python environment: ready');
  });
  return { dir, python, version: base.version };
}

const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';

function jarUrl(jar: MavenJar, repository: string): string {
  const name = `${jar.artifact}-${jar.version}.jar`;
  return `${repository}/${jar.group.replaceAll('.', '/')}/${jar.artifact}/${jar.version}/${name}`;
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new SparkEnvironmentError(`cannot download ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!response.ok) throw new SparkEnvironmentError(`cannot download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The JARs, from the cache or downloaded and checked against Maven Central's SHA-1. */
async function jars(root: string, say: (line: string) => void, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = join(root, 'jars');
  mkdirSync(dir, { recursive: true });
  const repository = env.LAKELINE_MAVEN_REPOSITORY || MAVEN_CENTRAL;
  const paths: string[] = [];
  for (const jar of DEEQU_JARS) {
    const path = join(dir, `${jar.group}.${jar.artifact}-${jar.version}.jar`);
    paths.push(path);
    if (existsSync(path)) continue;
    const url = jarUrl(jar, repository);
    say(`spark: downloading ${jar.group}:${jar.artifact}:${jar.version} from ${repository}`);
    const [body, sha1] = await Promise.all([download(url), download(`${url}.sha1`)]);
    const expected = sha1.toString('utf8').trim().split(/\s+/)[0]!.toLowerCase();
    const actual = createHash('sha1').update(body).digest('hex');
    if (actual !== expected)
      throw new SparkEnvironmentError(`${url}: SHA-1 ${actual} is not the published ${expected}`);
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, body);
    renameSync(partial, path);
  }
  return paths;
}

/** The Spark environment, made on first use (with progress lines through `say`) and reused after. */
export async function sparkEnvironment(
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SparkEnvironment> {
  checkJava(env);
  const root = cacheRoot(env);
  const py = await pythonEnvironment(REQUIREMENTS, say, env);
  const sparkHome = join(
    py.dir,
    'lib',
    `python${py.version.split('.').slice(0, 2).join('.')}`,
    'site-packages',
    'pyspark',
  );
  const cacheDir = join(root, 'spark');
  mkdirSync(cacheDir, { recursive: true });
  return {
    python: py.python,
    sparkHome,
    jars: await jars(root, say, env),
    cacheDir,
  };
}
