/**
 * Row filters driven by an access mapping, and email masks, executed: the PostgreSQL rendering of
 * the governed fixture's set-up files on PGlite and on the run's PostgreSQL server, then each role
 * (and a user in a role) reading through SET ROLE. An analyst sees the countries the mapping table
 * lists for its role; an engineer adding a row to that table shows one more country with no DDL;
 * emails read `j***@example.com` and phones `XXXXXX1234` for analysts and scientists, in clear for
 * engineers; a rerun of the set-up keeps the rows users added and leaves the catalog as it was.
 */
import { afterAll, it as base, beforeAll, describe, expect } from 'vitest';
import { LOCAL_STAGE, WAREHOUSE_SETUP_FILES } from '../../core/index.js';
import { openWarehouseConnection, type WarehouseConnection } from '../../local/engines/index.js';
import { warehouseFileStatements } from '../../warehouse/index.js';
import { governedPipeline } from '../fixtures/governed-pipeline.js';
import { postgresUnavailable, startPostgresServer } from '../local/redshift/postgres-server.js';

const pipeline = governedPipeline();
/** A login of the analysts' role, as people are: it reads through the role's grants and policies. */
const MEMBER = 'gov_test_member';

const CUSTOMERS = [
  ['C1', 'john.doe@example.com', '555-010-1234', 'US'],
  ['C2', 'ana@example.ca', '+1 416 555 9876', 'CA'],
  ['C3', 'marie@example.fr', '0612345678', 'FR'],
  ['C4', 'not-an-address', '12', 'GB'],
  ['C5', null, null, 'US'],
];

/** What a rerun must leave as it was: policies, grants on the schema's relations, views. */
const CATALOG_STATE = `
  SELECT 'policy ' || policyname || ' ' || array_to_string(roles, ',') || ' ' || qual AS fact
    FROM pg_policies WHERE schemaname = 'gov'
  UNION ALL
  SELECT 'grant ' || grantee || ' ' || privilege_type || ' ' || table_name
    FROM information_schema.role_table_grants
   WHERE table_schema = 'gov' AND grantee IN ('data_analyst', 'data_scientist', 'data_engineer')
  UNION ALL
  SELECT 'view ' || table_name || ' ' || view_definition FROM information_schema.views WHERE table_schema = 'gov'
  ORDER BY 1`;

async function setUp(db: WarehouseConnection): Promise<void> {
  for (const file of WAREHOUSE_SETUP_FILES) {
    const statements = warehouseFileStatements(pipeline, LOCAL_STAGE, 'postgres', file);
    await db.transaction(async (session) => {
      for (const statement of statements) await session.run(statement);
    });
  }
}

const unavailable = postgresUnavailable();

interface Engine {
  readonly name: string;
  readonly skip?: string;
  readonly open: () => Promise<{ db: WarehouseConnection; stop: () => Promise<void> }>;
}

const ENGINES: readonly Engine[] = [
  {
    name: 'PGlite',
    open: async () => ({ db: await openWarehouseConnection({ warehouse: 'pglite' }), stop: async () => {} }),
  },
  {
    name: 'the PostgreSQL server',
    ...(unavailable === undefined ? {} : { skip: unavailable }),
    open: async () => {
      const { server, reason } = await startPostgresServer();
      if (server === undefined) throw new Error(reason);
      return { db: await openWarehouseConnection({ warehouse: server.url }), stop: server.stop };
    },
  },
];

