/** The SQL dialects the compiler renders: the local engine, Glue's Spark, the warehouse and its stand-in. */
export type DialectName = 'duckdb' | 'spark' | 'redshift' | 'postgres';

export const DIALECTS: readonly DialectName[] = Object.freeze([
  'duckdb',
  'spark',
  'redshift',
  'postgres',
] as const);
