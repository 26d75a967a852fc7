/**
 * Once per test run, before any test file: the PostgreSQL server the files share (each gets its own
 * database through tests/local/redshift/postgres-server.ts), PGlite's initialized data directories,
 * so that no file pays for PGlite's initdb, and a temporary folder for the run, TMPDIR of every
 * worker and command they start. The teardown stops the server and removes the folder, with what
 * files left in it (`vitest list` runs no afterAll); Vitest runs it after `vitest run` and
 * `vitest list` alike, and on SIGINT/SIGTERM, which skip it, the process's exit does the same.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { initializedDataDir, PgliteWarehouse } from '../local/engines/index.js';
import { givenPostgresUrl, startPostgresCluster } from './local/redshift/postgres-cluster.js';
import type { SharedPostgres } from './local/redshift/postgres-server.js';

async function warmPglite(): Promise<void> {
  await initializedDataDir();
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-pglite-warm-'));
  try {
    await (await PgliteWarehouse.open({ dataDir: join(dir, 'data') })).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The run's temporary folder, holding copies of the machine's PGlite templates (made above). */
function runTmpdir(machine: string): string {
  const dir = mkdtempSync(join(machine, 'lakeline-test-run-'));
  for (const name of readdirSync(machine)) {
    if (name.startsWith('lakeline-pglite-template-') && !name.includes('-building-')) {
      cpSync(join(machine, name), join(dir, name), { recursive: true });
    }
  }
  return dir;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [, started] = await Promise.all([
    warmPglite(),
    givenPostgresUrl() === undefined ? startPostgresCluster() : undefined,
  ]);
  const shared: SharedPostgres =
    started === undefined
      ? { url: givenPostgresUrl()! }
      : started.server === undefined
        ? { reason: started.reason }
        : { url: started.server.url };
  project.provide('postgres', shared);

  const machineTmp = process.env.TMPDIR;
  const runTmp = runTmpdir(tmpdir());
  const removeRunTmp = () => rmSync(runTmp, { recursive: true, force: true });
  process.once('exit', removeRunTmp);
  // Workers are started after the global setup, with this process's environment.
  process.env.TMPDIR = runTmp;
  return async () => {
    try {
      await started?.server?.stop();
    } finally {
      if (machineTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = machineTmp;
      process.off('exit', removeRunTmp);
      removeRunTmp();
    }
  };
}
