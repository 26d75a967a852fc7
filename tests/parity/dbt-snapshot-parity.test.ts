/**
 * lakeline's SCD Type 2 held against dbt's snapshots, the semantics it follows: the three days of
 * customers of tests/fixtures/customer-days.ts go, under each hard-delete setting, through
 * - a dbt snapshot (strategy `timestamp` on `updated_at`, unique key `customer_id`, dbt-duckdb;
 *   `dbt_snapshots.py` runs each day as one `dbt snapshot`, all three settings in one process, with
 *   dbt's snapshot time fixed to the day's load time), and
 * - lakeline's `dim_customers` with `scd2({ strategy: 'timestamp', updatedAt: 'updated_at' }, {
 *   hardDeletes })`, loaded day by day on PGlite through the synthesized SQL at the same load times,
 * and after each day the two histories must hold the same versions: the same attribute values,
 * `valid_from`/`valid_to` (dbt_valid_from/dbt_valid_to), `is_current` (dbt_valid_to IS NULL),
 * `is_deleted` (dbt_is_deleted = 'True') and `scd_id` (dbt_scd_id). Where lakeline differs by
 * design, the difference is asserted row by row below, and listed in warehouse/README.md.
 *
 * dbt runs in a Python environment of its own (`dbt-requirements.txt`, made on first use in
 * lakeline's cache beside Spark's), fully offline: no packages, no usage statistics.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HardDeletes } from '../../core/index.js';
import { pythonEnvironment } from '../../local/spark/environment.js';
import { CUSTOMER_COLUMNS, CUSTOMER_DAYS, type CustomerRow } from '../fixtures/customer-days.js';
import { CUSTOMER_ATTRIBUTES, customerHistoryPipeline } from '../fixtures/customer-history-pipeline.js';
import { HistoryWarehouse, type Row } from '../warehouse/history-warehouse.js';
import { pythonUnavailable } from './spark-available.js';

const REQUIREMENTS = fileURLToPath(new URL('./dbt-requirements.txt', import.meta.url));
const DRIVER = fileURLToPath(new URL('./dbt_snapshots.py', import.meta.url));
const SETTINGS: readonly HardDeletes[] = ['ignore', 'invalidate', 'new_record'];
const unavailable = pythonUnavailable();

/** A version as both sides are compared: lakeline's column names, every value text or boolean. */
type Version = Record<string, string | boolean | null>;

interface DbtResult {
  readonly versions: Record<string, string>;
  /** Per setting, the snapshot table after each day. */
  readonly histories: Record<HardDeletes, Row[][]>;
}

