/**
 * Why the Spark engine cannot run here, or undefined when it can: it needs Java and a Python 3
 * able to make a virtual environment (the environment itself is made on first use). Tests that
 * need only a Python environment (dbt's) ask `pythonUnavailable`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Why no virtual environment can be made here (tests needing only Python), or undefined. */
export function pythonUnavailable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const python = env.LAKELINE_PYTHON || 'python3';
  if (spawnSync(python, ['-c', 'import venv, ensurepip']).status !== 0)
    return `${python} cannot make a virtual environment (venv, ensurepip)`;
  return undefined;
}

export function sparkUnavailable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  if (spawnSync(java, ['-version']).status !== 0) return `no Java (${java}); --engine spark needs Java 17`;
  return pythonUnavailable(env);
}
