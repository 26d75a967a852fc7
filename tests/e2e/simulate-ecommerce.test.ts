/**
 * ecommerce-lakehouse day after day into one workdir, as a user runs it (`sample --day N`, then
 * `simulate --input dN --workdir w`), on DuckDB and PGlite: day 1; day 2 failing at the warehouse
 * load (the ingestion state stays at day 1); day 2 again (it re-reads exactly what the failed run
 * did not commit); day 2 a third time (nothing changes). What the warehouse holds is checked against
 * the day files: SCD Type 2 versions, point-in-time keys, hard deletes, marts equal to the lake's
 * gold data and to sums over the facts, and the roles' view of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lakeQuery, makeShop, type Run, rawRows, runDay, type Shop } from './ecommerce-world.js';
import { warehouseQuery } from './simulate-world.js';

const INCREMENTAL = ['customers', 'products', 'resellers', 'orders', 'payments'];
const SEGMENTS = new Set(['consumer', 'corporate', 'home_office']);

/** A customer line of a day's file that is no planted defect (malformed, without id). */
async function customerRows(input: string): Promise<Record<string, string | null>[]> {
  return (await rawRows(input, 'customers')).filter(
    (r) =>
      /^C\d{5}$/.test(r.customer_id ?? '') &&
      SEGMENTS.has(r.segment ?? '') &&
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.updated_at ?? ''),
  );
}

/** Each mart's columns in the warehouse, and the gold dataset column each is loaded from. */
const MARTS = {
  mart_daily_sales: {
    dataset: 'daily_sales',
    columns: {
      order_date: 'order_date',
      country: 'country',
      category: 'category',
      orders: 'orders',
      units: 'units',
      net_revenue: 'net_revenue',
      avg_order_value: 'avg_order_value',
    },
  },
  mart_rfm: {
    dataset: 'rfm',
    columns: {
      customer_id: 'customer_id',
      country: 'country',
      recency_days: 'recency_days',
      frequency: 'orders_to_date',
      monetary: 'lifetime_value',
      r_score: 'r_score',
      f_score: 'f_score',
      m_score: 'm_score',
      rfm_segment: 'rfm_segment',
    },
  },
  mart_product_performance: {
    dataset: 'product_performance',
    columns: {
      product_id: 'product_id',
      category: 'category',
      order_month: 'order_month',
      units: 'units',
      revenue: 'revenue',
      cost: 'cost',
      margin: 'margin',
      rank_in_category: 'rank_in_category',
    },
  },
} as const;
const DAY1 = '2025-06-01';
const DAY2 = '2025-06-02';

