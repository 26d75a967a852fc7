/**
 * Entry point of the SQL compiler: one default compiler, one small subclass per dialect.
 * (Being written: the dialect compilers replace this placeholder.)
 */
import type { Expr, Statement } from './nodes.js';

export type DialectName = 'duckdb' | 'spark' | 'redshift' | 'postgres';
export const DIALECTS: readonly DialectName[] = ['duckdb', 'spark', 'redshift', 'postgres'];

export function compile(_node: Statement, _dialect: DialectName): string {
  throw new Error('not implemented yet');
}

export function compileExpr(_expr: Expr, _dialect: DialectName): string {
  throw new Error('not implemented yet');
}