function runDriver(python: string, input: string): Promise<DbtResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [DRIVER, input], {
      env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const marker = out.indexOf('\n@@result@@\n');
      if (code !== 0 || marker < 0) {
        reject(new Error(`${DRIVER} failed (exit ${code}):\n${out.slice(-4000)}\n${err.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(out.slice(marker + '\n@@result@@\n'.length)) as DbtResult);
    });
  });
}

/** A row of a dbt snapshot table in lakeline's terms. */
function fromDbt(row: Row): Version {
  const { dbt_valid_from, dbt_valid_to, dbt_scd_id, dbt_updated_at: _, dbt_is_deleted, ...source } = row;
  return {
    ...(source as Version),
    valid_from: dbt_valid_from as string,
    valid_to: dbt_valid_to as string | null,
    is_current: dbt_valid_to === null,
    ...(dbt_is_deleted === undefined ? {} : { is_deleted: dbt_is_deleted === 'True' }),
    scd_id: dbt_scd_id as string,
  };
}

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
/** By key, start, then end (open last): a history's deterministic order. */
const order = (a: Version, b: Version): number =>
  compare(String(a.customer_id), String(b.customer_id)) ||
  compare(String(a.valid_from), String(b.valid_from)) ||
  compare(String(a.valid_to ?? '~'), String(b.valid_to ?? '~'));

const sameKeyOrder = (v: Version): string =>
  JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))));

/** The rows of `a` that `b` lacks, counting duplicates. */
function minus(a: readonly Version[], b: readonly Version[]): Version[] {
  const left = b.map(sameKeyOrder);
  return a.filter((row) => {
    const i = left.indexOf(sameKeyOrder(row));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

const COLUMNS = [
  'customer_id',
  ...CUSTOMER_ATTRIBUTES,
  'valid_from',
  'valid_to',
  'is_current',
  'is_deleted',
  'scd_id',
];

/** A history as an aligned text table, for failure messages. */
function table(title: string, rows: readonly Version[]): string {
  const columns = COLUMNS.filter((c) => rows.some((r) => c in r));
  const cells = [columns, ...rows.map((r) => columns.map((c) => String(r[c] ?? 'NULL')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  const lines = cells.map((line) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd(),
  );
  return [`${title} (${rows.length} versions)`, ...lines].join('\n');
}

const md5 = (...parts: string[]): string => createHash('md5').update(parts.join('|')).digest('hex');

/** A version of a source row as both sides write it (scd_id: the key and valid_from, as dbt's). */
function version(
  row: CustomerRow,
  from: string,
  to: string | null,
  options: { readonly deleted?: boolean; readonly scdId?: string } = {},
): Version {
  return {
    ...row,
    valid_from: from,
    valid_to: to,
    is_current: to === null,
    ...(options.deleted === undefined ? {} : { is_deleted: options.deleted }),
    scd_id: options.scdId ?? md5(row.customer_id, from),
  };
}

const [L1, L2, L3] = CUSTOMER_DAYS.map((d) => d.loadTime) as [string, string, string];
const C005 = CUSTOMER_DAYS[0]!.customers.find((c) => c.customer_id === 'C005')!;
const C005_FIRST = md5('C005', C005.updated_at);
/** dbt's deletion record hashes the version it closes with the snapshot time; so does lakeline. */
const C005_DELETION = md5(C005_FIRST, L2);

interface Differences {
  readonly onlyDbt: readonly Version[];
  readonly onlyLakeline: readonly Version[];
}
const NONE: Differences = { onlyDbt: [], onlyLakeline: [] };

/**
 * What differs by design, after each day. Only day 3 differs, and only where C005, deleted on day
 * 2, comes back with its day-1 row, whose `updated_at` precedes its deletion (L2):
 * - dbt's snapshot compares the source with current versions only, so it takes C005 for a new
 *   key and opens it at its `updated_at`: a version overlapping the one it closed on day 2, and
 *   with that version's `dbt_scd_id` (a duplicate). With `new_record` dbt also closes the deletion
 *   record at that `updated_at`, before the record begins (valid_to < valid_from).
 * - lakeline opens the returning key at the load time (L3) and closes the deletion record there:
 *   no version overlaps another, and the history reads as dbt-core's own design of deletion
 *   records describes a key coming back (dbt-core issue 10235: closed when the key returns).
 * Everything else, including C002's late-arriving older change (no new version in either: history
 * is not reopened), is the same on both sides.
 */
const EXPECTED: Record<HardDeletes, Partial<Record<number, Differences>>> = {
  ignore: {},
  invalidate: {
    3: {
      onlyDbt: [version(C005, C005.updated_at, null, { scdId: C005_FIRST })],
      onlyLakeline: [version(C005, L3, null)],
    },
  },
  new_record: {
    3: {
      onlyDbt: [
        version(C005, C005.updated_at, null, { deleted: false, scdId: C005_FIRST }),
        version(C005, L2, C005.updated_at, { deleted: true, scdId: C005_DELETION }),
      ],
      onlyLakeline: [
        version(C005, L2, L3, { deleted: true, scdId: C005_DELETION }),
        version(C005, L3, null, { deleted: false }),
      ],
    },
  },
};

describe.skipIf(unavailable !== undefined)(
  `SCD Type 2 against dbt snapshots${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-dbt-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let dbt: DbtResult;
    const lakeline = new Map<HardDeletes, Version[][]>();

    beforeAll(async () => {
      const environment = await pythonEnvironment(REQUIREMENTS, (line) => console.log(line));
      const input = join(dir, 'input.json');
      writeFileSync(
        input,
        JSON.stringify({
          workdir: join(dir, 'dbt'),
          uniqueKey: 'customer_id',
          updatedAt: 'updated_at',
          columns: CUSTOMER_COLUMNS.map((name) => ({
            name,
            type: name === 'updated_at' ? 'TIMESTAMP' : 'VARCHAR',
          })),
          hardDeletes: SETTINGS,
          days: CUSTOMER_DAYS.map((d) => ({ loadTime: d.loadTime, rows: d.customers })),
        }),
      );
      const running = runDriver(environment.python, input);
      for (const hardDeletes of SETTINGS) {
        const pipeline = customerHistoryPipeline(
          { strategy: 'timestamp', updatedAt: 'updated_at' },
          { hardDeletes },
        );
        const w = await HistoryWarehouse.open(pipeline);
        const days: Version[][] = [];
        try {
          for (const day of CUSTOMER_DAYS) {
            await w.load({ customers: day.customers, orders: [] }, day.loadTime);
            days.push((await w.versions(CUSTOMER_ATTRIBUTES, { scdId: true })) as Version[]);
          }
        } finally {
          await w.close();
        }
        lakeline.set(hardDeletes, days);
      }
      dbt = await running;
      console.log(
        `dbt: ${Object.entries(dbt.versions)
          .map(([name, v]) => `${name} ${v}`)
          .join(', ')}`,
      );
    });

    it('ran the dbt of dbt-requirements.txt', () => {
      const pinned = Object.fromEntries(
        readFileSync(REQUIREMENTS, 'utf8')
          .split('\n')
          .filter((l) => /^[\w-]+==/.test(l))
          .map((l) => l.trim().split('==') as [string, string]),
      );
      expect(dbt.versions).toEqual(pinned);
    });

    describe.each(SETTINGS)('hard deletes %s', (hardDeletes) => {
      it.each(CUSTOMER_DAYS.map((d) => d.day))(
        'after day %i: the versions of dbt, but for the differences by design',
        (day) => {
          const theirs = dbt.histories[hardDeletes][day - 1]!.map(fromDbt).sort(order);
          const ours = lakeline.get(hardDeletes)![day - 1]!.slice().sort(order);
          expect(ours.length).toBeGreaterThan(0);
          const found: Differences = { onlyDbt: minus(theirs, ours), onlyLakeline: minus(ours, theirs) };
          expect(found, `${table('dbt', theirs)}\n\n${table('lakeline', ours)}\n`).toEqual(
            EXPECTED[hardDeletes][day] ?? NONE,
          );
        },
      );
    });

    it('the load times are the fixture days', () => {
      // Guards EXPECTED: it names the fixture's times and C005's part in the days.
      expect([L1, L2, L3]).toEqual(['2024-03-01 06:00:00', '2024-03-02 06:00:00', '2024-03-03 06:00:00']);
      expect(CUSTOMER_DAYS.map((d) => d.customers.some((c) => c.customer_id === 'C005'))).toEqual([
        true,
        false,
        true,
      ]);
    });
  },
);
