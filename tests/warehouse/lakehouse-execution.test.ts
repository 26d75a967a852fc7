/**
 * The two-schema warehouse of the lakehouse fixture (dimension and fact in `silver`, a mart in
 * `gold`) loaded on PGlite through its PostgreSQL stand-in: the mart rebuilt by every load, and
 * staged datasets holding several rows per key (an appending incremental job's output) read one
 * row per key — for a Type 1 dimension, a dimension with check-strategy history, and a fact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lakehousePipeline } from '../fixtures/lakehouse-pipeline.js';
import { CHECK_STRATEGY } from '../fixtures/scd2-pipeline.js';
import { type Day, HistoryWarehouse, type Row } from './history-warehouse.js';

const customer = (id: string, segment: string, city: string, updatedAt: string | null): Row => ({
  customer_id: id,
  segment,
  city,
  updated_at: updatedAt,
});
const order = (id: string, customerId: string, amount: number, orderedAt: string): Row => ({
  order_id: id,
  customer_id: customerId,
  amount,
  ordered_at: orderedAt,
});
const sales = (customerId: string, orders: number, revenue: number): Row => ({
  customer_id: customerId,
  orders,
  revenue,
});

const MART = 'SELECT customer_id, orders, revenue::text AS revenue FROM gold.mart_customer_sales ORDER BY 1';
const DIM = 'SELECT customer_id, segment, city FROM silver.dim_customers ORDER BY 1';
const FACT =
  'SELECT order_id, amount::text AS amount, ordered_at::text AS ordered_at FROM silver.fct_orders ORDER BY 1';

let w: HistoryWarehouse | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('a mart: rebuilt from its source by every load', () => {
  const day: Day = {
    customers: [],
    orders: [],
    customer_sales: [sales('C1', 2, 30), sales('C2', 1, 5), sales('C3', 4, 80)],
  };

  it('a rerun gives the same rows, no duplicates; a changed source replaces them', async () => {
    w = await HistoryWarehouse.open(lakehousePipeline());
    await w.load(day);
    const first = await w.rows(MART);
    expect(first).toEqual([
      { customer_id: 'C1', orders: 2, revenue: '30.00' },
      { customer_id: 'C2', orders: 1, revenue: '5.00' },
      { customer_id: 'C3', orders: 4, revenue: '80.00' },
    ]);
    await w.load(day);
    expect(await w.rows(MART)).toEqual(first);

    await w.load({ ...day, customer_sales: [sales('C1', 3, 42.5), sales('C4', 1, 9)] });
    expect(await w.rows(MART)).toEqual([
      { customer_id: 'C1', orders: 3, revenue: '42.50' },
      { customer_id: 'C4', orders: 1, revenue: '9.00' },
    ]);
  });

  it('a load that fails leaves the mart as it was (emptied and refilled in one transaction)', async () => {
    w = await HistoryWarehouse.open(lakehousePipeline());
    await w.load(day);
    // Two rows of one key break the mart's primary key: the load rolls back, DELETE included.
    await expect(w.load({ ...day, customer_sales: [sales('C9', 1, 1), sales('C9', 2, 2)] })).rejects.toThrow(
      /duplicate key/,
    );
    expect((await w.rows(MART)).map((r) => r.customer_id)).toEqual(['C1', 'C2', 'C3']);
  });

  it('is a star table for roles: row filters, and USAGE only on the schemas a role reads', async () => {
    w = await HistoryWarehouse.open(lakehousePipeline());
    await w.load(day);
    // data_analyst reads the mart filtered to C1 and C2; data_engineer all of it.
    expect((await w.rowsAs('data_analyst', MART)).map((r) => r.customer_id)).toEqual(['C1', 'C2']);
    expect((await w.rowsAs('data_engineer', MART)).map((r) => r.customer_id)).toEqual(['C1', 'C2', 'C3']);
    // data_scientist reads only the fact, in silver: it has no USAGE on gold.
    await expect(w.rowsAs('data_scientist', MART)).rejects.toThrow(/permission denied for schema gold/);
    expect(await w.rowsAs('data_scientist', FACT)).toEqual([]);
  });
});

describe('one staged row per key (latestBy)', () => {
  it('a Type 1 dimension and a fact load the latest row of each key, whatever order they were staged in', async () => {
    const customers = [
      customer('C1', 'retail', 'Paris', '2024-01-01 10:00:00'),
      customer('C1', 'vip', 'Lyon', '2024-01-02 10:00:00'),
      customer('C2', 'retail', 'Rome', '2024-01-01 10:00:00'),
      // A row without updated_at loses to any row with one.
      customer('C2', 'vip', 'Oslo', null),
      // A tie on updated_at: broken by the other columns read (segment, then city), not by order.
      customer('C3', 'vip', 'Bern', '2024-01-01 10:00:00'),
      customer('C3', 'retail', 'Bern', '2024-01-01 10:00:00'),
    ];
    const orders = [
      order('O1', 'C1', 10, '2024-01-01 09:00:00'),
      // The same order line sent again, later, with a corrected amount.
      order('O1', 'C1', 12, '2024-01-02 09:00:00'),
      order('O2', 'C2', 5, '2024-01-01 11:00:00'),
    ];
    const expected = {
      dimension: [
        { customer_id: 'C1', segment: 'vip', city: 'Lyon' },
        { customer_id: 'C2', segment: 'retail', city: 'Rome' },
        { customer_id: 'C3', segment: 'retail', city: 'Bern' },
      ],
      fact: [
        { order_id: 'O1', amount: '12.00', ordered_at: '2024-01-02 09:00:00' },
        { order_id: 'O2', amount: '5.00', ordered_at: '2024-01-01 11:00:00' },
      ],
    };
    for (const staged of [
      { customers, orders },
      { customers: [...customers].reverse(), orders: [...orders].reverse() },
    ]) {
      w = await HistoryWarehouse.open(lakehousePipeline());
      await w.load({ ...staged, customer_sales: [] });
      expect({ dimension: await w.rows(DIM), fact: await w.rows(FACT) }).toEqual(expected);
      // Rerun: still one row per key, and the fact's keys resolved.
      await w.load({ ...staged, customer_sales: [] });
      expect({ dimension: await w.rows(DIM), fact: await w.rows(FACT) }).toEqual(expected);
      expect(
        await w.rows(
          'SELECT o.order_id, d.customer_id FROM silver.fct_orders o JOIN silver.dim_customers d USING (customer_key) ORDER BY 1',
        ),
      ).toEqual([
        { order_id: 'O1', customer_id: 'C1' },
        { order_id: 'O2', customer_id: 'C2' },
      ]);
      await w.close();
      w = undefined;
    }
  });

  it('a check-strategy history over appended days: one new version on day 2, nothing on a rerun', async () => {
    w = await HistoryWarehouse.open(lakehousePipeline({ history: CHECK_STRATEGY }));
    const day1 = [
      customer('C1', 'retail', 'Paris', '2024-01-01 08:00:00'),
      customer('C2', 'retail', 'Rome', '2024-01-01 08:00:00'),
    ];
    await w.load({ customers: day1, orders: [], customer_sales: [] }, '2024-01-01 12:00:00');
    // Day 2 is appended to day 1: C1 has its day-1 row and its changed day-2 row.
    const day2 = [...day1, customer('C1', 'vip', 'Paris', '2024-01-02 08:00:00')];
    await w.load({ customers: day2, orders: [], customer_sales: [] }, '2024-01-02 12:00:00');
    const afterDay2 = [
      {
        customer_id: 'C1',
        segment: 'retail',
        city: 'Paris',
        valid_from: '2024-01-01 12:00:00',
        valid_to: '2024-01-02 12:00:00',
        is_current: false,
      },
      {
        customer_id: 'C1',
        segment: 'vip',
        city: 'Paris',
        valid_from: '2024-01-02 12:00:00',
        valid_to: null,
        is_current: true,
      },
      {
        customer_id: 'C2',
        segment: 'retail',
        city: 'Rome',
        valid_from: '2024-01-01 12:00:00',
        valid_to: null,
        is_current: true,
      },
    ];
    expect(await w.versions()).toEqual(afterDay2);
    const identities = await w.identities();
    // A rerun over the same appended rows: the day-1 row of C1 is not read, so nothing flips back.
    await w.load({ customers: day2, orders: [], customer_sales: [] }, '2024-01-03 12:00:00');
    expect(await w.versions()).toEqual(afterDay2);
    expect(await w.identities()).toEqual(identities);
    expect(await w.overlaps()).toBe(0);
  });
});