describe.each(ENGINES)('on $name', (engine) => {
  let db: WarehouseConnection | undefined;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    ({ db, stop } = await engine.open());
    await setUp(db);
    for (const [id, email, phone, country] of CUSTOMERS) {
      await db.run(
        'INSERT INTO gov.dim_customers (customer_id, email, phone, country) VALUES ($1, $2, $3, $4)',
        [id!, email ?? null, phone ?? null, country!],
      );
    }
    await db.run(`CREATE ROLE ${MEMBER} LOGIN`);
    await db.run(`GRANT data_analyst TO ${MEMBER}`);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await stop?.();
  });
  const it = engine.skip === undefined ? base : base.skip;

  const conn = (): WarehouseConnection => db!;
  const countries = async (role: string, from = 'gov.dim_customers') =>
    (await conn().query(`SELECT DISTINCT country FROM ${from} ORDER BY country`, [], { role })).map(
      (r) => r.country,
    );
  const masked = async (role: string, view: string) =>
    (
      await conn().query(`SELECT customer_id, email, phone FROM ${view} ORDER BY customer_id`, [], { role })
    ).map((r) => [r.customer_id, r.email, r.phone]);

  it('sets up the mapping table with the definition rows', async () => {
    expect(
      await conn().query('SELECT role_or_user, country FROM gov.analyst_country_access ORDER BY 2'),
    ).toEqual([
      { role_or_user: 'data_analyst', country: 'CA' },
      { role_or_user: 'data_analyst', country: 'US' },
    ]);
  });

  it('an analyst sees the rows of the countries mapped to its role, in the table and its masking view', async () => {
    expect(await countries('data_analyst')).toEqual(['CA', 'US']);
    expect(await countries('data_analyst', 'gov.dim_customers_for_data_analyst')).toEqual(['CA', 'US']);
    expect(await countries('data_scientist', 'gov.dim_customers_for_data_scientist')).toEqual([
      'CA',
      'FR',
      'GB',
      'US',
    ]);
    expect(await countries('data_engineer')).toEqual(['CA', 'FR', 'GB', 'US']);
  });

  it('masks email and phone for analysts and scientists, and shows them clear to engineers', async () => {
    expect(await masked('data_analyst', 'gov.dim_customers_for_data_analyst')).toEqual([
      ['C1', 'j***@example.com', 'XXXXXXXX1234'],
      ['C2', 'a***@example.ca', 'XXXXXXXXXXX9876'],
      ['C5', null, null],
    ]);
    expect(await masked('data_scientist', 'gov.dim_customers_for_data_scientist')).toEqual([
      ['C1', 'j***@example.com', 'XXXXXXXX1234'],
      ['C2', 'a***@example.ca', 'XXXXXXXXXXX9876'],
      ['C3', 'm***@example.fr', 'XXXXXX5678'],
      ['C4', '***', 'XX'],
      ['C5', null, null],
    ]);
    expect(await masked('data_engineer', 'gov.dim_customers')).toEqual(
      CUSTOMERS.map(([id, email, phone]) => [id, email, phone]),
    );
    for (const role of ['data_analyst', 'data_scientist'])
      await expect(conn().query('SELECT email FROM gov.dim_customers', [], { role })).rejects.toThrow(
        /permission denied/,
      );
  });

  it('the mapping table is written by engineers, and read by analysts only through the policy', async () => {
    await expect(
      conn().query('SELECT * FROM gov.analyst_country_access', [], { role: 'data_analyst' }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      conn().run("INSERT INTO gov.analyst_country_access VALUES ('data_analyst', 'FR')", [], {
        role: 'data_analyst',
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      conn().query('SELECT * FROM gov.analyst_country_access', [], { role: 'data_scientist' }),
    ).rejects.toThrow(/permission denied/);
    // What an analyst can read of it: its own entitlements, nobody else's.
    await conn().run("INSERT INTO gov.analyst_country_access VALUES ('data_scientist', 'GB')");
    expect(
      await conn().query('SELECT country FROM gov.analyst_country_access_for_current_user ORDER BY 1', [], {
        role: 'data_analyst',
      }),
    ).toEqual([{ country: 'CA' }, { country: 'US' }]);
    await conn().run("DELETE FROM gov.analyst_country_access WHERE role_or_user = 'data_scientist'");
  });

  it('adding a country to the mapping is data: the analyst sees its rows at once, no DDL', async () => {
    await conn().run("INSERT INTO gov.analyst_country_access VALUES ('data_analyst', 'FR')", [], {
      role: 'data_engineer',
    });
    expect(await countries('data_analyst')).toEqual(['CA', 'FR', 'US']);
    expect(await countries('data_analyst', 'gov.dim_customers_for_data_analyst')).toEqual(['CA', 'FR', 'US']);
  });

  it("a user in the role sees the role's countries, and those mapped to the user itself", async () => {
    expect(await countries(MEMBER)).toEqual(['CA', 'FR', 'US']);
    await conn().run(`INSERT INTO gov.analyst_country_access VALUES ('${MEMBER}', 'GB')`);
    expect(await countries(MEMBER)).toEqual(['CA', 'FR', 'GB', 'US']);
    expect(await masked(MEMBER, 'gov.dim_customers_for_data_analyst')).toContainEqual(['C4', '***', 'XX']);
    // The role itself is not entitled to what one of its users is.
    expect(await countries('data_analyst')).toEqual(['CA', 'FR', 'US']);
  });

  it('a rerun of the set-up keeps the rows users added and leaves the same state', async () => {
    const mapping = 'SELECT role_or_user, country FROM gov.analyst_country_access ORDER BY 1, 2';
    const rowsBefore = await conn().query(mapping);
    const catalogBefore = await conn().query(CATALOG_STATE);
    await setUp(conn());
    await setUp(conn());
    expect(await conn().query(mapping)).toEqual(rowsBefore);
    expect(rowsBefore).toHaveLength(4);
    expect(await conn().query(CATALOG_STATE)).toEqual(catalogBefore);
    expect(await countries('data_analyst')).toEqual(['CA', 'FR', 'US']);
    expect(await countries(MEMBER)).toEqual(['CA', 'FR', 'GB', 'US']);
    expect(await masked('data_analyst', 'gov.dim_customers_for_data_analyst')).toHaveLength(4);
  });
});
