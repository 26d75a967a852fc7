/**
 * SCD Type 2 dimensions executed on PGlite (the PostgreSQL rendering), day after day with fixed
 * load times: the timestamp strategy under each hard-delete setting, then the check strategy with
 * a far-future valid_to. After every load: no two versions of a key overlap, and a key has at most
 * one current version. Facts point at the version valid at their event time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HardDeletes } from '../../core/index.js';
import { CHECK_STRATEGY, scd2Pipeline, TIMESTAMP_STRATEGY } from '../fixtures/scd2-pipeline.js';
import { customer, type Day, HistoryWarehouse, order, type Row } from './history-warehouse.js';

const L1 = '2024-01-01 06:00:00';
const L2 = '2024-01-02 06:00:00';
const L3 = '2024-01-03 06:00:00';
const L4 = '2024-01-04 06:00:00';

const C1 = customer('C1', 'retail', 'Paris', '2023-12-01 10:00:00');
const C2 = customer('C2', 'retail', 'Lyon', '2023-12-05 10:00:00');
const C3 = customer('C3', 'pro', 'Nice', '2023-12-10 10:00:00');
const C1_CHANGED = customer('C1', 'pro', 'Paris', '2024-01-01 12:00:00');
const O1 = order('O1', 'C1', '2023-12-15 09:00:00');
const O2 = order('O2', 'C2', '2023-12-20 09:00:00');
const O3 = order('O3', 'C1', '2024-01-01 18:00:00');
/** Placed while C2 is missing from the source (day 3). */
const O4 = order('O4', 'C2', '2024-01-03 12:00:00');
const O5 = order('O5', 'C2', '2024-01-03 22:00:00');

const DAY1: Day = { customers: [C1, C2, C3], orders: [O1, O2] };
const DAY2: Day = {
  customers: [
    C1_CHANGED,
    // A late-arriving change, older than the current version: no new version.
    customer('C2', 'retail', 'Marseille', '2023-11-01 10:00:00'),
    // A change under the same updated_at: not a change to the timestamp strategy.
    customer('C3', 'pro', 'Cannes', '2023-12-10 10:00:00'),
  ],
  orders: [O1, O2, O3],
};
/** C2 and C3 are gone from the source. */
const DAY3: Day = { customers: [C1_CHANGED], orders: [O1, O2, O3, O4] };
/** C2 comes back with a newer change, C3 as it was (its updated_at older than its deletion). */
const DAY4: Day = {
  customers: [C1_CHANGED, customer('C2', 'retail', 'Lille', '2024-01-03 20:00:00'), C3],
  orders: [O1, O2, O3, O4, O5],
};

/** A version as `versions()` reads it; `deleted` only where the dimension records deletions. */
function version(
  c: Row,
  from: string,
  to: string | null,
  options: { deleted?: boolean; city?: string | null } = {},
): Row {
  return {
    customer_id: c.customer_id!,
    segment: c.segment!,
    city: options.city === undefined ? c.city! : options.city,
    valid_from: from,
    valid_to: to,
    is_current: to === null || to.startsWith('9999'),
    ...(options.deleted === undefined ? {} : { is_deleted: options.deleted }),
  };
}