describe('ecommerce-lakehouse, days 1 and 2 into one workdir (DuckDB, PGlite)', () => {
  const shop: Shop = makeShop(2, 120, 5);
  const workdir = `${shop.dir}/workdir`;
  const runs: Record<'day1' | 'failed' | 'day2' | 'again', Run> = {} as never;
  const q = (sql: string, role?: string) => warehouseQuery(workdir, sql, 'pglite', role);

  beforeAll(async () => {
    runs.day1 = await runDay(shop, { workdir, input: shop.day(1), warehouse: 'pglite' });
    runs.failed = await runDay(shop, {
      workdir,
      input: shop.day(2),
      warehouse: 'pglite',
      faults: [{ state: 'Start warehouse load 2 of 2', error: 'RedshiftData.ValidationException', times: 1 }],
    });
    runs.day2 = await runDay(shop, { workdir, input: shop.day(2), warehouse: 'pglite' });
    runs.again = await runDay(shop, { workdir, input: shop.day(2), warehouse: 'pglite' });
  }, 300_000);

  it('day 1 reads the day-1 partition of every dataset and records it', () => {
    expect(runs.day1.record.status).toBe('SUCCEEDED');
    for (const job of INCREMENTAL) {
      expect(runs.day1.summaries[job]!.ingestion!.partitionsRead).toEqual([DAY1]);
      expect(runs.day1.state![job]!.partitions).toEqual([DAY1]);
    }
  });

  it('a run failing at the warehouse load leaves the ingestion state at day 1', () => {
    expect(runs.failed.record.status).toBe('FAILED');
    expect(runs.failed.state).toEqual(runs.day1.state);
  });

  it('the next run re-reads exactly the day-2 partitions, and the customers past the mark', async () => {
    expect(runs.day2.record.status).toBe('SUCCEEDED');
    for (const job of INCREMENTAL) {
      expect(runs.day2.summaries[job]!.ingestion!.partitionsRead).toEqual([DAY2]);
      expect(runs.day2.summaries[job]!.ingestion!.partitionsRead).toEqual(
        runs.failed.summaries[job]!.ingestion!.partitionsRead,
      );
      expect(runs.day2.state![job]!.partitions).toEqual([DAY1, DAY2]);
    }
    // The late-arriving older change of a customer is at or before the mark: counted apart, not read.
    expect(runs.day2.summaries.customers!.ingestion!.alreadyIngestedRows).toBe(1);
    expect(runs.day2.state!.customers!.highWaterMark! > runs.day1.state!.customers!.highWaterMark!).toBe(
      true,
    );
  });

  it('a third run of day 2 reads nothing and changes nothing in the warehouse', () => {
    expect(runs.again.record.status).toBe('SUCCEEDED');
    for (const job of INCREMENTAL) expect(runs.again.summaries[job]!.inputRows).toBe(0);
    expect(runs.again.tables).toEqual(runs.day2.tables);
    expect(runs.again.state!.customers).toEqual({ ...runs.day2.state!.customers, runId: expect.any(String) });
  });

  it('a changed customer has exactly two versions, the first closed where the second begins', async () => {
    const day1 = new Map((await customerRows(shop.day(1))).map((r) => [r.customer_id, r]));
    const changed = (await customerRows(shop.day(2))).filter((r) => {
      const before = day1.get(r.customer_id);
      return before !== undefined && r.updated_at! > before.updated_at!;
    });
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) {
      const versions = await q(
        `SELECT segment, city, to_char(valid_from, 'YYYY-MM-DD HH24:MI:SS') AS valid_from,
                to_char(valid_to, 'YYYY-MM-DD HH24:MI:SS') AS valid_to, is_current::text AS is_current
           FROM silver.dim_customers WHERE customer_id = '${c.customer_id}' ORDER BY valid_from`,
      );
      expect(versions).toHaveLength(2);
      expect(versions[0]!.valid_to).toBe(versions[1]!.valid_from);
      expect(versions[1]).toMatchObject({ valid_from: c.updated_at, valid_to: null, is_current: 'true' });
      expect(versions[0]!.is_current).toBe('false');
    }
  });

  it('the late-arriving older change reopens nothing', async () => {
    const day1 = new Map((await customerRows(shop.day(1))).map((r) => [r.customer_id, r]));
    const late = (await customerRows(shop.day(2))).filter((r) => {
      const before = day1.get(r.customer_id);
      return before !== undefined && r.updated_at! < before.updated_at!;
    });
    expect(late).toHaveLength(1);
    const [versions] = await q(
      `SELECT count(*)::text AS n, bool_and(segment <> '${late[0]!.segment}')::text AS other
         FROM silver.dim_customers WHERE customer_id = '${late[0]!.customer_id}'`,
    );
    expect(versions).toEqual({ n: '1', other: 'true' });
  });

  it('a re-priced product is a new version from its updated_at; the deleted reseller is closed', async () => {
    const [products] = await q(
      `SELECT count(*) FILTER (WHERE NOT is_current)::int AS closed, count(DISTINCT product_id)::int AS keys,
              count(*)::int AS versions FROM silver.dim_products`,
    );
    const repriced = (await rawRows(shop.day(2), 'products')).length;
    expect(repriced).toBeGreaterThan(0);
    expect(Number(products!.closed)).toBe(repriced);
    expect(Number(products!.versions)).toBe(Number(products!.keys) + repriced);
    const day2 = new Set((await rawRows(shop.day(2), 'resellers')).map((r) => r.reseller_id));
    const gone = (await rawRows(shop.day(1), 'resellers')).filter((r) => !day2.has(r.reseller_id));
    expect(gone).toHaveLength(1);
    expect(
      await q(
        `SELECT is_current::text AS is_current, (valid_to IS NOT NULL)::text AS closed FROM silver.dim_resellers WHERE reseller_id = '${gone[0]!.reseller_id}'`,
      ),
    ).toEqual([{ is_current: 'false', closed: 'true' }]);
  });

  it('every fact key is the dimension version valid at the event time', async () => {
    const [pit] = await q(
      `SELECT count(*)::int AS facts,
              count(*) FILTER (WHERE c.customer_key IS NULL OR p.product_key IS NULL)::int AS missing,
              count(*) FILTER (WHERE f.reseller_key IS NULL AND o.reseller_id IS NOT NULL)::int AS missing_resellers,
              count(*) FILTER (WHERE NOT (c.valid_from <= f.order_ts AND (c.valid_to IS NULL OR f.order_ts < c.valid_to))
                                  OR NOT (p.valid_from <= f.order_ts AND (p.valid_to IS NULL OR f.order_ts < p.valid_to)))::int AS not_valid,
              count(*) FILTER (WHERE NOT c.is_current OR NOT p.is_current)::int AS earlier_versions
         FROM silver.fact_orders f
         LEFT JOIN silver.dim_customers c ON c.customer_key = f.customer_key
         LEFT JOIN silver.dim_products p ON p.product_key = f.product_key
         LEFT JOIN (SELECT DISTINCT order_id, NULLIF(reseller_id, '') AS reseller_id FROM silver_staging.orders) o
           ON o.order_id = f.order_id`,
    );
    expect(pit).toMatchObject({ missing: '0', missing_resellers: '0', not_valid: '0' });
    // Day-1 orders of customers changed on day 2, and orders before a re-pricing: earlier versions.
    expect(Number(pit!.earlier_versions)).toBeGreaterThan(0);
    expect(Number(pit!.facts)).toBe(
      runs.day1.record.datasets.orders!.outputRows + runs.day2.record.datasets.orders!.outputRows,
    );
  });

  it('the marts in the warehouse are the lake’s gold rows, value for value, and add up to the facts', async () => {
    for (const [mart, { dataset, columns }] of Object.entries(MARTS)) {
      const list = Object.entries(columns);
      const warehouse = await q(
        `SELECT ${list.map(([c]) => `${c}::text AS ${c}`).join(', ')} FROM gold.${mart}`,
      );
      const lake = await lakeQuery(
        workdir,
        (d) =>
          `SELECT ${list.map(([c, from]) => `CAST(${from} AS VARCHAR) AS ${c}`).join(', ')} FROM ${d(dataset)}`,
      );
      const text = (rows: readonly Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(warehouse.length).toBeGreaterThan(0);
      expect(text(warehouse)).toEqual(text(lake));
    }
    const [sales] = await q(
      `SELECT sum(net_revenue)::text AS revenue, sum(units)::text AS units FROM gold.mart_daily_sales`,
    );
    const [facts] = await q(
      `SELECT sum(net_amount)::text AS revenue, sum(quantity)::text AS units FROM silver.fact_orders WHERE status IN ('placed', 'shipped', 'delivered')`,
    );
    expect(sales).toEqual(facts);
    // A snapshot per customer with an order, per day loaded.
    const [snapshots] = await q(
      `SELECT count(DISTINCT snapshot_date)::int AS days FROM silver.fact_customers`,
    );
    expect(snapshots!.days).toBe('2');
  });

  it('roles: analysts see their countries and masked contact data, engineers clear values', async () => {
    const analyst = await q(
      'SELECT DISTINCT country, email, phone FROM silver.dim_customers_for_data_analyst',
      'data_analyst',
    );
    expect(new Set(analyst.map((r) => r.country))).toEqual(new Set(['US', 'GB']));
    for (const r of analyst) {
      expect(r.email).toMatch(/^[a-z]\*\*\*@[a-z.]+\.[a-z]+$/);
      expect(r.phone).toMatch(/^X+\d{4}$/);
    }
    const engineer = await q(
      `SELECT email FROM silver.dim_customers WHERE is_current LIMIT 5`,
      'data_engineer',
    );
    for (const r of engineer) expect(r.email).toMatch(/^[a-z]{2,}[a-z0-9.]*@[a-z.]+$/);
    const sales = await q('SELECT DISTINCT country FROM gold.mart_daily_sales', 'data_analyst');
    expect(new Set(sales.map((r) => r.country))).toEqual(new Set(['US', 'GB']));
    // Adding a country is a row of the mapping table, not DDL.
    await q(`INSERT INTO silver.analyst_country_access VALUES ('data_analyst', 'FR')`, 'data_engineer');
    const more = await q('SELECT DISTINCT country FROM gold.mart_daily_sales', 'data_analyst');
    expect(new Set(more.map((r) => r.country))).toEqual(new Set(['US', 'GB', 'FR']));
    await expect(q('SELECT email FROM silver.dim_customers', 'data_analyst')).rejects.toThrow(
      /permission denied/,
    );
    await expect(q('SELECT 1 FROM silver.fact_orders', 'data_analyst')).rejects.toThrow(/permission denied/);
  });
});
