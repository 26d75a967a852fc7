/**
 * The ecommerce-lakehouse sample feed, read back from the files it writes: days agree with each
 * other, day 2 carries the changes the pipeline's history is tested on, every valid row names
 * what exists by then, and the planted defects are exactly those the summary reports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_OPTIONS } from '../../core/index.js';
import { screenCsv } from '../../local/glue/plan-input-csv.js';
import {
  CUSTOMER_DEFECTS,
  DATASETS,
  daily,
  HEADERS,
  ORDER_DEFECTS,
  PAYMENT_DEFECTS,
  type SampleSummary,
  writeSample,
} from '../../pipelines/ecommerce-lakehouse/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-ecommerce-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, string>;
const read = (file: string) => readFileSync(file, 'utf8');
const dataLines = (file: string): string[] => {
  const lines = read(file).split('\n').slice(0, -1);
  return file.endsWith('.csv') ? lines.slice(1) : lines;
};
/** A valid CSV line of the feed holds no quote, so it splits on commas. */
const csvRows = (file: string, header: string): Row[] => {
  const names = header.split(',');
  return dataLines(file).map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
};
/** The lines that parse as JSON (a planted malformed line does not). */
const jsonRows = (file: string): Row[] =>
  dataLines(file).flatMap((line) => {
    try {
      return [JSON.parse(line) as Row];
    } catch {
      return [];
    }
  });

interface Day {
  readonly summary: SampleSummary;
  readonly customers: Row[];
  readonly products: Row[];
  readonly resellers: Row[];
  readonly orders: Row[];
  readonly payments: Row[];
}
function day(name: string, options: { day: number; rows?: number; seed?: number; dirty?: number }): Day {
  const summary = writeSample({ out: join(dir, name), rows: 200, seed: 5, dirty: 0, ...options });
  return {
    summary,
    customers: csvRows(summary.files.customers, HEADERS.customers),
    products: csvRows(summary.files.products, HEADERS.products),
    resellers: jsonRows(summary.files.resellers),
    orders: csvRows(summary.files.orders, HEADERS.orders),
    payments: jsonRows(summary.files.payments),
  };
}

const COUNTRY_CURRENCY: Row = { US: 'USD', GB: 'GBP', DE: 'EUR', FR: 'EUR', IN: 'INR' };
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** `YYYY-MM-DD HH:MM:SS` naming a real time. */
const isTimestamp = (text: string) => {
  const t = Date.parse(`${text.replace(' ', 'T')}Z`);
  return (
    TIMESTAMP.test(text) &&
    !Number.isNaN(t) &&
    new Date(t).toISOString().slice(0, 19) === text.replace(' ', 'T')
  );
};
const cents = (decimal: string) => Math.round(Number(decimal) * 100);
const byId = (rows: Row[], key: string) => new Map(rows.map((r) => [r[key]!, r]));
const orderIds = (orders: Row[]) => [...new Set(orders.map((o) => o.order_id!))];