describe.each<HardDeletes>(['ignore', 'invalidate', 'new_record'])(
  'timestamp strategy, hard deletes %s',
  (hardDeletes) => {
    let w: HistoryWarehouse;
    const recorded = hardDeletes === 'new_record';
    /** A version that is not a deletion record. */
    const v = (c: Row, from: string, to: string | null, city?: string | null) =>
      version(c, from, to, {
        ...(recorded ? { deleted: false } : {}),
        ...(city === undefined ? {} : { city }),
      });
    const C1_HISTORY = [
      v(C1, '2023-12-01 10:00:00', '2024-01-01 12:00:00'),
      v(C1_CHANGED, '2024-01-01 12:00:00', null),
    ];

    beforeAll(async () => {
      w = await HistoryWarehouse.open(scd2Pipeline(TIMESTAMP_STRATEGY, { hardDeletes }));
    });
    afterAll(() => w.close());

    it('day 1: one current version per customer, valid from its updated_at', async () => {
      await w.load(DAY1, L1);
      expect(await w.versions()).toEqual([
        v(C1, '2023-12-01 10:00:00', null),
        v(C2, '2023-12-05 10:00:00', null),
        v(C3, '2023-12-10 10:00:00', null),
      ]);
      expect(await w.orderVersions()).toEqual({ O1: 'C1@2023-12-01 10:00:00', O2: 'C2@2023-12-05 10:00:00' });
    });

    it('a rerun on unchanged input changes no row (at the transaction time, later than any)', async () => {
      const [versions, identities] = [await w.versions(), await w.identities()];
      await w.load(DAY1);
      expect(await w.versions()).toEqual(versions);
      expect(await w.identities()).toEqual(identities);
    });

    it('day 2: a changed attribute makes one new version, the old one closed where it starts', async () => {
      await w.load(DAY2, L2);
      // C2's late-arriving change and C3's change under the same updated_at leave them alone.
      expect(await w.versions()).toEqual([
        ...C1_HISTORY,
        v(C2, '2023-12-05 10:00:00', null),
        v(C3, '2023-12-10 10:00:00', null),
      ]);
      expect(await w.overlaps()).toBe(0);
    });

    it('facts find the version valid at their event time', async () => {
      expect(await w.orderVersions()).toEqual({
        O1: 'C1@2023-12-01 10:00:00',
        O2: 'C2@2023-12-05 10:00:00',
        O3: 'C1@2024-01-01 12:00:00',
      });
    });

    const afterDay3: Record<HardDeletes, Row[]> = {
      ignore: [...C1_HISTORY, v(C2, '2023-12-05 10:00:00', null), v(C3, '2023-12-10 10:00:00', null)],
      invalidate: [...C1_HISTORY, v(C2, '2023-12-05 10:00:00', L3), v(C3, '2023-12-10 10:00:00', L3)],
      new_record: [
        ...C1_HISTORY,
        v(C2, '2023-12-05 10:00:00', L3),
        version(C2, L3, null, { deleted: true }),
        v(C3, '2023-12-10 10:00:00', L3),
        version(C3, L3, null, { deleted: true }),
      ],
    };
    it(`day 3: keys missing from the source (${hardDeletes})`, async () => {
      await w.load(DAY3, L3);
      expect(await w.versions()).toEqual(afterDay3[hardDeletes]);
      expect(await w.overlaps()).toBe(0);
      // An order placed while C2 was gone: its old version (ignore), none (invalidate: a gap), the
      // deletion record (new_record).
      expect((await w.orderVersions()).O4).toBe(
        { ignore: 'C2@2023-12-05 10:00:00', invalidate: null, new_record: `C2@${L3}` }[hardDeletes],
      );
    });

    it('a rerun of day 3, later, records nothing more', async () => {
      const identities = await w.identities();
      await w.load(DAY3, '2024-01-03 18:00:00');
      expect(await w.versions()).toEqual(afterDay3[hardDeletes]);
      expect(await w.identities()).toEqual(identities);
    });

    const afterDay4: Record<HardDeletes, Row[]> = {
      // Still current, C2's newer updated_at is an ordinary change; C3's is not newer: nothing.
      ignore: [
        ...C1_HISTORY,
        v(C2, '2023-12-05 10:00:00', '2024-01-03 20:00:00'),
        v(C2, '2024-01-03 20:00:00', null, 'Lille'),
        v(C3, '2023-12-10 10:00:00', null),
      ],
      // Each comes back as a new version: C2 at its updated_at, after the gap; C3, whose
      // updated_at is older than its deletion, at the load time (so versions never overlap).
      invalidate: [
        ...C1_HISTORY,
        v(C2, '2023-12-05 10:00:00', L3),
        v(C2, '2024-01-03 20:00:00', null, 'Lille'),
        v(C3, '2023-12-10 10:00:00', L3),
        v(C3, L4, null),
      ],
      // The deletion records end where the keys come back.
      new_record: [
        ...C1_HISTORY,
        v(C2, '2023-12-05 10:00:00', L3),
        version(C2, L3, '2024-01-03 20:00:00', { deleted: true }),
        v(C2, '2024-01-03 20:00:00', null, 'Lille'),
        v(C3, '2023-12-10 10:00:00', L3),
        version(C3, L3, L4, { deleted: true }),
        v(C3, L4, null),
      ],
    };
    it('day 4: keys coming back after a deletion get a new version', async () => {
      await w.load(DAY4, L4);
      expect(await w.versions()).toEqual(afterDay4[hardDeletes]);
      expect(await w.overlaps()).toBe(0);
      expect((await w.orderVersions()).O5).toBe('C2@2024-01-03 20:00:00');
    });
  },
);

