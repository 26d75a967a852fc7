/**
 * A PostgreSQL database of its own for a test file that runs against a real server. The server is
 * the one the test run started (tests/global-setup.ts), or the one `LAKELINE_TEST_POSTGRES_URL`
 * names (it needs a superuser: the tests create databases and roles); each `startPostgresServer()`
 * creates a new database on it, and `stop()` drops it.
 *
 * Roles belong to the whole server, and the tests create the same ones (the flagship's `edu_*`), so
 * a file holds the server to itself from `startPostgresServer()` to its last `stop()`: another
 * file's call waits until then (a session-level advisory lock). The databases and roles created
 * meanwhile are dropped at the end, so each file starts from the server as it was. A server given
 * through the URL must therefore be one for tests alone.
 *
 * Without binaries or a URL the server is `undefined` with the reason, and the tests say so and
 * skip; binaries that fail to start a server fail the tests.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  givenPostgresUrl,
  type PostgresServer,
  type PostgresServerResult,
  postgresUnavailable,
  startPostgresCluster,
} from './postgres-cluster.js';

export { type PostgresServer, type PostgresServerResult, postgresUnavailable };

/** What tests/global-setup.ts provides: the run's server, or why there is none. */
export type SharedPostgres = { readonly url: string } | { readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: SharedPostgres;
  }
}

const quote = pg.escapeIdentifier;

/** Any number; the same in every file, so that they exclude each other. */
const SERVER_LOCK = 7_145_221;

interface Lease {
  readonly url: string;
  readonly admin: pg.Client;
  /** The server's databases and roles when the hold began. */
  readonly before: { readonly databases: ReadonlySet<string>; readonly roles: ReadonlySet<string> };
  /** A cluster this process started itself, when the run provided none. */
  readonly own?: PostgresServer;
}

/** This process's hold on the server, shared by its files' calls until the last one stops. */
let current: { holders: number; readonly lease: Promise<Lease | { reason: string }> } | undefined;

async function sharedUrl(): Promise<{ url: string; own?: PostgresServer } | { reason: string }> {
  const given = givenPostgresUrl();
  if (given !== undefined) return { url: given };
  const provided = inject('postgres') as SharedPostgres | undefined;
  if (provided !== undefined) return provided;
  // Run under a configuration without the global setup: a cluster for this process alone.
  const { server, reason } = await startPostgresCluster();
  return server === undefined ? { reason } : { url: server.url, own: server };
}

async function names(admin: pg.Client, of: 'databases' | 'roles'): Promise<Set<string>> {
  const sql =
    of === 'roles' ? 'SELECT rolname AS name FROM pg_roles' : 'SELECT datname AS name FROM pg_database';
  const r = await admin.query<{ name: string }>(sql);
  return new Set(r.rows.map((row) => row.name));
}

const snapshot = async (admin: pg.Client) => ({
  databases: await names(admin, 'databases'),
  roles: await names(admin, 'roles'),
});

async function acquire(): Promise<Lease | { reason: string }> {
  const shared = await sharedUrl();
  if ('reason' in shared) return shared;
  const admin = new pg.Client({ connectionString: shared.url });
  try {
    await admin.connect();
    // Waits for the file that holds the server; the hook's timeout bounds the wait.
    await admin.query('SELECT pg_advisory_lock($1)', [SERVER_LOCK]);
    return {
      url: shared.url,
      admin,
      before: await snapshot(admin),
      ...(shared.own && { own: shared.own }),
    };
  } catch (error) {
    await admin.end().catch(() => undefined);
    await shared.own?.stop();
    throw error;
  }
}

async function release(held: Lease): Promise<void> {
  try {
    // Databases first: a role cannot be dropped while it holds privileges in one.
    for (const db of await names(held.admin, 'databases')) {
      if (!held.before.databases.has(db)) await held.admin.query(`DROP DATABASE ${quote(db)} WITH (FORCE)`);
    }
    for (const role of await names(held.admin, 'roles')) {
      if (!held.before.roles.has(role)) await held.admin.query(`DROP ROLE ${quote(role)}`);
    }
  } finally {
    await held.admin.end();
    await held.own?.stop();
  }
}

/** A new database on the run's server, for this file alone until `stop()`. */
export async function startPostgresServer(): Promise<PostgresServerResult> {
  current ??= { holders: 0, lease: acquire() };
  const mine = current;
  mine.holders += 1;
  const letGo = async () => {
    mine.holders -= 1;
    if (mine.holders > 0) return;
    if (current === mine) current = undefined;
    const held = await mine.lease.catch(() => undefined);
    if (held !== undefined && !('reason' in held)) await release(held);
  };
  let held: Lease | { reason: string };
  try {
    held = await mine.lease;
  } catch (error) {
    await letGo();
    throw error;
  }
  if ('reason' in held) {
    await letGo();
    return { server: undefined, reason: held.reason };
  }
  const name = `lakeline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await held.admin.query(`CREATE DATABASE ${quote(name)}`);
  } catch (error) {
    await letGo();
    throw error;
  }
  const url = new URL(held.url);
  url.pathname = `/${name}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await held.admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    } finally {
      await letGo();
    }
  };
  return { server: { url: url.toString(), stop } };
}
