/**
 * The valid rows of the e-commerce feed, day by day: the source systems' state (customers,
 * products, resellers) is replayed from day 1, so day N agrees with every earlier day of the same
 * seed and rows. Each day draws from its own random streams (sample-values.ts `stream`): the
 * dimensions' changes from one, the orders and payments from another, so replaying a day's state
 * skips its orders.
 *
 * Times keep point-in-time lookups answerable: the day-1 customer extract, re-pricings and
 * reseller changes happen before 06:00, orders from 06:00 to 23:00, and an order only names a
 * customer or product delivered on an earlier day (day-1 ones from day 1 on), so a version valid
 * at the order's time always exists. Prices are multiples of 0.20, so a discount of 5, 10 or 15%
 * leaves whole cents on every line and an order's net total needs no rounding.
 */
import {
  CATALOG,
  CATEGORIES,
  CITIES,
  COMMISSION,
  COUNTRIES,
  type Country,
  CURRENCY,
  DAY,
  DISCOUNTS,
  DOMAINS,
  dateSeconds,
  dayDate,
  dayStart,
  distinct,
  FIRST_NAMES,
  HOUR,
  int,
  isoDate,
  LAST_NAMES,
  LINE_COUNTS,
  METHODS,
  ORDER_STATUSES,
  pad,
  phone,
  pick,
  QUANTITIES,
  type Random,
  RESELLER_NAMES,
  SEGMENT_NAMES,
  SEGMENTS,
  stream,
  TIERS,
  type Tier,
  weighted,
} from './sample-values.js';

export interface CustomerVersion {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly country: Country;
  readonly city: string;
  readonly segment: string;
  readonly signupDate: string;
  /** Seconds since the epoch. */
  readonly updatedAt: number;
}

interface CustomerState {
  /** The version first delivered, and the latest. */
  readonly first: CustomerVersion;
  current: CustomerVersion;
}

export interface ProductVersion {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly subcategory: string;
  readonly brand: string;
  readonly costCents: number;
  readonly priceCents: number;
  readonly updatedAt: number;
}

interface ProductState {
  /** Every version delivered with the day it was delivered on, oldest first. */
  readonly history: { readonly day: number; readonly version: ProductVersion }[];
}

export interface ResellerVersion {
  readonly id: string;
  readonly name: string;
  readonly country: Country;
  readonly tier: Tier;
  /** Hundredths of a percent. */
  readonly commission: number;
  readonly updatedAt: number;
}

export interface OrderLine {
  readonly lineNo: number;
  readonly productId: string;
  readonly quantity: number;
  readonly priceCents: number;
  readonly discount: number;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  /** Empty for a direct order. */
  readonly resellerId: string;
  readonly ts: number;
  readonly status: string;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
}

export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly paidTs: number;
  readonly method: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly status: string;
}

/** What the source systems hold at the end of a day. */
export interface FeedState {
  readonly customers: CustomerState[];
  readonly products: ProductState[];
  /** Active resellers, by id. */
  readonly resellers: Map<string, ResellerVersion>;
  /** How many customers (products) had been delivered by the end of day d: index d. */
  readonly customersThrough: number[];
  readonly productsThrough: number[];
  readonly dayOneCustomers: number;
}

/** The valid rows delivered on one day. */
export interface FeedDay {
  readonly day: number;
  readonly customers: readonly CustomerVersion[];
  /** The one late-arriving older change of a customer (day 2 on), also among `customers`. */
  readonly lateChange?: CustomerVersion;
  readonly products: readonly ProductVersion[];
  /** The whole extract of active resellers. */
  readonly resellers: readonly ResellerVersion[];
  readonly orders: readonly Order[];
  readonly payments: readonly Payment[];
}

export interface FeedSize {
  readonly seed: number;
  /** Orders a day. */
  readonly rows: number;
}

const DIMENSIONS = 1;
const ORDERS = 2;

