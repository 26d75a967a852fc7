/** The DuckDB rendering runs on DuckDB and means what the IR says (Spark's meaning, where they differ). */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../../core/sql/build.js';
import { compile, compileExpr } from '../../../core/sql/compile.js';
import type { Expr } from '../../../core/sql/nodes.js';

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Evaluates one expression over a one-row relation holding `x`. */
async function value(expr: Expr, x: string | null = null): Promise<unknown> {
  const input = x === null ? 'CAST(NULL AS VARCHAR)' : compileExpr(s.lit(x), 'duckdb');
  const [row] = await rows(`SELECT ${compileExpr(expr, 'duckdb')} AS v FROM (SELECT ${input} AS x) AS input`);
  return row?.v;
}

const x = s.col('x');

describe('duckdb: values', () => {
  const table: readonly { name: string; expr: Expr; x: string | null; expected: unknown }[] = [
    {
      name: 'parse_date, good',
      expr: s.call('parse_date', x, s.lit('yyyy-MM-dd')),
      x: '2024-02-29',
      expected: '2024-02-29',
    },
    {
      name: 'parse_date, not a date',
      expr: s.call('parse_date', x, s.lit('yyyy-MM-dd')),
      x: 'not a date',
      expected: null,
    },
    {
      name: 'parse_date, impossible day',
      expr: s.call('parse_date', x, s.lit('yyyy-MM-dd')),
      x: '2023-02-29',
      expected: null,
    },
    {
      name: 'parse_date, trailing text',
      expr: s.call('parse_date', x, s.lit('yyyy-MM-dd')),
      x: '2024-01-05x',
      expected: null,
    },
    { name: 'parse_date, NULL', expr: s.call('parse_date', x, s.lit('yyyy-MM-dd')), x: null, expected: null },
    {
      name: 'parse_timestamp with a quoted T',
      expr: s.call('parse_timestamp', x, s.lit("yyyy-MM-dd'T'HH:mm:ss")),
      x: '2024-03-01T13:45:00',
      expected: '2024-03-01 13:45:00',
    },
    {
      name: 'parse_timestamp, bad',
      expr: s.call('parse_timestamp', x, s.lit("yyyy-MM-dd'T'HH:mm:ss")),
      x: '2024-03-01 13:45',
      expected: null,
    },
    {
      name: 'initcap splits on spaces only, as Spark',
      expr: s.call('initcap', x),
      x: "mARY  o'neil jean-luc",
      expected: "Mary  O'neil Jean-luc",
    },
    { name: 'initcap NULL', expr: s.call('initcap', x), x: null, expected: null },
    { name: 'initcap empty', expr: s.call('initcap', x), x: '', expected: '' },
    {
      name: 'sha256 of a known value',
      expr: s.call('sha256', x),
      x: 'abc',
      expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
    {
      name: 'days_between, later second date',
      expr: s.call(
        'days_between',
        s.cast(x, { kind: 'date' }),
        s.cast(s.lit('2024-03-01'), { kind: 'date' }),
      ),
      x: '2024-02-27',
      expected: '3',
    },
    {
      name: 'days_between, earlier second date',
      expr: s.call(
        'days_between',
        s.cast(x, { kind: 'date' }),
        s.cast(s.lit('2024-02-20'), { kind: 'date' }),
      ),
      x: '2024-02-27',
      expected: '-7',
    },
    { name: 'regexp_count', expr: s.call('regexp_count', x, s.lit('\\d+')), x: 'a1b22c333', expected: '3' },
    { name: 'regexp_count, none', expr: s.call('regexp_count', x, s.lit('\\d+')), x: 'abc', expected: '0' },
    { name: 'regexp_count NULL', expr: s.call('regexp_count', x, s.lit('\\d+')), x: null, expected: null },
    {
      name: 'regexp_like is a partial match',
      expr: s.call('regexp_like', x, s.lit('\\d{3}')),
      x: 'ab123cd',
      expected: true,
    },
    {
      name: 'regexp_replace replaces every match, with group references',
      expr: s.call('regexp_replace', x, s.lit('(\\d)'), s.lit('<$1>')),
      x: 'a1b2',
      expected: 'a<1>b<2>',
    },
    {
      name: 'concat_ws skips NULLs',
      expr: s.call('concat_ws', s.lit(' '), s.lit('Ada'), s.lit(null), x),
      x: 'Lovelace',
      expected: 'Ada Lovelace',
    },
    {
      name: 'concat_ws of NULLs only is empty',
      expr: s.call('concat_ws', s.lit('-'), s.lit(null), x),
      x: null,
      expected: '',
    },
    {
      name: 'array_compact then array_join and array_length',
      expr: s.call(
        'concat_ws',
        s.lit('|'),
        s.call('array_join', s.call('array_compact', s.array(s.lit('a'), x, s.lit('b'))), s.lit(',')),
        s.cast(s.call('array_length', s.call('array_compact', s.array(s.lit('a'), x, s.lit('b')))), {
          kind: 'string',
        }),
      ),
      x: null,
      expected: 'a,b|2',
    },
    { name: 'safe cast', expr: s.tryCast(x, { kind: 'int' }), x: '12x', expected: null },
  ];
  for (const c of table) {
    it(c.name, async () => {
      expect(await value(c.expr, c.x)).toEqual(c.expected);
    });
  }
});

describe('duckdb: queries', () => {
  beforeAll(async () => {
    await db.run(`CREATE TABLE events AS SELECT * FROM (VALUES
      ('a', 1, TIMESTAMP '2024-01-01 00:00:00'), ('a', 2, TIMESTAMP '2024-01-02 00:00:00'),
      ('b', 3, NULL), ('b', 4, TIMESTAMP '2024-01-01 00:00:00')) AS t(id, n, ts)`);
  });

  it('QUALIFY keeps the latest row per key; NULL timestamps sort as the smallest value', async () => {
    const query = s.select({
      items: [s.item(s.col('id')), s.item(s.col('n'))],
      from: s.fromTable(s.table('events')),
      qualify: s.eq(s.over(s.call('row_number'), [s.col('id')], [s.desc(s.col('ts'))]), s.lit(1)),
      orderBy: [s.asc(s.col('id'))],
    });
    expect(await rows(compile(query, 'duckdb'))).toEqual([
      { id: 'a', n: 2 },
      { id: 'b', n: 4 },
    ]);
  });

  it('anti join', async () => {
    const query = s.select({
      items: [s.item(s.col('id', 'e'))],
      distinct: true,
      from: s.fromTable(s.table('events'), 'e'),
      joins: [
        {
          type: 'anti',
          item: s.fromQuery(s.select({ items: [s.item(s.lit('a'), 'k')] }), 'known'),
          on: s.eq(s.col('id', 'e'), s.col('k', 'known')),
        },
      ],
    });
    expect(await rows(compile(query, 'duckdb'))).toEqual([{ id: 'b' }]);
  });
});
