/**
 * Entry point of the SQL compiler: one default compiler (sql-compiler.ts), one small subclass per
 * dialect (dialects/). Compiling is pure: the same node and dialect always give the same text.
 */

import type { DialectName } from './dialect.js';
import { DuckDbCompiler } from './dialects/duckdb.js';
import { PostgresCompiler } from './dialects/postgres.js';
import { RedshiftCompiler } from './dialects/redshift.js';
import { SparkCompiler } from './dialects/spark.js';
import type { Expr, Statement } from './nodes.js';
import type { SqlCompiler } from './sql-compiler.js';
import { renderTemplate, type SqlTemplate } from './template.js';

export { DIALECTS, type DialectName } from './dialect.js';

const COMPILERS: Readonly<Record<DialectName, SqlCompiler>> = {
  duckdb: new DuckDbCompiler(),
  spark: new SparkCompiler(),
  postgres: new PostgresCompiler(),
  redshift: new RedshiftCompiler(),
};

/** The compiler of a dialect, for callers that need its quoting or type names directly. */
export function compilerFor(dialect: DialectName): SqlCompiler {
  const compiler = COMPILERS[dialect];
  if (compiler === undefined)
    throw new Error(`unknown SQL dialect "${dialect}"; known: ${Object.keys(COMPILERS).join(', ')}`);
  return compiler;
}

/**
 * One statement, or a `sqlt` template, without a trailing semicolon. Raises
 * UnsupportedFeatureError for what the dialect cannot express.
 */
export function compile(node: Statement | SqlTemplate, dialect: DialectName): string {
  const compiler = compilerFor(dialect);
  return node.kind === 'template' ? renderTemplate(node, compiler) : compiler.statement(node);
}

export function compileExpr(expr: Expr, dialect: DialectName): string {
  return compilerFor(dialect).expr(expr);
}

/** A dialect-quoted identifier (`"name"`, or `` `name` `` in Spark). */
export const quoteIdent = (name: string, dialect: DialectName): string =>
  compilerFor(dialect).quoteIdent(name);

/** A dialect-escaped string literal. */
export const stringLiteral = (value: string, dialect: DialectName): string =>
  compilerFor(dialect).stringLiteral(value);