export const customerId = (n: number) => `C${pad(n, 5)}`;
export const productId = (n: number) => `P${pad(n, 4)}`;
export const orderId = (day: number, n: number) => `O${pad(day, 3)}${pad(n, 5)}`;
export const paymentId = (day: number, n: number) => `PAY${pad(day, 3)}${pad(n, 5)}`;
const resellerId = (n: number) => `R${pad(n, 3)}`;

/** Before 06:00 of a day: when extracts are taken and prices and tiers change. */
const morning = (rnd: Random, day: number) => dayStart(day) + int(rnd, 0, 6 * HOUR - 1);
/** 06:00 to 23:00 of a day: when orders are placed. */
export const orderTime = (rnd: Random, day: number) => dayStart(day) + int(rnd, 6 * HOUR, 23 * HOUR - 1);

export function newCustomer(rnd: Random, n: number, signupDate: string, updatedAt: number): CustomerVersion {
  const firstName = pick(rnd, FIRST_NAMES);
  const lastName = pick(rnd, LAST_NAMES);
  const country = weighted(rnd, COUNTRIES);
  const local = `${firstName}.${lastName}${n}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9.]/g, '');
  return {
    id: customerId(n),
    firstName,
    lastName,
    email: `${local}@${pick(rnd, DOMAINS)}`,
    phone: phone(rnd, country),
    country,
    city: pick(rnd, CITIES[country]),
    segment: weighted(rnd, SEGMENTS),
    signupDate,
    updatedAt,
  };
}

const other = <T>(rnd: Random, items: readonly T[], not: readonly T[]): T => {
  const left = items.filter((i) => !not.includes(i));
  return pick(rnd, left.length > 0 ? left : items.filter((i) => i !== not[0]));
};

/** A price in cents, a multiple of 20, within a category's range. */
const priceIn = (rnd: Random, low: number, high: number) => 20 * int(rnd, low * 5, high * 5);
const costUnder = (rnd: Random, priceCents: number) =>
  Math.min(priceCents - 1, Math.round(priceCents * (0.45 + rnd() * 0.35)));

function newProduct(rnd: Random, n: number, updatedAt: number): ProductVersion {
  const category = pick(rnd, CATEGORIES);
  const entry = CATALOG[category];
  const subcategory = pick(rnd, Object.keys(entry.items)) as keyof typeof entry.items;
  const brand = pick(rnd, entry.brands);
  const priceCents = priceIn(rnd, entry.prices[0], entry.prices[1]);
  return {
    id: productId(n),
    name: `${brand} ${pick(rnd, entry.items[subcategory] as readonly string[])}`,
    category,
    subcategory,
    brand,
    costCents: costUnder(rnd, priceCents),
    priceCents,
    updatedAt,
  };
}

/** Sizes of the day-1 extracts for a number of orders a day. */
export const dayOneSizes = (rows: number) => ({
  customers: Math.max(50, rows),
  products: Math.max(30, Math.ceil(rows / 10)),
  resellers: Math.max(8, Math.ceil(rows / 40)),
});

function firstDay(rnd: Random, rows: number): { state: FeedState; day: FeedDay } {
  const sizes = dayOneSizes(rows);
  const past = (from: string, to: string) => int(rnd, dateSeconds(from), dateSeconds(to) + DAY - 1);
  const customers = Array.from({ length: sizes.customers }, (_, i) => {
    const signup = int(rnd, dateSeconds('2022-01-01'), dateSeconds('2025-05-25'));
    const v = newCustomer(rnd, i + 1, isoDate(signup), morning(rnd, 1));
    return { first: v, current: v };
  });
  const products = Array.from({ length: sizes.products }, (_, i) => ({
    history: [{ day: 1, version: newProduct(rnd, i + 1, past('2024-06-01', '2025-05-31')) }],
  }));
  const resellers = new Map<string, ResellerVersion>();
  for (let i = 1; i <= sizes.resellers; i++) {
    const tier = weighted(rnd, TIERS);
    const id = resellerId(i);
    resellers.set(id, {
      id,
      name: `${pick(rnd, RESELLER_NAMES[0])} ${pick(rnd, RESELLER_NAMES[1])}`,
      country: weighted(rnd, COUNTRIES),
      tier,
      commission: int(rnd, ...COMMISSION[tier]),
      updatedAt: past('2024-01-01', '2025-05-31'),
    });
  }
  const state: FeedState = {
    customers,
    products,
    resellers,
    customersThrough: [0, customers.length],
    productsThrough: [0, products.length],
    dayOneCustomers: customers.length,
  };
  return {
    state,
    day: {
      day: 1,
      customers: customers.map((c) => c.current),
      products: products.map((p) => p.history[0]!.version),
      resellers: [...resellers.values()],
      orders: [],
      payments: [],
    },
  };
}

/** Day 2 on: some customers change, one older change arrives late, new customers and products, re-prices. */
function nextDay(rnd: Random, state: FeedState, day: number): FeedDay {
  const known = state.customers.length;
  const changed = distinct(rnd, known, Math.max(1, Math.round(known * 0.05)));
  const customers: CustomerVersion[] = [];
  for (const i of changed) {
    const c = state.customers[i]!;
    const what = int(rnd, 0, 2); // 0: segment, 1: city, 2: both
    const city = what === 0 ? c.current.city : other(rnd, CITIES[c.current.country], [c.current.city]);
    const segment = what === 1 ? c.current.segment : other(rnd, SEGMENT_NAMES, [c.current.segment]);
    c.current = { ...c.current, city, segment, updatedAt: dayStart(day) + int(rnd, 0, DAY - 1) };
    customers.push(c.current);
  }

  // The late change: a day-1 customer not changed today, dated before the first version sent for
  // it, with a segment that is neither that version's nor its current one.
  const unchanged = Array.from({ length: state.dayOneCustomers }, (_, i) => i).filter(
    (i) => !changed.includes(i),
  );
  const late = state.customers[pick(rnd, unchanged)]!;
  const lateChange: CustomerVersion = {
    ...late.first,
    segment: other(rnd, SEGMENT_NAMES, [late.current.segment, late.first.segment]),
    updatedAt: late.first.updatedAt - int(rnd, HOUR, 96 * HOUR),
  };
  customers.push(lateChange);

  const newCustomers = Math.max(1, Math.round(state.dayOneCustomers * 0.02));
  for (let k = 1; k <= newCustomers; k++) {
    const v = newCustomer(rnd, known + k, dayDate(day), dayStart(day) + int(rnd, 0, DAY - 1));
    state.customers.push({ first: v, current: v });
    customers.push(v);
  }
  customers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.updatedAt - b.updatedAt));
  state.customersThrough[day] = state.customers.length;

  const products: ProductVersion[] = [];
  const catalogued = state.products.length;
  for (const i of distinct(rnd, catalogued, Math.max(1, Math.round(catalogued * 0.1))).sort(
    (a, b) => a - b,
  )) {
    const p = state.products[i]!;
    const was = p.history[p.history.length - 1]!.version;
    let priceCents = Math.max(20, 20 * Math.round((was.priceCents * (0.8 + rnd() * 0.45)) / 20));
    if (priceCents === was.priceCents) priceCents += 20;
    const costCents =
      rnd() < 0.3 || was.costCents >= priceCents
        ? Math.min(priceCents - 1, Math.round(was.costCents * (0.9 + rnd() * 0.2)))
        : was.costCents;
    const version = { ...was, priceCents, costCents, updatedAt: morning(rnd, day) };
    p.history.push({ day, version });
    products.push(version);
  }
  if (rnd() < 0.35) {
    for (let k = int(rnd, 1, 2); k > 0; k--) {
      const version = newProduct(rnd, state.products.length + 1, morning(rnd, day));
      state.products.push({ history: [{ day, version }] });
      products.push(version);
    }
  }
  state.productsThrough[day] = state.products.length;

  if (day === 2) {
    // One reseller leaves (absent from every extract from now on), another changes tier.
    const [gone, moved] = distinct(rnd, state.resellers.size, 2).map((i) => [...state.resellers.keys()][i]!);
    state.resellers.delete(gone!);
    const r = state.resellers.get(moved!)!;
    state.resellers.set(r.id, {
      ...r,
      tier: other(
        rnd,
        TIERS.map(([t]) => t),
        [r.tier],
      ),
      updatedAt: morning(rnd, day),
    });
  }
  return {
    day,
    customers,
    lateChange,
    products,
    resellers: [...state.resellers.values()],
    orders: [],
    payments: [],
  };
}

/** A product's version valid on a day (re-pricings happen before any order of the day). */
function productOn(state: FeedState, index: number, day: number): ProductVersion {
  const history = state.products[index]!.history;
  let version = history[0]!.version;
  for (const h of history) if (h.day <= day) version = h.version;
  return version;
}

/**
 * A valid order placed on `orderDay`, of customers and products delivered before that day (day-1
 * ones on day 1 too, their extract being earlier than any order) and of resellers in today's extract.
 */
export function newOrder(rnd: Random, state: FeedState, id: string, orderDay: number): Order {
  const before = Math.max(1, orderDay - 1);
  const customer = state.customers[int(rnd, 0, state.customersThrough[before]! - 1)]!.current;
  const resellers = [...state.resellers.keys()];
  const lineCount = weighted(rnd, LINE_COUNTS);
  const products = distinct(rnd, state.productsThrough[before]!, lineCount);
  return {
    id,
    customerId: customer.id,
    resellerId: rnd() < 0.3 ? pick(rnd, resellers) : '',
    ts: orderTime(rnd, orderDay),
    status: weighted(rnd, ORDER_STATUSES),
    currency: CURRENCY[customer.country],
    lines: products.map((p, i) => {
      const product = productOn(state, p, orderDay);
      return {
        lineNo: i + 1,
        productId: product.id,
        quantity: weighted(rnd, QUANTITIES),
        priceCents: product.priceCents,
        discount: weighted(rnd, DISCOUNTS),
      };
    }),
  };
}

/** The order's net total in cents: whole, as every price is a multiple of 0.20. */
export const netCents = (order: Order): number =>
  order.lines.reduce((sum, l) => sum + (l.quantity * l.priceCents * (100 - l.discount)) / 100, 0);

function payment(rnd: Random, order: Order, id: string): Payment {
  const failed = order.status !== 'returned' && rnd() < 0.02;
  return {
    id,
    orderId: order.id,
    paidTs: order.ts + int(rnd, 30, 59 * 60),
    method: weighted(rnd, METHODS),
    amountCents: netCents(order),
    currency: order.currency,
    status: order.status === 'returned' ? 'refunded' : failed ? 'failed' : 'captured',
  };
}

/** The day's orders (about 3% of them, day 2 on, placed a day or two before) and their payments. */
function ordersOf(
  rnd: Random,
  state: FeedState,
  day: number,
  rows: number,
): Pick<FeedDay, 'orders' | 'payments'> {
  const late = new Set(day === 1 ? [] : distinct(rnd, rows, Math.max(1, Math.round(rows * 0.03))));
  const orders: Order[] = [];
  const payments: Payment[] = [];
  for (let n = 1; n <= rows; n++) {
    const orderDay = !late.has(n - 1) ? day : day >= 3 && rnd() < 0.2 ? day - 2 : day - 1;
    const order = newOrder(rnd, state, orderId(day, n), orderDay);
    orders.push(order);
    if (order.status !== 'cancelled') payments.push(payment(rnd, order, paymentId(day, n)));
  }
  return { orders, payments };
}

/** Day `day` of the feed, with the source systems' state at its end. */
export function feedDay(size: FeedSize, day: number): { state: FeedState; day: FeedDay } {
  const first = firstDay(stream(size.seed, 1, DIMENSIONS), size.rows);
  let delivered = first.day;
  for (let d = 2; d <= day; d++) delivered = nextDay(stream(size.seed, d, DIMENSIONS), first.state, d);
  const orders = ordersOf(stream(size.seed, day, ORDERS), first.state, day, size.rows);
  return { state: first.state, day: { ...delivered, ...orders } };
}
