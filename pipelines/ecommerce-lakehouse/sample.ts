/**
 * Raw sample data for the ecommerce-lakehouse pipeline, one day of a daily feed at a time, in the
 * input layout of `simulate --input`: `<out>/<dataset>/ingestion_date=YYYY-MM-DD/part-0.<csv|json>`,
 * day 1 being 2025-06-01. The same day, rows, seed and dirty fraction give the same bytes, and day N
 * continues days 1..N-1 of the same seed and rows (their state is replayed in memory).
 *
 * - Day 1: every customer, product and reseller; `rows` orders and their payments.
 * - Day 2 on: the customers that changed (about 5%: segment, city in the same country, or both)
 *   and the new ones (about 2%), plus exactly one late-arriving older change (a day-1 customer,
 *   dated before the version day 1 sent, in another segment); about 10% of products re-priced,
 *   sometimes a new product; the whole extract of active resellers again (day 2: one deleted,
 *   one in another tier); `rows` orders, about 3% of them placed a day (or two) before.
 * - Every day, with `dirty` above 0 (0.02 unless told), planted defects, counted by kind in the
 *   summary (sample-defects.ts); every other line is valid.
 *
 * The student-enrollment sample is one snapshot; this one is daily, which `daily` tells the CLI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCounts } from '../../core/index.js';
import {
  CUSTOMER_DEFECTS,
  type CustomerDefect,
  csvLine,
  ORDER_DEFECTS,
  type OrderDefect,
  PAYMENT_DEFECTS,
  type PaymentDefect,
  plantCustomers,
  plantOrders,
  plantPayments,
} from './sample-defects.js';
import { feedDay, type ProductVersion, type ResellerVersion } from './sample-feed.js';
import { dayDate, money, stream, timestamp } from './sample-values.js';

export { FIRST_DATE } from './sample-values.js';
export type { CustomerDefect, OrderDefect, PaymentDefect };
export { CUSTOMER_DEFECTS, ORDER_DEFECTS, PAYMENT_DEFECTS };

/** The generator writes one day of a feed: `writeSample` takes `day` (1 unless given). */
export const daily = true;

export const DATASETS = ['customers', 'products', 'resellers', 'orders', 'payments'] as const;
export type Dataset = (typeof DATASETS)[number];

export const HEADERS = {
  customers: 'customer_id,first_name,last_name,email,phone,country,city,segment,signup_date,updated_at',
  products: 'product_id,name,category,subcategory,brand,unit_cost,unit_price,updated_at',
  orders:
    'order_id,line_no,customer_id,reseller_id,order_ts,status,currency,product_id,quantity,unit_price,discount_pct',
} as const;

export const DEFAULTS = { rows: 300, seed: 42, dirty: 0.02, day: 1 } as const;
export const MAX_ROWS = 10_000;
export const MAX_DAY = 366;

export interface SampleOptions {
  readonly out: string;
  /** Orders a day. */
  readonly rows?: number;
  readonly seed?: number;
  /** Planted defects per dataset, as a fraction of its valid lines shared among its kinds, 0–1. */
  readonly dirty?: number;
  /** The day of the feed, from 1 (2025-06-01). */
  readonly day?: number;
}

export interface SampleSummary {
  readonly seed: number;
  readonly rows: number;
  readonly dirty: number;
  readonly day: number;
  /** The day's `ingestion_date`. */
  readonly date: string;
  readonly files: Readonly<Record<Dataset, string>>;
  /** Data lines written per dataset (headers aside), planted ones included. */
  readonly expected: Readonly<Record<Dataset, Pick<RunCounts, 'inputRows'>>>;
  readonly defects: {
    readonly customers: Readonly<Record<CustomerDefect, number>>;
    readonly products: Readonly<Record<string, number>>;
    readonly resellers: Readonly<Record<string, number>>;
    readonly orders: Readonly<Record<OrderDefect, number>>;
    readonly payments: Readonly<Record<PaymentDefect, number>>;
  };
}

const DEFECTS = 3;

const productLine = (p: ProductVersion) =>
  csvLine([
    p.id,
    p.name,
    p.category,
    p.subcategory,
    p.brand,
    money(p.costCents),
    money(p.priceCents),
    timestamp(p.updatedAt),
  ]);

const resellerJson = (r: ResellerVersion) =>
  `{"reseller_id":"${r.id}","name":${JSON.stringify(r.name)},"country":"${r.country}","tier":"${r.tier}","commission_pct":${money(r.commission)},"updated_at":"${timestamp(r.updatedAt)}"}`;

function check(name: string, value: number, ok: boolean, what: string): void {
  if (!ok) throw new Error(`${name} must be ${what}, not ${value}`);
}

export function writeSample(options: SampleOptions): SampleSummary {
  const { rows, seed, dirty, day } = { ...DEFAULTS, ...definedOnly(options) };
  check(
    '--rows',
    rows,
    Number.isInteger(rows) && rows >= 1 && rows <= MAX_ROWS,
    `a whole number of orders a day from 1 to ${MAX_ROWS.toLocaleString('en-US')}`,
  );
  check(
    '--day',
    day,
    Number.isInteger(day) && day >= 1 && day <= MAX_DAY,
    `a whole number from 1 to ${MAX_DAY}`,
  );
  check('--dirty', dirty, dirty >= 0 && dirty <= 1, 'a fraction between 0 and 1');

  const { state, day: feed } = feedDay({ seed, rows }, day);
  const rnd = stream(seed, day, DEFECTS);
  const customers = plantCustomers(rnd, state, feed, dirty);
  const orders = plantOrders(rnd, state, feed, rows, dirty);
  const payments = plantPayments(rnd, feed, rows, dirty);

  const date = dayDate(day);
  const files = {} as Record<Dataset, string>;
  const expected = {} as Record<Dataset, Pick<RunCounts, 'inputRows'>>;
  const write = (dataset: Dataset, header: string | undefined, lines: readonly string[]) => {
    const dir = join(options.out, dataset, `ingestion_date=${date}`);
    mkdirSync(dir, { recursive: true });
    files[dataset] = join(dir, `part-0.${header === undefined ? 'json' : 'csv'}`);
    writeFileSync(files[dataset], [...(header === undefined ? [] : [header]), ...lines, ''].join('\n'));
    expected[dataset] = { inputRows: lines.length };
  };
  write('customers', HEADERS.customers, customers.lines);
  write('products', HEADERS.products, feed.products.map(productLine));
  write('resellers', undefined, feed.resellers.map(resellerJson));
  write('orders', HEADERS.orders, orders.lines);
  write('payments', undefined, payments.lines);
  return {
    seed,
    rows,
    dirty,
    day,
    date,
    files,
    expected,
    defects: {
      customers: customers.defects,
      products: {},
      resellers: {},
      orders: orders.defects,
      payments: payments.defects,
    },
  };
}

/** The options given, without those given as undefined (which would hide the defaults). */
function definedOnly(options: SampleOptions): Partial<SampleOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