describe('check strategy, far-future valid_to', () => {
  const OPEN = '9999-12-31 00:00:00';
  let w: HistoryWarehouse;
  beforeAll(async () => {
    w = await HistoryWarehouse.open(scd2Pipeline(CHECK_STRATEGY, { validToOpen: '9999-12-31' }));
  });
  afterAll(() => w.close());

  const day2: Day = {
    customers: [
      C1_CHANGED,
      // Only updated_at differs: not a change to the check strategy.
      customer('C2', 'retail', 'Lyon', '2024-01-01 08:00:00'),
      // A value that becomes NULL is a change (NULL-safe comparison).
      customer('C3', 'pro', null, '2023-12-10 10:00:00'),
    ],
    orders: [order('O1', 'C1', '2024-01-01 12:00:00'), order('O3', 'C1', '2024-01-02 12:00:00')],
  };
  const afterDay2 = [
    version(C1, L1, L2),
    version(C1_CHANGED, L2, OPEN),
    version(C2, L1, OPEN),
    version(C3, L1, L2),
    version(C3, L2, OPEN, { city: null }),
  ];

  it('day 1: versions valid from the load time, until the far-future date', async () => {
    await w.load(DAY1, L1);
    expect(await w.versions()).toEqual([version(C1, L1, OPEN), version(C2, L1, OPEN), version(C3, L1, OPEN)]);
  });

  it('day 2: a listed column that differs makes a new version at the load time', async () => {
    await w.load(day2, L2);
    expect(await w.versions()).toEqual(afterDay2);
    expect(await w.overlaps()).toBe(0);
    // O2 (day 1) was placed before C2's first version began, at the first load: it finds none.
    expect(await w.orderVersions()).toEqual({ O1: `C1@${L1}`, O2: null, O3: `C1@${L2}` });
  });

  it('reruns change nothing, at the same load time or a later one', async () => {
    const identities = await w.identities();
    await w.load(day2, L2);
    await w.load(day2, L3);
    expect(await w.versions()).toEqual(afterDay2);
    expect(await w.identities()).toEqual(identities);
  });

  it('a NULL that gets a value again is a change too', async () => {
    await w.load({ ...day2, customers: [C1_CHANGED, C2, C3] }, L4);
    expect((await w.versions()).filter((r) => r.customer_id === 'C3')).toEqual([
      version(C3, L1, L2),
      version(C3, L2, L4, { city: null }),
      version(C3, L4, OPEN),
    ]);
    expect(await w.overlaps()).toBe(0);
  });
});

describe('check strategy with updatedAt (dbt check_cols with updated_at)', () => {
  let w: HistoryWarehouse;
  beforeAll(async () => {
    w = await HistoryWarehouse.open(
      scd2Pipeline({ strategy: 'check', columns: ['segment', 'city'], updatedAt: 'updated_at' }),
    );
  });
  afterAll(() => w.close());

  const day2: Day = {
    customers: [
      C1_CHANGED,
      // Only updated_at differs: not a change to the check strategy.
      customer('C2', 'retail', 'Lyon', '2024-01-01 08:00:00'),
      // A late-arriving change, older than the current version: it does not reopen history.
      customer('C3', 'retail', 'Nice', '2023-12-01 10:00:00'),
    ],
    orders: [O1, O2, O3],
  };
  const afterDay2 = [
    version(C1, '2023-12-01 10:00:00', '2024-01-01 12:00:00'),
    version(C1_CHANGED, '2024-01-01 12:00:00', null),
    version(C2, '2023-12-05 10:00:00', null),
    version(C3, '2023-12-10 10:00:00', null),
  ];

  it('day 1: versions valid from their updated_at, so earlier events find them', async () => {
    await w.load(DAY1, L1);
    expect(await w.versions()).toEqual([
      version(C1, '2023-12-01 10:00:00', null),
      version(C2, '2023-12-05 10:00:00', null),
      version(C3, '2023-12-10 10:00:00', null),
    ]);
    expect(await w.orderVersions()).toEqual({ O1: 'C1@2023-12-01 10:00:00', O2: 'C2@2023-12-05 10:00:00' });
  });

  it('day 2: a changed listed column opens a version at its updated_at; nothing else changes', async () => {
    await w.load(day2, L2);
    expect(await w.versions()).toEqual(afterDay2);
    expect(await w.overlaps()).toBe(0);
    expect(await w.orderVersions()).toEqual({
      O1: 'C1@2023-12-01 10:00:00',
      O2: 'C2@2023-12-05 10:00:00',
      O3: 'C1@2024-01-01 12:00:00',
    });
  });

  it('a rerun changes nothing', async () => {
    const identities = await w.identities();
    await w.load(day2, L3);
    expect(await w.versions()).toEqual(afterDay2);
    expect(await w.identities()).toEqual(identities);
  });
});
