/**
 * The checks at the end of a load of a dimension with history, on PGlite (the PostgreSQL
 * rendering): a load passes over a sound history; over a history broken by hand — a second current
 * version, overlapping versions, a version that ends before it begins — or one the load itself
 * would break (a source with two rows of a new key and no latestBy), it fails with the table, the check and an
 * offending key in its message, and every table of the load is left as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_STRATEGY, scd2Pipeline, TIMESTAMP_STRATEGY } from '../fixtures/scd2-pipeline.js';
import { customer as customerIn, type Day, HistoryWarehouse, order } from './history-warehouse.js';

const customer = (id: string, segment: string, updatedAt: string) =>
  customerIn(id, segment, 'Paris', updatedAt);

const C1 = customer('C1', 'retail', '2023-12-01 10:00:00');
const C2 = customer('C2', 'retail', '2023-12-05 10:00:00');
const DAY1: Day = { customers: [C1, C2], orders: [order('O1', 'C1', '2023-12-15 09:00:00')] };
/** A new customer and a new order: what a load that fails must not leave behind. */
const DAY2: Day = {
  customers: [C1, C2, customer('C4', 'pro', '2024-01-01 08:00:00')],
  orders: [...DAY1.orders, order('O2', 'C4', '2024-01-01 09:00:00')],
};
const L1 = '2024-01-01 06:00:00';
const L2 = '2024-01-02 06:00:00';
const FAILURE = 'the history of shop.dim_customers: ';

/** A version written by hand, as no load would write it. */
const insertVersion = (id: string, from: string, to: string | null, current: boolean, scdId: string) =>
  `INSERT INTO shop.dim_customers (customer_id, segment, city, valid_from, valid_to, is_current, scd_id)
   VALUES ('${id}', 'retail', 'Paris', '${from}', ${to === null ? 'NULL' : `'${to}'`}, ${current}, '${scdId}')`;

describe('the history checked at the end of each load', () => {
  let w: HistoryWarehouse;
  beforeAll(async () => {
    w = await HistoryWarehouse.open(scd2Pipeline(TIMESTAMP_STRATEGY));
  });
  afterAll(() => w.close());

  /** Loads DAY2 and expects it to fail with `violation`, leaving every table as it was. */
  async function failsAndRollsBack(violation: string): Promise<void> {
    const before = await w.tables();
    await expect(w.load(DAY2, L2)).rejects.toThrow(`${FAILURE}${violation}`);
    expect(await w.tables()).toEqual(before);
  }

  it('a load over a sound history passes', async () => {
    await w.load(DAY1, L1);
    expect((await w.versions()).map((v) => v.customer_id)).toEqual(['C1', 'C2']);
    expect(await w.overlaps()).toBe(0);
  });

  it('a second current version of a key fails the load, which leaves every table as it was', async () => {
    await w.exec(insertVersion('C1', '2023-12-20 00:00:00', null, true, 'by-hand-current'));
    const before = await w.tables();
    // The staging tables still hold the first day's rows, the dimension no C4, the fact no O2.
    expect(before['shop_staging.customers']).toHaveLength(2);
    await failsAndRollsBack('2 current versions of customer_id C1');
    await w.exec("DELETE FROM shop.dim_customers WHERE scd_id = 'by-hand-current'");
  });

  it('versions of a key that overlap fail the load', async () => {
    await w.exec(insertVersion('C2', '2023-12-06 00:00:00', '2023-12-07 00:00:00', false, 'by-hand-overlap'));
    await failsAndRollsBack(
      'overlapping versions of customer_id C2, from 2023-12-05 10:00:00 and from 2023-12-06 00:00:00',
    );
    await w.exec("DELETE FROM shop.dim_customers WHERE scd_id = 'by-hand-overlap'");
  });

  it('a version that ends before it begins fails the load', async () => {
    await w.exec(
      insertVersion('C1', '2023-11-01 00:00:00', '2023-10-01 00:00:00', false, 'by-hand-reversed'),
    );
    await failsAndRollsBack(
      'a version of customer_id C1 does not end after it begins, from 2023-11-01 00:00:00 to 2023-10-01 00:00:00',
    );
    await w.exec("DELETE FROM shop.dim_customers WHERE scd_id = 'by-hand-reversed'");
  });

  it('once the history is mended, the same load passes and commits', async () => {
    await w.load(DAY2, L2);
    expect((await w.versions()).map((v) => v.customer_id)).toEqual(['C1', 'C2', 'C4']);
    expect(Object.keys(await w.orderVersions())).toEqual(['O1', 'O2']);
  });

  it('a source with two rows of a new key and no latestBy to choose one (check strategy) fails the load', async () => {
    // The timestamp strategy reads the latest row of each key (latestBy defaults to updated_at);
    // the check strategy has no order of its own, so both rows would open a version at the load
    // time: their scd_id is the same, and the unique scd_id stops the load before the check does.
    const checked = await HistoryWarehouse.open(scd2Pipeline(CHECK_STRATEGY));
    try {
      await checked.load(DAY1, L1);
      const twice: Day = {
        customers: [
          ...DAY2.customers,
          customer('C5', 'retail', '2024-01-02 08:00:00'),
          customer('C5', 'pro', '2024-01-02 09:00:00'),
        ],
        orders: DAY2.orders,
      };
      const before = await checked.tables();
      await expect(checked.load(twice, '2024-01-03 06:00:00')).rejects.toThrow(
        /duplicate key value violates unique constraint "dim_customers_scd_id_key"/,
      );
      expect(await checked.tables()).toEqual(before);
    } finally {
      await checked.close();
    }
  });

  it('with the timestamp strategy, two rows of a new key open one version: the latest', async () => {
    const twice: Day = {
      customers: [
        ...DAY2.customers,
        customer('C6', 'retail', '2024-01-02 08:00:00'),
        customer('C6', 'pro', '2024-01-02 09:00:00'),
      ],
      orders: DAY2.orders,
    };
    await w.load(twice, '2024-01-03 06:00:00');
    const c6 = (await w.versions()).filter((v) => v.customer_id === 'C6');
    expect(c6.map((v) => [v.segment, v.is_current])).toEqual([['pro', true]]);
  });
});
