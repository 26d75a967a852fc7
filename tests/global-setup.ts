/**
 * Once per test run, before any test file: the PostgreSQL server the files share (each gets its own
 * database through tests/local/redshift/postgres-server.ts), and PGlite's initialized data
 * directories, so that no file pays for PGlite's initdb. The teardown stops the server; Vitest
 * runs it after `vitest run` and `vitest list` alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
  return async () => {
    await started?.server?.stop();
  };
}
