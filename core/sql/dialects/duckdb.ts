/**
 * DuckDB: the simulator's Glue engine. Where Spark and DuckDB differ in meaning (initcap's word
 * boundaries, failed date parses), the DuckDB rendering follows Spark, since it stands in for Glue.
 */
import { toStrptimeFormat } from '../datetime-format.js';
import type { FunctionRenderer, FunctionTable, TypeTable } from '../expression-compiler.js';
import { DEFAULT_FUNCTIONS, plain, regexpReplaceWithFlags } from '../functions.js';
import type { ArrayExpr, Grant } from '../nodes.js';
import { SqlCompiler } from '../sql-compiler.js';

export const DUCKDB_TYPES: TypeTable = {
  string: () => 'VARCHAR',
  int: () => 'INTEGER',
  bigint: () => 'BIGINT',
  double: () => 'DOUBLE',
  decimal: (t) => `DECIMAL(${t.precision}, ${t.scale})`,
  boolean: () => 'BOOLEAN',
  date: () => 'DATE',
  timestamp: () => 'TIMESTAMP',
};

/** try_strptime yields NULL for a value that does not parse, as Spark's to_date does with ANSI off. */
const strptime =
  (fnName: 'parse_date' | 'parse_timestamp'): FunctionRenderer =>
  (args, c) => {
    const value = c.expr(c.arg(args, 0, fnName));
    const format = c.stringLiteral(toStrptimeFormat(c.literalArg(args, 1, fnName), c.dialect));
    const parsed = `try_strptime(${value}, ${format})`;
    return fnName === 'parse_date' ? `CAST(${parsed} AS DATE)` : parsed;
  };

/**
 * DuckDB has no initcap. Spark's: lower-case everything, then upper-case the first letter of each
 * run separated by a space (only a space: `o'neil` → `O'neil`, `jean-luc` → `Jean-luc`).
 */
const initcap: FunctionRenderer = (args, c) => {
  const value = c.expr(c.arg(args, 0, 'initcap'));
  return `array_to_string([upper(__w[1]) || __w[2:] FOR __w IN string_split(lower(${value}), ' ')], ' ')`;
};

export const DUCKDB_FUNCTIONS: FunctionTable = {
  ...DEFAULT_FUNCTIONS,
  days_between: (args, c) =>
    `date_diff('day', CAST(${c.expr(c.arg(args, 0, 'days_between'))} AS DATE), CAST(${c.expr(c.arg(args, 1, 'days_between'))} AS DATE))`,
  initcap,
  sha256: plain('sha256'),
  regexp_like: plain('regexp_matches'),
  regexp_replace: (args, c) => regexpReplaceWithFlags(args, c, 'g'),
  regexp_count: (args, c) => `len(${c.fn('regexp_extract_all', args)})`,
  parse_date: strptime('parse_date'),
  parse_timestamp: strptime('parse_timestamp'),
  array_compact: (args, c) =>
    `[__x FOR __x IN ${c.expr(c.arg(args, 0, 'array_compact'))} IF __x IS NOT NULL]`,
  array_join: plain('array_to_string'),
  array_length: plain('len'),
  quote_ident: (_args, c) => c.unsupported('quote_ident()'),
  is_role_member: (_args, c) => c.unsupported('is_role_member() (DuckDB has no roles)'),
};

export class DuckDbCompiler extends SqlCompiler {
  readonly dialect = 'duckdb' as const;
  protected readonly types: TypeTable = DUCKDB_TYPES;
  readonly functions: FunctionTable = DUCKDB_FUNCTIONS;
  protected override readonly supportsQualify = true;
  protected override readonly supportsSemiAntiJoins = true;

  protected override safeCast(inner: string): string {
    return `TRY_CAST(${inner})`;
  }

  protected override starExcept(columns: readonly string[]): string {
    return `EXCLUDE (${this.identList(columns)})`;
  }

  /** DuckDB sorts NULLs last in both directions by default. */
  protected override defaultNulls(): 'first' | 'last' {
    return 'last';
  }

  protected override array(node: ArrayExpr): string {
    return `[${node.items.map((i) => this.expr(i)).join(', ')}]`;
  }

  /** Access control lives elsewhere for this engine (Lake Formation for Glue; none for the local engine). */
  protected override grant(_node: Grant): string {
    return this.unsupported('GRANT');
  }
}
