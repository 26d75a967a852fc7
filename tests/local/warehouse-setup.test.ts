/**
 * The warehouse set-up (`installWarehouse`: the tree's Redshift schema, roles and policies files,
 * sent through the local Data API and run as their PostgreSQL twins) reruns and converges: on
 * PGlite where the roles already exist, and on a PostgreSQL server holding two databases, which
 * share the cluster's roles. A rerun leaves the catalog as it was; a changed roles and policies
 * file takes back what the new version no longer grants and keeps the rest; the old version,
 * applied again, brings the catalog back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArtifactTree,
  access,
  definePipeline,
  type Pipeline,
  role,
  warehouse,
} from '../../core/index.js';
import { openWarehouseConnection } from '../../local/engines/index.js';
import { type LocalRedshiftData, openLocalRedshift } from '../../local/redshift/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { PRIVILEGE_CHECKS, SETUP_STATE_SQL, withChangedRoles } from '../fixtures/changed-roles.js';
import { miniSpec } from '../fixtures/mini-pipeline.js';
import { scalar, sql } from './redshift/calls.js';
import { LocalS3, scratch } from './redshift/fixtures.js';
import { postgresUnavailable, startPostgresServer } from './redshift/postgres-server.js';
import { localTree, reinstall } from './warehouse-install.js';

const ROLES = ['edu_reader', 'edu_us_advisor', 'edu_writer'];
const work = scratch('warehouse-setup');
afterAll(() => work.remove());

const tree = (name: string, pipeline: Pipeline): ArtifactTree => localTree(work.dir, name, pipeline);

const v1 = tree('flagship', flagship);
const v2 = tree('changed', withChangedRoles());

/** Another pipeline, in its own schema, whose reader is the flagship's edu_reader: a shared role. */
const spec = miniSpec();
const shop = tree(
  'shop',
  definePipeline({
    ...spec,
    warehouse: warehouse({
      ...spec.warehouse!,
      roles: [role({ name: 'edu_reader', mode: 'read-only', tables: [access('order_fact')] })],
    }),
  }),
);
const readsOrders = "SELECT has_table_privilege('edu_reader', 'shop.order_fact', 'SELECT')";

const install = reinstall;

const state = async (redshift: LocalRedshiftData) =>
  (await sql(redshift, SETUP_STATE_SQL)).rows.map((r) => String(r.fact));

async function privileges(redshift: LocalRedshiftData): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const check of PRIVILEGE_CHECKS) out[check.what] = (await scalar(redshift, check.sql)) === true;
  return out;
}
const expected = (version: 'flagship' | 'changed') =>
  Object.fromEntries(PRIVILEGE_CHECKS.map((c) => [c.what, c[version]]));

const roleNames = async (redshift: LocalRedshiftData) =>
  (await sql(redshift, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'edu\\_%' ORDER BY 1")).rows.map(
    (r) => r.rolname,
  );

const open = (warehouse: string) => openLocalRedshift({ warehouse, s3: new LocalS3(`${work.dir}/s3`) });

describe('warehouse set-up on PGlite where the roles already exist', () => {
  let redshift: LocalRedshiftData;
  let installed: string[] = [];

  beforeAll(async () => {
    redshift = await open('pglite');
    for (const role of ROLES) await sql(redshift, `CREATE ROLE ${role} NOLOGIN`);
  });
  afterAll(() => redshift?.close());

  it('sets up over the existing roles', async () => {
    await install(redshift, v1);
    expect(await roleNames(redshift)).toEqual(ROLES);
    expect(await privileges(redshift)).toEqual(expected('flagship'));
    installed = await state(redshift);
    expect(installed.filter((f) => f.startsWith('procedure '))).toEqual([]);
  });

  it('a rerun of the same files changes nothing', async () => {
    await install(redshift, v1);
    expect(await state(redshift)).toEqual(installed);
  });

  it('a changed roles and policies file converges: what it no longer grants is gone, the rest kept', async () => {
    await install(redshift, v2);
    expect(await privileges(redshift)).toEqual(expected('changed'));
    expect(await state(redshift)).not.toEqual(installed);
    await install(redshift, v2);
    expect(await privileges(redshift)).toEqual(expected('changed'));
  });

  it('the first version applied again restores the catalog exactly', async () => {
    await install(redshift, v1);
    expect(await state(redshift)).toEqual(installed);
  });

  it("another pipeline sharing a role sets up beside it; each pipeline's changes stay in its schema", async () => {
    await install(redshift, shop);
    expect(await scalar(redshift, readsOrders)).toBe(true);
    expect(await state(redshift)).toEqual(installed);
    await install(redshift, v2);
    expect(await privileges(redshift)).toEqual(expected('changed'));
    expect(await scalar(redshift, readsOrders)).toBe(true);
    await install(redshift, v1);
    expect(await state(redshift)).toEqual(installed);
  });
});

const unavailable = postgresUnavailable();
describe.skipIf(unavailable !== undefined)(
  `warehouse set-up on a PostgreSQL server with two databases${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const DATABASES = ['lakeline_setup_a', 'lakeline_setup_b'];
    const services: Record<string, LocalRedshiftData> = {};
    let stop: () => Promise<void> = async () => undefined;
    let installedB: string[] = [];

    beforeAll(async () => {
      const { server, reason } = await startPostgresServer();
      if (server === undefined) throw new Error(reason);
      stop = () => server.stop();
      const admin = await openWarehouseConnection({ warehouse: server.url });
      try {
        for (const db of DATABASES) {
          await admin.run(`DROP DATABASE IF EXISTS ${db}`);
          await admin.run(`CREATE DATABASE ${db}`);
        }
      } finally {
        await admin.close();
      }
      for (const db of DATABASES) services[db] = await open(server.url.replace(/\/[^/]*$/, `/${db}`));
    });

    afterAll(async () => {
      for (const redshift of Object.values(services)) await redshift.close();
      await stop();
    });

    const [a, b] = DATABASES as [string, string];

    it('sets up both databases: the second over the roles the first created', async () => {
      await install(services[a]!, v1);
      await install(services[b]!, v1);
      for (const db of DATABASES) {
        expect(await roleNames(services[db]!)).toEqual(ROLES);
        expect(await privileges(services[db]!)).toEqual(expected('flagship'));
      }
      installedB = await state(services[b]!);
      expect(await state(services[a]!)).toEqual(installedB);
    });

    it('a rerun of the same files changes nothing', async () => {
      await install(services[a]!, v1);
      expect(await state(services[a]!)).toEqual(installedB);
    });

    it('a changed file converges in its database and leaves the other one as it was', async () => {
      await install(services[a]!, v2);
      expect(await privileges(services[a]!)).toEqual(expected('changed'));
      expect(await privileges(services[b]!)).toEqual(expected('flagship'));
      expect(await state(services[b]!)).toEqual(installedB);
      await install(services[a]!, v1);
      expect(await state(services[a]!)).toEqual(installedB);
    });
  },
);