describe('the ecommerce-lakehouse sample feed', () => {
  let days: Day[];
  beforeAll(() => {
    days = [1, 2, 3].map((d) => day(`clean-${d}`, { day: d }));
  });

  it('is daily, and writes each dataset under its ingestion date', () => {
    expect(daily).toBe(true);
    const s = days[1]!.summary;
    expect(s.date).toBe('2025-06-02');
    for (const d of DATASETS) {
      const ext = d === 'resellers' || d === 'payments' ? 'json' : 'csv';
      expect(s.files[d]).toBe(join(dir, 'clean-2', d, 'ingestion_date=2025-06-02', `part-0.${ext}`));
      expect(s.expected[d].inputRows, d).toBe(dataLines(s.files[d]).length);
    }
    expect(read(s.files.customers).split('\n')[0]).toBe(HEADERS.customers);
  });

  it('is byte-identical for the same day, rows, seed and dirty fraction, and differs for another seed', () => {
    const a = writeSample({ out: join(dir, 'a'), day: 3, rows: 120, seed: 9, dirty: 0.1 });
    const b = writeSample({ out: join(dir, 'b'), day: 3, rows: 120, seed: 9, dirty: 0.1 });
    const c = writeSample({ out: join(dir, 'c'), day: 3, rows: 120, seed: 10, dirty: 0.1 });
    for (const d of DATASETS) expect(read(b.files[d]), d).toBe(read(a.files[d]));
    expect(read(c.files.orders)).not.toBe(read(a.files.orders));
  });

  it('writes the same valid lines whatever the dirty fraction, the defects beside them', () => {
    const clean = writeSample({ out: join(dir, 'clean'), day: 2, rows: 150, dirty: 0 });
    const dirty = writeSample({ out: join(dir, 'dirty'), day: 2, rows: 150, dirty: 0.2 });
    for (const d of DATASETS) {
      const all = dataLines(dirty.files[d]);
      const valid = dataLines(clean.files[d]);
      // The valid lines, in order, are a subsequence of the dirty file's lines.
      let at = 0;
      for (const line of all) if (line === valid[at]) at++;
      expect(at, d).toBe(valid.length);
      expect(all.length - valid.length, d).toBe(
        Object.values(dirty.defects[d]).reduce((sum, n) => sum + n, 0),
      );
    }
  });

  it('sends every customer, product and reseller on day 1, with consistent values', () => {
    const [one] = days;
    expect(one!.customers.map((c) => c.customer_id)).toEqual(
      Array.from({ length: 200 }, (_, i) => `C${String(i + 1).padStart(5, '0')}`),
    );
    const cities = new Map<string, Set<string>>();
    for (const c of one!.customers) {
      expect(['US', 'GB', 'DE', 'FR', 'IN']).toContain(c.country);
      expect(['consumer', 'corporate', 'home_office']).toContain(c.segment);
      expect(c.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.signup_date! < '2025-06-01').toBe(true);
      expect(c.updated_at).toMatch(/^2025-06-01 0[0-5]:\d{2}:\d{2}$/);
      cities.set(c.city!, (cities.get(c.city!) ?? new Set()).add(c.country!));
    }
    // A city belongs to one country.
    for (const [city, countries] of cities) expect(countries.size, city).toBe(1);
    expect(one!.products).toHaveLength(30);
    for (const p of one!.products) {
      expect(p.product_id).toMatch(/^P\d{4}$/);
      expect(['electronics', 'home', 'fashion', 'sports', 'books']).toContain(p.category);
      expect(p.unit_cost).toMatch(/^\d+\.\d{2}$/);
      expect(cents(p.unit_cost!)).toBeLessThan(cents(p.unit_price!));
    }
    expect(one!.resellers.map((r) => r.reseller_id)).toEqual([
      'R001',
      'R002',
      'R003',
      'R004',
      'R005',
      'R006',
      'R007',
      'R008',
    ]);
    for (const r of one!.resellers) {
      expect(['bronze', 'silver', 'gold']).toContain(r.tier);
      expect(Number(r.commission_pct)).toBeGreaterThanOrEqual(0);
      expect(Number(r.commission_pct)).toBeLessThanOrEqual(30);
    }
    expect(orderIds(one!.orders)).toHaveLength(200);
    expect(one!.orders.every((o) => o.order_ts!.startsWith('2025-06-01 '))).toBe(true);
  });

  it('sends on day 2 the changed and new customers, and one older change arriving late', () => {
    const first = byId(days[0]!.customers, 'customer_id');
    const changed: Row[] = [];
    const added: Row[] = [];
    const late: Row[] = [];
    for (const c of days[1]!.customers) {
      const was = first.get(c.customer_id!);
      if (was === undefined) added.push(c);
      else if (c.updated_at! < was.updated_at!) late.push(c);
      else changed.push(c);
    }
    expect(changed).toHaveLength(10); // 5% of 200
    for (const c of changed) {
      const was = first.get(c.customer_id!)!;
      expect(c.updated_at!.startsWith('2025-06-02 ')).toBe(true);
      expect(c.country).toBe(was.country);
      expect(c.city !== was.city || c.segment !== was.segment, c.customer_id).toBe(true);
      expect({ ...c, city: '', segment: '', updated_at: '' }).toEqual({
        ...was,
        city: '',
        segment: '',
        updated_at: '',
      });
    }
    expect(added).toHaveLength(4); // 2% of 200
    for (const c of added) {
      expect(c.signup_date).toBe('2025-06-02');
      expect(c.customer_id! > 'C00200').toBe(true);
    }
    expect(late).toHaveLength(1);
    const was = first.get(late[0]!.customer_id!)!;
    expect(late[0]!.segment).not.toBe(was.segment);
    expect(late[0]!.updated_at! < was.updated_at!).toBe(true);
  });

  it('makes each later late change older than every version sent before for its customer', () => {
    const sent = new Map<string, string[]>();
    const d = [1, 2, 3, 4, 5].map((n) => (n <= 3 ? days[n - 1]! : day(`clean-${n}`, { day: n })));
    d.forEach((today, i) => {
      for (const c of today.customers) {
        const before = sent.get(c.customer_id!) ?? [];
        const older = before.filter((t) => t > c.updated_at!);
        // Day 1 has none; from day 2 on, one line a day is older than all the customer's earlier ones.
        if (older.length > 0) expect(older, `${c.customer_id} on day ${i + 1}`).toEqual(before);
        sent.set(c.customer_id!, [...before, c.updated_at!]);
      }
      const late = today.customers.filter((c) =>
        (sent.get(c.customer_id!) ?? []).some((t) => t > c.updated_at!),
      );
      expect(late, `day ${i + 1}`).toHaveLength(i === 0 ? 0 : 1);
    });
  });

  it('re-prices about a tenth of the products on day 2, and keeps the resellers whole but for one', () => {
    const first = byId(days[0]!.products, 'product_id');
    const repriced = days[1]!.products.filter((p) => first.has(p.product_id!));
    expect(repriced).toHaveLength(3);
    for (const p of repriced) {
      expect(p.unit_price).not.toBe(first.get(p.product_id!)!.unit_price);
      expect(p.updated_at!.startsWith('2025-06-02 ')).toBe(true);
      expect(cents(p.unit_cost!)).toBeLessThan(cents(p.unit_price!));
    }

    const before = byId(days[0]!.resellers, 'reseller_id');
    const two = byId(days[1]!.resellers, 'reseller_id');
    const gone = [...before.keys()].filter((id) => !two.has(id));
    expect(gone).toHaveLength(1);
    expect(days[2]!.resellers.map((r) => r.reseller_id)).not.toContain(gone[0]);
    const moved = days[1]!.resellers.filter(
      (r) => JSON.stringify(r) !== JSON.stringify(before.get(r.reseller_id!)),
    );
    expect(moved).toHaveLength(1);
    expect(moved[0]!.tier).not.toBe(before.get(moved[0]!.reseller_id!)!.tier);
    expect(moved[0]!.updated_at!.startsWith('2025-06-02 ')).toBe(true);
    // Day 3 changes nothing: the same extract again.
    expect(read(days[2]!.summary.files.resellers)).toBe(read(days[1]!.summary.files.resellers));
  });

  it('adds late orders placed the day before on day 2, with ids unique across days', () => {
    const two = days[1]!;
    const dates = new Map(two.orders.map((o) => [o.order_id!, o.order_ts!.slice(0, 10)]));
    const late = [...dates].filter(([, date]) => date !== '2025-06-02');
    expect(late).toHaveLength(6); // 3% of 200
    expect(late.every(([, date]) => date === '2025-06-01')).toBe(true);
    const all = days.flatMap((d) => orderIds(d.orders));
    expect(new Set(all).size).toBe(all.length);
    const lines = two.orders.map((o) => `${o.order_id}/${o.line_no}`);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('names only customers, products and resellers that exist at the order time, at their price then', () => {
    const customers = new Map<string, Row[]>();
    const products = new Map<string, Row[]>();
    days.forEach((today, i) => {
      for (const c of today.customers)
        customers.set(c.customer_id!, [...(customers.get(c.customer_id!) ?? []), c]);
      for (const p of today.products)
        products.set(p.product_id!, [...(products.get(p.product_id!) ?? []), p]);
      const resellers = new Set(today.resellers.map((r) => r.reseller_id!));
      for (const o of today.orders) {
        const where = `day ${i + 1}, ${o.order_id}/${o.line_no}`;
        expect(isTimestamp(o.order_ts!), where).toBe(true);
        const versions = customers.get(o.customer_id!) ?? [];
        // Some version of the customer was sent before the order, and none of them changes its country.
        expect(
          versions.some((v) => v.updated_at! < o.order_ts!),
          where,
        ).toBe(true);
        expect(o.currency, where).toBe(COUNTRY_CURRENCY[versions[0]!.country!]);
        const valid = (products.get(o.product_id!) ?? [])
          .filter((p) => p.updated_at! <= o.order_ts!)
          .sort((a, b) => (a.updated_at! < b.updated_at! ? -1 : 1));
        expect(valid.length, where).toBeGreaterThan(0);
        expect(o.unit_price, where).toBe(valid[valid.length - 1]!.unit_price);
        if (o.reseller_id !== '') expect(resellers.has(o.reseller_id!), where).toBe(true);
        expect(['placed', 'shipped', 'delivered', 'cancelled', 'returned']).toContain(o.status);
        expect(Number(o.quantity)).toBeGreaterThanOrEqual(1);
        expect(Number(o.quantity)).toBeLessThanOrEqual(5);
        expect([0, 5, 10, 15]).toContain(Number(o.discount_pct));
      }
      const direct = today.orders.filter((o) => o.line_no === '1' && o.reseller_id === '').length;
      expect(direct / orderIds(today.orders).length).toBeGreaterThan(0.6);
      expect(direct / orderIds(today.orders).length).toBeLessThan(0.8);
    });
  });

  it('pays every order but the cancelled ones, for its net total, after it was placed', () => {
    for (const today of days) {
      const orders = new Map<string, Row[]>();
      for (const o of today.orders) orders.set(o.order_id!, [...(orders.get(o.order_id!) ?? []), o]);
      const paid = byId(today.payments, 'order_id');
      expect(paid.size).toBe(today.payments.length);
      for (const [id, lines] of orders) {
        const order = lines[0]!;
        const payment = paid.get(id);
        if (order.status === 'cancelled') {
          expect(payment, id).toBeUndefined();
          continue;
        }
        expect(payment, id).toBeDefined();
        // Prices are multiples of 0.20, so every discounted line is whole cents.
        const net = lines.reduce(
          (sum, l) =>
            sum + (Number(l.quantity) * cents(l.unit_price!) * (100 - Number(l.discount_pct))) / 100,
          0,
        );
        expect(Number.isInteger(net), id).toBe(true);
        expect(cents(String(payment!.amount)), id).toBe(net);
        expect(payment!.currency).toBe(order.currency);
        expect(payment!.paid_ts! >= order.order_ts!, id).toBe(true);
        expect(['card', 'paypal', 'bank_transfer', 'gift_card']).toContain(payment!.method);
        expect(payment!.status).toBe(
          order.status === 'returned' ? 'refunded' : payment!.status === 'failed' ? 'failed' : 'captured',
        );
      }
    }
  });

  it('plants exactly the defects it reports, every kind at least once', () => {
    const known = day('known', { day: 1, dirty: 0 });
    const d = day('dirty-2', { day: 2, dirty: 0.05 });
    const s = d.summary;
    const two = day('known-2', { day: 2 });
    const knownCustomers = new Set([...known.customers, ...two.customers].map((c) => c.customer_id));
    const knownProducts = new Set([...known.products, ...two.products].map((p) => p.product_id));

    const customerLines = dataLines(s.files.customers);
    const malformed = customerLines.filter((l) => l.includes('"'));
    const screened = screenCsv(
      readFileSync(s.files.customers),
      HEADERS.customers.split(','),
      CSV_OPTIONS,
      'customers',
    );
    expect(screened.malformed.map((m) => m.raw)).toEqual(malformed);
    const counted = (lines: readonly string[]) => lines.length - new Set(lines).size;
    expect({
      malformed_line: malformed.length,
      duplicate_row: counted(customerLines),
      missing_customer_id: d.customers.filter((c) => c.customer_id === '').length,
    }).toEqual(s.defects.customers);

    const statuses = ['placed', 'shipped', 'delivered', 'cancelled', 'returned'];
    expect({
      orphan_customer: d.orders.filter((o) => !knownCustomers.has(o.customer_id)).length,
      orphan_product: d.orders.filter((o) => !knownProducts.has(o.product_id)).length,
      negative_quantity: d.orders.filter((o) => Number(o.quantity) < 0).length,
      unknown_status: d.orders.filter((o) => !statuses.includes(o.status!)).length,
      unparseable_order_ts: d.orders.filter((o) => !isTimestamp(o.order_ts!)).length,
      duplicate_line: counted(dataLines(s.files.orders)),
    }).toEqual(s.defects.orders);

    const paymentLines = dataLines(s.files.payments);
    const parsed = d.payments;
    const orders = new Set(d.orders.map((o) => o.order_id));
    expect({
      unknown_method: parsed.filter((p) => p.method === 'cash').length,
      negative_amount: parsed.filter((p) => Number(p.amount) < 0).length,
      orphan_order: parsed.filter((p) => !orders.has(p.order_id)).length,
      malformed_json: paymentLines.length - parsed.length,
    }).toEqual(s.defects.payments);

    for (const [kinds, counts] of [
      [CUSTOMER_DEFECTS, s.defects.customers],
      [ORDER_DEFECTS, s.defects.orders],
      [PAYMENT_DEFECTS, s.defects.payments],
    ] as const) {
      expect(Object.keys(counts)).toEqual([...kinds]);
      for (const kind of kinds) expect((counts as Record<string, number>)[kind], kind).toBeGreaterThan(0);
    }
    // 5% of the valid order lines, shared among the six kinds.
    const n = s.defects.orders.orphan_customer;
    expect(n).toBe(Math.round((0.05 * (s.expected.orders.inputRows - 6 * n)) / 6));
  });

  it('plants none with dirty 0 and some by default', () => {
    const none = days[1]!.summary.defects;
    for (const counts of Object.values(none)) expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const byDefault = writeSample({ out: join(dir, 'default'), day: 1 });
    expect(byDefault).toMatchObject({ rows: 300, seed: 42, dirty: 0.02, day: 1 });
    expect(byDefault.defects.customers).toEqual({
      malformed_line: 2,
      duplicate_row: 2,
      missing_customer_id: 2,
    });
  });

  it('replays thirty days in well under a second', () => {
    const started = performance.now();
    writeSample({ out: join(dir, 'day-30'), day: 30 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    [{ rows: 0 }, '--rows must be a whole number of orders a day from 1 to 10,000, not 0'],
    [{ day: 0 }, '--day must be a whole number from 1 to 366, not 0'],
    [{ day: 1.5 }, '--day must be a whole number from 1 to 366, not 1.5'],
    [{ dirty: 1.5 }, '--dirty must be a fraction between 0 and 1, not 1.5'],
  ])('refuses %o', (options, message) => {
    expect(() => writeSample({ out: join(dir, 'refused'), ...options })).toThrow(message);
  });
});
