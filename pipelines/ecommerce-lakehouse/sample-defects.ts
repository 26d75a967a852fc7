/**
 * The defects planted in a day of the e-commerce feed. Each is an extra line beside the valid
 * ones (a copy, or a row that names nothing real), so the valid rows, and every later day, are the
 * same whatever the dirty fraction. Planted lines are drawn from a stream of their own.
 *
 * Malformed lines carry no personal data (local/glue/README.md, "Known gap"): the customers line
 * keeps only the customer's id and non-personal columns.
 */
import {
  type CustomerVersion,
  customerId,
  type FeedDay,
  type FeedState,
  newCustomer,
  newOrder,
  type Order,
  orderId,
  type Payment,
  paymentId,
  productId,
} from './sample-feed.js';
import {
  DAY,
  dayDate,
  dayStart,
  distinct,
  int,
  money,
  pad,
  pick,
  type Random,
  timestamp,
} from './sample-values.js';

export const CUSTOMER_DEFECTS = ['malformed_line', 'duplicate_row', 'missing_customer_id'] as const;
export const ORDER_DEFECTS = [
  'orphan_customer',
  'orphan_product',
  'negative_quantity',
  'unknown_status',
  'unparseable_order_ts',
  'duplicate_line',
] as const;
export const PAYMENT_DEFECTS = [
  'unknown_method',
  'negative_amount',
  'orphan_order',
  'malformed_json',
] as const;
export type CustomerDefect = (typeof CUSTOMER_DEFECTS)[number];
export type OrderDefect = (typeof ORDER_DEFECTS)[number];
export type PaymentDefect = (typeof PAYMENT_DEFECTS)[number];

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');

export const customerFields = (c: CustomerVersion): string[] => [
  c.id,
  c.firstName,
  c.lastName,
  c.email,
  c.phone,
  c.country,
  c.city,
  c.segment,
  c.signupDate,
  timestamp(c.updatedAt),
];

export const orderLines = (o: Order): string[][] =>
  o.lines.map((l) => [
    o.id,
    String(l.lineNo),
    o.customerId,
    o.resellerId,
    timestamp(o.ts),
    o.status,
    o.currency,
    l.productId,
    String(l.quantity),
    money(l.priceCents),
    l.discount.toFixed(2),
  ]);

/** A JSON object a line, keys in the columns' order; decimals keep two places (`12.50`). */
export const paymentJson = (p: Payment): string =>
  `{"payment_id":${JSON.stringify(p.id)},"order_id":${JSON.stringify(p.orderId)},"paid_ts":"${timestamp(p.paidTs)}","method":${JSON.stringify(p.method)},"amount":${money(p.amountCents)},"currency":"${p.currency}","status":"${p.status}"}`;

/** How many of each kind: `dirty` of the dataset's valid lines shared among the kinds, at least one each. */
const perKind = (dirty: number, valid: number, kinds: number) =>
  dirty === 0 ? 0 : Math.max(1, Math.round((dirty * valid) / kinds));

/** Puts a line at a random place among the valid ones. */
const plant = (rnd: Random, lines: string[], line: string) =>
  lines.splice(int(rnd, 0, lines.length), 0, line);

export interface Planted<K extends string> {
  readonly lines: string[];
  readonly defects: Record<K, number>;
}

/** The customers file's data lines with its defects planted. */
export function plantCustomers(
  rnd: Random,
  state: FeedState,
  day: FeedDay,
  dirty: number,
): Planted<CustomerDefect> {
  const valid = day.customers.map((c) => csvLine(customerFields(c)));
  const lines = [...valid];
  const n = perKind(dirty, valid.length, CUSTOMER_DEFECTS.length);
  const copies = distinct(rnd, valid.length, n);
  for (let k = 0; k < n; k++) {
    const c = pick(rnd, state.customers).current;
    const at = timestamp(dayStart(day.day) + int(rnd, 0, DAY - 1));
    // The segment opens a quote that never closes. Text follows the quote, so that when a reader
    // pairs it with the next one in the file, text after that closing quote ends the attempt.
    plant(rnd, lines, `${c.id},,,,,${c.country},${c.city},"${c.segment},${c.signupDate},${at}`);
    plant(rnd, lines, valid[copies[k % copies.length]!]!);
    const nameless = newCustomer(rnd, state.customers.length + k + 1, dayDate(day.day), dayStart(day.day));
    plant(rnd, lines, csvLine(customerFields({ ...nameless, id: '' })));
  }
  return { lines, defects: { malformed_line: n, duplicate_row: n, missing_customer_id: n } };
}

const BAD_TIMES = [
  (date: string) => `${date} 25:61:00`,
  (date: string) => `${date}T??:??`,
  (date: string) => `${date} noon`,
  (date: string) => date.split('-').reverse().join('/'),
];

/** The orders file's data lines with its defects planted; planted orders are numbered after the day's. */
export function plantOrders(
  rnd: Random,
  state: FeedState,
  day: FeedDay,
  rows: number,
  dirty: number,
): Planted<OrderDefect> {
  const valid = day.orders.flatMap(orderLines).map(csvLine);
  const lines = [...valid];
  const n = perKind(dirty, lines.length, ORDER_DEFECTS.length);
  const copies = distinct(rnd, valid.length, n);
  let next = rows;
  const broken = (change: (fields: string[]) => void) => {
    const fields = orderLines(newOrder(rnd, state, orderId(day.day, ++next), day.day))[0]!;
    change(fields);
    plant(rnd, lines, csvLine(fields));
  };
  for (let k = 0; k < n; k++) {
    broken((f) => {
      f[2] = customerId(90_000 + int(rnd, 0, 9_999));
    });
    broken((f) => {
      f[7] = productId(9_000 + int(rnd, 0, 999));
    });
    broken((f) => {
      f[8] = String(-int(rnd, 1, 3));
    });
    broken((f) => {
      f[5] = 'lost';
    });
    broken((f) => {
      f[4] = pick(rnd, BAD_TIMES)(dayDate(day.day));
    });
    plant(rnd, lines, valid[copies[k % copies.length]!]!);
  }
  const defects = Object.fromEntries(ORDER_DEFECTS.map((d) => [d, n])) as Record<OrderDefect, number>;
  return { lines, defects };
}

/** The payments file's lines with its defects planted; planted payments are numbered after the day's orders. */
export function plantPayments(
  rnd: Random,
  day: FeedDay,
  rows: number,
  dirty: number,
): Planted<PaymentDefect> {
  const lines = day.payments.map(paymentJson);
  const n = perKind(dirty, lines.length, PAYMENT_DEFECTS.length);
  let next = rows;
  const another = (change: Partial<Payment>): Payment => {
    const of = pick(rnd, day.payments);
    return { ...of, id: paymentId(day.day, ++next), ...change };
  };
  for (let k = 0; k < n && day.payments.length > 0; k++) {
    plant(rnd, lines, paymentJson(another({ method: 'cash' })));
    const negative = another({});
    plant(rnd, lines, paymentJson({ ...negative, amountCents: -negative.amountCents }));
    plant(rnd, lines, paymentJson(another({ orderId: `O${pad(day.day, 3)}${90_000 + int(rnd, 0, 9_999)}` })));
    const cut = paymentJson(another({}));
    plant(rnd, lines, cut.slice(0, cut.indexOf(',"currency"')));
  }
  const planted = day.payments.length > 0 ? n : 0;
  const defects = Object.fromEntries(PAYMENT_DEFECTS.map((d) => [d, planted])) as Record<
    PaymentDefect,
    number
  >;
  return { lines, defects };
}
