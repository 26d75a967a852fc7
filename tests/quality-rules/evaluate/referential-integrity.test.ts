/**
 * ReferentialIntegrity on DuckDB: the share of the dataset's rows whose key tuple is among the
 * reference dataset's (an additional data source, by alias); a NULL is never found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/index.js';
import { Harness, ruleset, type TableSpec } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

/** Orders of customers 1–4; customer 4 is unknown, one order has no customer. */
const orders: TableSpec = {
  columns: { order_id: t.int(), customer_id: t.bigint(), city: t.string(), state: t.string() },
  rows: [
    [1, 1, 'Austin', 'TX'],
    [2, 1, 'Austin', 'TX'],
    [3, 2, 'Boston', 'MA'],
    [4, 3, 'Austin', 'MA'],
    [5, 4, 'Denver', 'CO'],
    [6, null, null, 'CO'],
    [7, 2, 'Boston', 'MA'],
    [8, 3, 'Denver', 'CO'],
  ],
};

/** Customers 1–3, customer 2 twice (two versions of a dimension), and a row with no key. */
const customers: TableSpec = {
  columns: { customer_id: t.int(), ref_city: t.string(), ref_state: t.string() },
  rows: [
    [1, 'Austin', 'TX'],
    [2, 'Boston', 'MA'],
    [2, 'Boston', 'MA'],
    [3, 'Denver', 'CO'],
    [null, null, 'CO'],
  ],
};

const evaluate = (spec: TableSpec, refs: Record<string, TableSpec>, ...rules: string[]) =>
  h.evaluate(ruleset(...rules), spec, {}, refs).then((e) => e.outcomes);

const METRIC = 'Column.customers.ReferentialIntegrity';

describe('ReferentialIntegrity', () => {
  it('passes when every key is found, whatever the duplicates on either side', async () => {
    const found: TableSpec = { ...orders, rows: orders.rows.filter((r) => r[1] !== null && r[1] !== 4) };
    expect(
      await evaluate(
        found,
        { customers },
        'ReferentialIntegrity "customer_id" "customers.customer_id" = 1.0',
      ),
    ).toEqual([
      {
        // The canonical text writes numbers by value.
        rule: 'ReferentialIntegrity "customer_id" "customers.customer_id" = 1',
        result: 'PASS',
        message: '',
        metrics: { [METRIC]: 1 },
      },
    ]);
  });

  it('is the share of rows found: an unknown key and a NULL key are not found', async () => {
    const outcomes = await evaluate(
      orders,
      { customers },
      'ReferentialIntegrity "customer_id" "customers.customer_id" = 1.0',
      'ReferentialIntegrity "customer_id" "customers.customer_id" >= 0.75',
      'ReferentialIntegrity "customer_id" "customers.customer_id" > 0.75',
    );
    expect(outcomes.map((o) => [o.result, o.message, o.metrics])).toEqual([
      ['FAIL', 'Value: 0.75 does not meet the constraint requirement.', { [METRIC]: 0.75 }],
      ['PASS', '', { [METRIC]: 0.75 }],
      ['FAIL', 'Value: 0.75 does not meet the constraint requirement.', { [METRIC]: 0.75 }],
    ]);
  });

  it('matches several columns as a tuple, under the reference names of the braces', async () => {
    // Order 4 (Austin, MA) has a known city and a known state, but not together; order 6 has a NULL
    // city, which the reference's (NULL, CO) does not match either.
    const outcomes = await evaluate(
      orders,
      { customers },
      'ReferentialIntegrity "city,state" "customers.{ref_city,ref_state}" = 1.0',
      'ReferentialIntegrity "customer_id,city" "customers.{customer_id,ref_city}" >= 0.5',
    );
    expect(outcomes.map((o) => [o.result, o.metrics])).toEqual([
      ['FAIL', { [METRIC]: 6 / 8 }],
      // 1 Austin ×2, 2 Boston ×2, 3 Denver: 5 of 8.
      ['PASS', { [METRIC]: 5 / 8 }],
    ]);
  });

  it('resolves column names as Spark does, ignoring case when unambiguous', async () => {
    const outcomes = await evaluate(
      orders,
      { customers },
      'ReferentialIntegrity "Customer_ID" "customers.CUSTOMER_ID" >= 0.75',
    );
    expect(outcomes[0]).toMatchObject({ result: 'PASS', metrics: { [METRIC]: 0.75 } });
  });

  it('fails on an empty dataset, as deequ does, and gives 0 against an empty reference', async () => {
    const empty: TableSpec = { ...orders, rows: [] };
    const none: TableSpec = { ...customers, rows: [] };
    const rule = 'ReferentialIntegrity "customer_id" "customers.customer_id" = 1';
    expect(await evaluate(empty, { customers }, rule)).toEqual([
      { rule, result: 'FAIL', message: 'Primary data frame contains no data.', metrics: {} },
    ]);
    expect((await evaluate(orders, { customers: none }, rule))[0]).toMatchObject({
      result: 'FAIL',
      metrics: { [METRIC]: 0 },
    });
  });

  it('is an operand of a composite rule like any dataset rule', async () => {
    const outcomes = await evaluate(
      orders,
      { customers },
      '(RowCount = 8) and (ReferentialIntegrity "customer_id" "customers.customer_id" = 1.0)',
    );
    expect(outcomes[0]).toMatchObject({
      result: 'FAIL',
      message: 'Value: 0.75 does not meet the constraint requirement.',
      metrics: { 'Dataset.*.RowCount': 8, [METRIC]: 0.75 },
    });
  });

  const ERRORS: readonly [rule: string, message: RegExp][] = [
    [
      'ReferentialIntegrity "customer_id" "clients.customer_id" = 1.0',
      /^the reference dataset "clients" is not given to the evaluation \(additional data sources: customers\)$/,
    ],
    [
      'ReferentialIntegrity "customer_id" "customers.id" = 1.0',
      /^column "id" does not exist in the reference dataset "customers" \(its columns: customer_id, ref_city, ref_state\)$/,
    ],
    [
      'ReferentialIntegrity "nope" "customers.customer_id" = 1.0',
      /^column "nope" does not exist in the dataset/,
    ],
    [
      'ReferentialIntegrity "city,state" "customers.ref_city" = 1.0',
      /^ReferentialIntegrity compares 2 column\(s\) with 1 of "customers"$/,
    ],
    ['ReferentialIntegrity "customer_id" "customers" = 1.0', /"<alias>.<column>"/],
  ];
  for (const [rule, message] of ERRORS) {
    it(`is an ERROR with the reason: ${rule}`, async () => {
      const [outcome] = await evaluate(orders, { customers }, rule);
      expect(outcome).toMatchObject({ result: 'ERROR' });
      expect(outcome!.message).toMatch(message);
    });
  }
});
