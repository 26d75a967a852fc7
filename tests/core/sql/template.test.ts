/** `sqlt` templates per dialect: every kind of hole, rendered through the dialect's quoting. */
import { describe, expect, it } from 'vitest';
import * as s from '../../../core/sql/build.js';
import { compile, DIALECTS } from '../../../core/sql/compile.js';
import { t } from '../../../core/sql/data-type.js';
import { type SqlTemplate, sqlt } from '../../../core/sql/template.js';
import { ansi, type PerDialect } from './dialect-table.js';

interface Case {
  readonly name: string;
  readonly template: SqlTemplate;
  readonly sql: PerDialect;
}

const cases: readonly Case[] = [
  {
    name: 'constant text',
    template: sqlt`SET TimeZone = 'UTC'`,
    sql: {
      duckdb: "SET TimeZone = 'UTC'",
      spark: "SET TimeZone = 'UTC'",
      postgres: "SET TimeZone = 'UTC'",
      redshift: "SET TimeZone = 'UTC'",
    },
  },
  {
    name: 'an identifier, quotes doubled',
    template: sqlt`SET LOCAL ROLE ${s.ident('read"only`')}`,
    sql: {
      duckdb: 'SET LOCAL ROLE "read""only`"',
      postgres: 'SET LOCAL ROLE "read""only`"',
      redshift: 'SET LOCAL ROLE "read""only`"',
      spark: 'SET LOCAL ROLE `read"only```',
    },
  },
  {
    name: 'a table with its schema',
    template: sqlt`DESCRIBE ${s.table('fact', 'edu')}`,
    sql: ansi('DESCRIBE "edu"."fact"'),
  },
  {
    name: 'a string literal: a quote doubled, a backslash doubled where it escapes',
    template: sqlt`SELECT * FROM read_parquet(${s.lit("/tmp/it's\\x.parquet")})`,
    sql: {
      duckdb: "SELECT * FROM read_parquet('/tmp/it''s\\x.parquet')",
      postgres: "SELECT * FROM read_parquet('/tmp/it''s\\x.parquet')",
      redshift: "SELECT * FROM read_parquet('/tmp/it''s\\\\x.parquet')",
      spark: "SELECT * FROM read_parquet('/tmp/it\\'s\\\\x.parquet')",
    },
  },
  {
    name: 'numbers, booleans and NULL',
    template: sqlt`SELECT ${s.lit(3)}, ${s.lit(-1.5)}, ${s.lit(true)}, ${s.lit(null)}`,
    sql: ansi('SELECT 3, -1.5, TRUE, NULL'),
  },
  {
    name: 'a type through the type table',
    template: sqlt`CAST(NULL AS ${t.string()}) AS ${s.ident('x')}`,
    sql: {
      duckdb: 'CAST(NULL AS VARCHAR) AS "x"',
      spark: 'CAST(NULL AS STRING) AS `x`',
      postgres: 'CAST(NULL AS TEXT) AS "x"',
      redshift: 'CAST(NULL AS VARCHAR(MAX)) AS "x"',
    },
  },
  {
    name: 'an expression node',
    template: sqlt`SELECT ${s.cast(s.col('n'), t.bigint())} WHERE FALSE`,
    sql: ansi('SELECT CAST("n" AS BIGINT) WHERE FALSE'),
  },
  {
    name: 'a statement node, and a template nested in another',
    template: sqlt`COPY (${s.select({ items: [s.item(s.star())], from: s.fromTable(s.table('t')) })}) TO ${sqlt`${s.lit('f.csv')} (FORMAT csv)`}`,
    sql: ansi('COPY (SELECT * FROM "t") TO \'f.csv\' (FORMAT csv)'),
  },
  {
    name: 'a list, with the default separator and another',
    template: sqlt`[${s.list([s.lit('a'), s.lit('b')])}] ${s.list([s.ident('x'), s.ident('y')], sqlt` UNION ALL `)}`,
    sql: ansi('[\'a\', \'b\'] "x" UNION ALL "y"'),
  },
  {
    name: 'an empty list',
    template: sqlt`(${s.list([])})`,
    sql: ansi('()'),
  },
  {
    name: 'verbatim text, left as it is',
    template: sqlt`CREATE VIEW ${s.ident('v')} AS ${s.verbatim('SELECT "a" FROM `b`')}`,
    sql: {
      duckdb: 'CREATE VIEW "v" AS SELECT "a" FROM `b`',
      postgres: 'CREATE VIEW "v" AS SELECT "a" FROM `b`',
      redshift: 'CREATE VIEW "v" AS SELECT "a" FROM `b`',
      spark: 'CREATE VIEW `v` AS SELECT "a" FROM `b`',
    },
  },
];

describe('sqlt', () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const dialect of DIALECTS) {
        it(dialect, () => expect(compile(c.template, dialect)).toBe(c.sql[dialect]));
      }
    });
  }

  it('is a frozen node', () => {
    const node = sqlt`SELECT ${s.lit(1)}`;
    expect(node).toEqual({ kind: 'template', strings: ['SELECT ', ''], parts: [s.lit(1)] });
    expect(Object.isFrozen(node) && Object.isFrozen(node.strings) && Object.isFrozen(node.parts)).toBe(true);
  });

  it('refuses a bare value in a hole, at compile time and at run time', () => {
    const name = 'students';
    // @ts-expect-error a string is no part: it must say whether it is a name or a value
    expect(() => sqlt`SELECT * FROM ${name}`).toThrow(/hole 1 of a sql template holds "students"/);
    // @ts-expect-error nor is a number
    expect(() => sqlt`LIMIT ${10}`).toThrow(TypeError);
    // @ts-expect-error nor in a list
    expect(() => s.list(['a'])).toThrow(TypeError);
  });
});
