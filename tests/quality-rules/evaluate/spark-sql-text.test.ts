/** Spark SQL text in rules → DuckDB text in a raw IR node; and the raw node in every dialect. */
import { describe, expect, it } from 'vitest';
import { compileExpr, DIALECTS, sql as s } from '../../../core/index.js';
import { sparkSqlText } from '../../../quality-rules/evaluate/spark-sql-text.js';

const duck = (text: string, primary = false) =>
  compileExpr(sparkSqlText(text, primary ? s.table('data', 'lake') : undefined), 'duckdb');

describe('sparkSqlText', () => {
  const CASES: readonly [spark: string, duckdb: string][] = [
    ['status = "active"', `(status = 'active')`],
    ["name = 'O\\'Neil'", `(name = 'O''Neil')`],
    ['`order id` > 3', `("order id" > 3)`],
    ['`a``b` is null', '("a`b" is null)'],
    ['`a"b` is null', '("a""b" is null)'],
    ['x = 1 -- a comment\n and y = 2', '(x = 1  \n and y = 2)'],
    ['x /* why */ = 1', '(x   = 1)'],
    ["path like 'a\\\\b'", `(path like 'a\\b')`],
    ['weightinkgs < 10;', '(weightinkgs < 10)'],
  ];
  for (const [spark, duckdb] of CASES) {
    it(spark, () => expect(duck(spark)).toBe(duckdb));
  }

  it('binds primary to the evaluated table, not a column named like it', () => {
    expect(duck('select count(*) from primary p where p.primary > 0 and primary.x = "primary"', true)).toBe(
      `(select count(*) from "lake"."data" p where p.primary > 0 and "lake"."data".x = 'primary')`,
    );
  });

  it.each([
    ['select 1; select 2', /more than one statement/],
    ['(a', /unbalanced "\("/],
    ['a)', /unbalanced "\)"/],
    ["'open", /unterminated '/],
    ['/* open', /unterminated comment/],
    ['  ', /empty/],
  ])('refuses %s', (text, message) => {
    expect(() => sparkSqlText(text)).toThrow(message);
  });
});

describe('the raw IR node', () => {
  it('renders its text in parentheses with its table arguments quoted per dialect', () => {
    const node = s.raw(['select count(*) from ', ' where x > ', ''], s.table('t', 'sch'), s.lit(1));
    const rendered = Object.fromEntries(DIALECTS.map((d) => [d, compileExpr(node, d)]));
    expect(rendered).toEqual({
      duckdb: '(select count(*) from "sch"."t" where x > 1)',
      spark: '(select count(*) from `sch`.`t` where x > 1)',
      postgres: '(select count(*) from "sch"."t" where x > 1)',
      redshift: '(select count(*) from "sch"."t" where x > 1)',
    });
  });

  it('needs one fragment more than arguments', () => {
    expect(() => s.raw(['a', 'b'])).toThrow(/one more fragment than args/);
  });

  it('ln is a function of every dialect', () => {
    expect(DIALECTS.map((d) => compileExpr(s.call('ln', s.col('x')), d))).toEqual([
      ...DIALECTS.map((d) => (d === 'spark' ? 'ln(`x`)' : 'ln("x")')),
    ]);
  });
});
