/** Parquet → CSV for the local COPY: by position for a COPY, by name for a Spectrum read. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDb } from '../../../local/engines/duckdb.js';
import { parquetToCsv } from '../../../local/engines/parquet-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-parquet-csv-'));
const file = join(dir, 'term=2024S', 'part-0.parquet');

beforeAll(async () => {
  mkdirSync(join(dir, 'term=2024S'));
  const db = await DuckDb.open();
  await db.run(
    `COPY (SELECT * FROM (VALUES ('E1', 'free text, with a comma', 91.5), ('E2', '', NULL)) AS t(id, notes, marks)) TO '${file}' (FORMAT parquet)`,
  );
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = { path: file, partitions: [['term', '2024S']] as [string, string][] };

describe('parquetToCsv', () => {
  it('writes every column by position, the partition value last; an empty string stays apart from NULL', async () => {
    const out = join(dir, 'all.csv');
    const exported = await parquetToCsv([source], out);
    expect(exported.columns.map((c) => c.name)).toEqual(['id', 'notes', 'marks', 'term']);
    expect(exported.rows).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('E1,"free text, with a comma",91.5,2024S\nE2,"",,2024S\n');
  });

  it('writes only the named columns, in the order named, for a read by name', async () => {
    const out = join(dir, 'some.csv');
    const exported = await parquetToCsv([source], out, { columns: ['term', 'id', 'marks'] });
    expect(exported.columns.map((c) => c.name)).toEqual(['term', 'id', 'marks']);
    expect(readFileSync(out, 'utf8')).toBe('2024S,E1,91.5\n2024S,E2,\n');
  });

  it('writes the rows sorted by their columns in order, whatever the order of the files', async () => {
    const db = await DuckDb.open();
    const files = [join(dir, 'late.parquet'), join(dir, 'early.parquet')];
    await db.run(
      `COPY (SELECT * FROM (VALUES ('E3', 1), ('E1', 9)) AS t(id, n)) TO '${files[0]}' (FORMAT parquet)`,
    );
    await db.run(
      `COPY (SELECT * FROM (VALUES ('E2', 5), ('E1', 2)) AS t(id, n)) TO '${files[1]}' (FORMAT parquet)`,
    );
    db.close();
    const sources = files.map((path) => ({ path, partitions: [] }));
    for (const order of [sources, [...sources].reverse()]) {
      const out = join(dir, 'sorted.csv');
      await parquetToCsv(order, out);
      expect(readFileSync(out, 'utf8')).toBe('E1,2\nE1,9\nE2,5\nE3,1\n');
    }
  });

  it('fails on a column the files do not have, naming it', async () => {
    await expect(parquetToCsv([source], join(dir, 'x.csv'), { columns: ['id', 'grade'] })).rejects.toThrow(
      /grade/,
    );
  });
});
