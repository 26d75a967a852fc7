/**
 * ecommerce-lakehouse's days 1 and 2 into one workdir with the warehouse on a PostgreSQL server
 * (`simulate --warehouse postgres://…`): the same rows as on PGlite, a third run of day 2 changing
 * nothing, and the roles enforced by the server (row security from the mapping table, masking
 * views, grants per schema).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PostgresServer,
  postgresUnavailable,
  startPostgresServer,
} from '../local/redshift/postgres-server.js';
import { makeShop, type Run, runDay } from './ecommerce-world.js';
import { warehouseQuery } from './simulate-world.js';

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== undefined)(
  `ecommerce-lakehouse against a PostgreSQL server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const shop = makeShop(2, 80, 9);
    let server: PostgresServer | undefined;
    let url = '';
    const runs: Partial<Record<'day1' | 'day2' | 'again' | 'pglite', Run>> = {};

    beforeAll(async () => {
      const started = await startPostgresServer();
      if (started.server === undefined) throw new Error(started.reason);
      server = started.server;
      url = server.url;
      const workdir = `${shop.dir}/server`;
      runs.day1 = await runDay(shop, { workdir, input: shop.day(1), warehouse: url });
      runs.day2 = await runDay(shop, { workdir, input: shop.day(2), warehouse: url });
      runs.again = await runDay(shop, { workdir, input: shop.day(2), warehouse: url });
      // The same days on PGlite, for comparison.
      const other = `${shop.dir}/pglite`;
      await runDay(shop, { workdir: other, input: shop.day(1), warehouse: 'pglite' });
      runs.pglite = await runDay(shop, { workdir: other, input: shop.day(2), warehouse: 'pglite' });
    }, 300_000);
    afterAll(() => server?.stop());

    const q = (sql: string, role?: string) => warehouseQuery(`${shop.dir}/server`, sql, url, role);

    it('runs both days, and a third run of day 2 changes nothing', () => {
      expect([runs.day1!.record.status, runs.day2!.record.status, runs.again!.record.status]).toEqual([
        'SUCCEEDED',
        'SUCCEEDED',
        'SUCCEEDED',
      ]);
      expect(runs.again!.tables).toEqual(runs.day2!.tables);
    });

    it('holds the same dimensions, facts and marts as PGlite, but for the load times of deletions', () => {
      const withoutLoadTimes = (tables: Record<string, string[]>) =>
        Object.fromEntries(
          Object.entries(tables).map(([t, rows]) => [
            t,
            // A reseller's deletion closes its version at the load time, which differs run to run.
            rows.map((r) =>
              t === 'silver.dim_resellers' ? r.replace(/"valid_to":"[^"]*"/, '"valid_to":"…"') : r,
            ),
          ]),
        );
      expect(withoutLoadTimes(runs.day2!.tables)).toEqual(withoutLoadTimes(runs.pglite!.tables));
    });

    it('enforces the roles on the server', async () => {
      const countries = await q(
        'SELECT DISTINCT country FROM silver.dim_customers_for_data_analyst',
        'data_analyst',
      );
      expect(new Set(countries.map((r) => r.country))).toEqual(new Set(['US', 'GB']));
      const emails = await q('SELECT email FROM silver.dim_customers_for_data_scientist', 'data_scientist');
      expect(emails.length).toBeGreaterThan(0);
      for (const { email } of emails) expect(email).toMatch(/^[a-z]\*\*\*@/);
      await expect(q('SELECT email FROM silver.dim_customers', 'data_scientist')).rejects.toThrow(
        /permission denied/,
      );
      await q(`INSERT INTO silver.analyst_country_access VALUES ('data_analyst', 'DE')`, 'data_engineer');
      const more = await q('SELECT DISTINCT country FROM gold.mart_rfm', 'data_analyst');
      expect(new Set(more.map((r) => r.country))).toEqual(new Set(['US', 'GB', 'DE']));
    });
  },
);
