import { spawnSync } from 'node:child_process';
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
