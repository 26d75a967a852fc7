/**
 * The PostgreSQL rendering runs on PGlite. Redshift renderings that are also valid PostgreSQL
 * (the concat_ws and IS DISTINCT FROM lowerings) run there too, with backslash-escaping string
 * literals as in Redshift, so their meaning is checked and not only their text.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../../core/sql/build.js';
import { compile, compileExpr } from '../../../core/sql/compile.js';
import type { Expr, Statement } from '../../../core/sql/nodes.js';
import { initializedDataDir } from '../../../local/engines/pglite-warehouse.js';

let db: PGlite;
beforeAll(async () => {
  db = new PGlite({ loadDataDir: await initializedDataDir() });
  await db.exec(`CREATE TABLE events (id TEXT, n INTEGER, ts TIMESTAMP);
    INSERT INTO events VALUES ('a', 1, '2024-01-01'), ('a', 2, '2024-01-02'), ('b', 3, NULL), ('b', 4, '2024-01-01');`);
});
afterAll(async () => {
  await db.close();
});

async function value(
  expr: Expr,
  x: string | null,
  dialect: 'postgres' | 'redshift' = 'postgres',
): Promise<unknown> {
  const sql = `SELECT ${compileExpr(expr, dialect)} AS v FROM (SELECT CAST($1 AS TEXT) AS x) AS input`;
  if (dialect === 'redshift') {
    // Redshift reads backslashes in literals as escapes; so does PostgreSQL with this setting off.
    await db.exec('SET standard_conforming_strings = off; SET escape_string_warning = off');
  }
  try {
    const result = await db.query<{ v: unknown }>(sql, [x]);
    return result.rows[0]?.v;
  } finally {
    if (dialect === 'redshift') await db.exec('SET standard_conforming_strings = on');
  }
}

const x = s.col('x');

describe('postgres: values', () => {
  const table: readonly { name: string; expr: Expr; x: string | null; expected: unknown }[] = [
    {
      name: 'parse_date',
      expr: s.cast(s.call('parse_date', x, s.lit('yyyy-MM-dd')), { kind: 'string' }),
      x: '2024-02-29',
      expected: '2024-02-29',
    },
    {
      name: 'parse_timestamp with a quoted T',
      expr: s.cast(s.call('parse_timestamp', x, s.lit("yyyy-MM-dd'T'HH:mm:ss")), { kind: 'string' }),
      x: '2024-03-01T13:45:00',
      expected: '2024-03-01 13:45:00',
    },
    {
      name: 'initcap: any non-alphanumeric starts a word',
      expr: s.call('initcap', x),
      x: "mARY o'neil jean-luc",
      expected: "Mary O'Neil Jean-Luc",
    },
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
      expected: 3,
    },
    {
      name: 'days_between, earlier second date',
      expr: s.call(
        'days_between',
        s.cast(x, { kind: 'date' }),
        s.cast(s.lit('2024-02-20'), { kind: 'date' }),
      ),
      x: '2024-02-27',
      expected: -7,
    },
    { name: 'regexp_count', expr: s.call('regexp_count', x, s.lit('\\d+')), x: 'a1b22c333', expected: 3 },
    { name: 'regexp_like', expr: s.call('regexp_like', x, s.lit('\\d{3}')), x: 'ab123cd', expected: true },
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
      name: 'array functions',
      expr: s.call('array_join', s.call('array_compact', s.array(s.lit('a'), x, s.lit('b'))), s.lit(',')),
      x: null,
      expected: 'a,b',
    },
    {
      name: 'array_length of an empty-after-compact array is 0',
      expr: s.call('array_length', s.call('array_compact', s.array(x))),
      x: null,
      expected: 0,
    },
  ];
  for (const c of table) {
    it(c.name, async () => {
      expect(await value(c.expr, c.x)).toEqual(c.expected);
    });
  }

  it('parse_date is strict in PostgreSQL: a value that does not parse fails the statement', async () => {
    await expect(value(s.call('parse_date', x, s.lit('yyyy-MM-dd')), 'not a date')).rejects.toThrow();
  });
});

describe('redshift lowerings, checked on PostgreSQL', () => {
  const table: readonly { name: string; expr: Expr; x: string | null; expected: unknown }[] = [
    {
      name: 'concat_ws skips NULLs',
      expr: s.call('concat_ws', s.lit(' '), s.lit('Ada'), s.lit(null), x),
      x: 'Lovelace',
      expected: 'Ada Lovelace',
    },
    {
      name: 'concat_ws with a leading NULL',
      expr: s.call('concat_ws', s.lit(', '), x, s.lit('b')),
      x: null,
      expected: 'b',
    },
    {
      name: 'concat_ws of NULLs only is empty',
      expr: s.call('concat_ws', s.lit('-'), s.lit(null), x),
      x: null,
      expected: '',
    },
    {
      name: 'distinct from, one NULL',
      expr: s.binary('is distinct from', x, s.lit('a')),
      x: null,
      expected: true,
    },
    {
      name: 'distinct from, both NULL',
      expr: s.binary('is distinct from', x, s.lit(null)),
      x: null,
      expected: false,
    },
    {
      name: 'distinct from, equal',
      expr: s.binary('is distinct from', x, s.lit('a')),
      x: 'a',
      expected: false,
    },
    {
      name: 'distinct from, different',
      expr: s.binary('is distinct from', x, s.lit('a')),
      x: 'b',
      expected: true,
    },
    {
      name: 'backslashes in literals',
      expr: s.call('regexp_count', x, s.lit('\\d')),
      x: 'a1b2',
      expected: 2,
    },
  ];
  for (const c of table) {
    it(c.name, async () => {
      expect(await value(c.expr, c.x, 'redshift')).toEqual(c.expected);
    });
  }
});

describe('postgres: lowered queries', () => {
  it('QUALIFY lowered to a subquery keeps the latest row per key and only the named columns', async () => {
    const query = s.select({
      items: [s.item(s.col('id')), s.item(s.col('n'))],
      from: s.fromTable(s.table('events')),
      qualify: s.eq(s.over(s.call('row_number'), [s.col('id')], [s.desc(s.col('ts'))]), s.lit(1)),
      orderBy: [s.asc(s.col('id'))],
    });
    const result = await db.query(compile(query, 'postgres'));
    // With the IR's NULL ordering (NULL is the smallest), the NULL timestamp of b loses.
    expect(result.rows).toEqual([
      { id: 'a', n: 2 },
      { id: 'b', n: 4 },
    ]);
  });

  it('anti join lowered to NOT EXISTS', async () => {
    const query = s.select({
      distinct: true,
      items: [s.item(s.col('id', 'e'))],
      from: s.fromTable(s.table('events'), 'e'),
      joins: [
        {
          type: 'anti',
          item: s.fromQuery(s.select({ items: [s.item(s.lit('a'), 'k')] }), 'known'),
          on: s.eq(s.col('id', 'e'), s.col('k', 'known')),
        },
      ],
    });
    expect((await db.query(compile(query, 'postgres'))).rows).toEqual([{ id: 'b' }]);
  });

  it('semi join lowered to EXISTS', async () => {
    const query = s.select({
      items: [s.item(s.col('n', 'e'))],
      from: s.fromTable(s.table('events'), 'e'),
      joins: [
        {
          type: 'semi',
          item: s.fromQuery(s.select({ items: [s.item(s.lit('a'), 'k')] }), 'known'),
          on: s.eq(s.col('id', 'e'), s.col('k', 'known')),
        },
      ],
      orderBy: [s.asc(s.col('n', 'e'))],
    });
    expect((await db.query(compile(query, 'postgres'))).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('checks that fail the transaction', () => {
  const procedure = s.table('lakeline_assert_empty');
  /** Ids with more than one event whose n exceeds `above`; a quote and a backslash in the text. */
  const check = (above: number): Statement => ({
    kind: 'assertEmpty',
    procedure,
    query: s.select({
      items: [s.violation(s.binary('||', s.lit("id's \\ "), s.col('id')))],
      from: s.fromTable(s.table('events')),
      where: s.binary('>', s.col('n'), s.lit(above)),
      groupBy: [s.col('id')],
      having: s.binary('>', s.call('count'), s.lit(1)),
      orderBy: [s.asc(s.col('id'))],
    }),
    message: "events' ids",
  });
  const count = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

  beforeAll(async () => {
    await db.exec(compile({ kind: 'createAssertionProcedure', procedure }, 'postgres'));
  });

  it.each(['postgres', 'redshift'] as const)(
    '%s: a violation fails the transaction with the message and the first violation; it rolls back',
    async (dialect) => {
      const before = await count();
      if (dialect === 'redshift')
        await db.exec('SET standard_conforming_strings = off; SET escape_string_warning = off');
      try {
        await expect(
          db.transaction(async (tx) => {
            await tx.exec("INSERT INTO events VALUES ('c', 9, NULL)");
            await tx.exec(compile(check(0), dialect));
          }),
        ).rejects.toThrow("events' ids: id's \\ a");
      } finally {
        if (dialect === 'redshift') await db.exec('SET standard_conforming_strings = on');
      }
      expect(await count()).toBe(before);
    },
  );

  it.each(['postgres', 'redshift'] as const)(
    '%s: no violation, and the transaction commits',
    async (dialect) => {
      const before = await count();
      await db.transaction(async (tx) => {
        await tx.exec("INSERT INTO events VALUES ('d', 9, NULL)");
        // a's events are 1 and 2, b's 3 and 4: none has two above 3.
        await tx.exec(compile(check(3), dialect));
      });
      expect(await count()).toBe(before + 1);
      await db.exec("DELETE FROM events WHERE id = 'd'");
    },
  );
});
