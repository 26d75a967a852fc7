import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lakeline` as a user would, through bin/lakeline.js. */
export function lakeline(args: readonly string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/lakeline.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking this process: for commands that talk to a server the test itself
 * runs (the local endpoint), which a synchronous spawn would starve.
 */
export function lakelineAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [resolve(ROOT, 'bin/lakeline.js'), ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } },
      (_error, stdout, stderr) => done({ status: child.exitCode, stdout, stderr }),
    );
  });
}
