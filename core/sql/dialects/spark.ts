/**
 * Spark SQL 3.5, as on Glue 5.0 (Spark 3.5.4), run with `spark.sql.ansi.enabled=false` and
 * `spark.sql.legacy.timeParserPolicy=CORRECTED` (the Glue runner sets both): to_date/to_timestamp
 * then yield NULL for a value that does not parse.
 */
import type { FunctionRenderer, FunctionTable, TypeTable } from '../expression-compiler.js';
import { DEFAULT_FUNCTIONS, plain } from '../functions.js';
import type {
  ArrayExpr,
  Binary,
  ColumnDef,
  CreateTable,
  Grant,
  Join,
  Transaction,
  Update,
} from '../nodes.js';
import { SqlCompiler } from '../sql-compiler.js';

export const SPARK_TYPES: TypeTable = {
  // Spark 3.5's VARCHAR(n) only checks lengths on write to some table kinds; STRING is the honest type.
  string: () => 'STRING',
  int: () => 'INT',
  bigint: () => 'BIGINT',
  double: () => 'DOUBLE',
  decimal: (t) => `DECIMAL(${t.precision}, ${t.scale})`,
  boolean: () => 'BOOLEAN',
  date: () => 'DATE',
  timestamp: () => 'TIMESTAMP',
};

/** Spark 3.3 has no regexp_count (3.4 added it); counting the matches is the same thing. */
const regexpCount: FunctionRenderer = (args, c) =>
  `array_size(regexp_extract_all(${c.expr(c.arg(args, 0, 'regexp_count'))}, ${c.expr(c.arg(args, 1, 'regexp_count'))}, 0))`;

export const SPARK_FUNCTIONS: FunctionTable = {
  ...DEFAULT_FUNCTIONS,
  sha256: (args, c) => `sha2(${c.expr(c.arg(args, 0, 'sha256'))}, 256)`,
  regexp_like: (args, c) =>
    `(${c.expr(c.arg(args, 0, 'regexp_like'))} RLIKE ${c.expr(c.arg(args, 1, 'regexp_like'))})`,
  // Spark replaces every match and reads `$1` as a group reference: the IR's own convention.
  regexp_replace: plain('regexp_replace'),
  regexp_count: regexpCount,
  // Spark's own pattern letters: the format passes through unchanged.
  parse_date: plain('to_date'),
  parse_timestamp: plain('to_timestamp'),
  current_timestamp: () => 'current_timestamp()',
  transaction_timestamp: (_args, c) => c.unsupported('transaction_timestamp() (Spark runs no transactions)'),
  current_user: () => 'current_user()',
  days_between: (args, c) =>
    `datediff(${c.expr(c.arg(args, 1, 'days_between'))}, ${c.expr(c.arg(args, 0, 'days_between'))})`,
  // array_compact arrived in Spark 3.4; filter() with a lambda is in 3.3.
  array_compact: (args, c) => `filter(${c.expr(c.arg(args, 0, 'array_compact'))}, __x -> __x IS NOT NULL)`,
  array_join: plain('array_join'),
  // array_size is NULL for a NULL array; size() would say -1.
  array_length: plain('array_size'),
  quote_ident: (_args, c) => c.unsupported('quote_ident()'),
  strpos: plain('instr'),
  is_role_member: (_args, c) => c.unsupported('is_role_member() (Spark SQL has no roles)'),
};

export class SparkCompiler extends SqlCompiler {
  readonly dialect = 'spark' as const;
  protected readonly types: TypeTable = SPARK_TYPES;
  readonly functions: FunctionTable = SPARK_FUNCTIONS;
  protected override readonly supportsSemiAntiJoins = true;

  override quoteIdent(name: string): string {
    return `\`${name.replaceAll('`', '``')}\``;
  }

  /** Backslash escapes in Spark string literals (spark.sql.parser.escapedStringLiterals=false). */
  override stringLiteral(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }

  protected override safeCast(inner: string): string {
    return `TRY_CAST(${inner})`;
  }

  protected override distinctFrom(node: Binary): string {
    return `NOT (${this.operand(node.left, '=', 'left')} <=> ${this.operand(node.right, '=', 'right')})`;
  }

  /** Spark's own default: NULLs first ascending, last descending (the IR's default). */
  protected override defaultNulls(direction: 'asc' | 'desc'): 'first' | 'last' {
    return direction === 'asc' ? 'first' : 'last';
  }

  protected override array(node: ArrayExpr): string {
    return `array(${node.items.map((i) => this.expr(i)).join(', ')})`;
  }

  protected override joinKeyword(type: Join['type']): string {
    if (type === 'semi') return 'LEFT SEMI JOIN';
    if (type === 'anti') return 'LEFT ANTI JOIN';
    return super.joinKeyword(type);
  }

  protected override createTable(node: CreateTable): string {
    if (
      (node.primaryKey?.length ?? 0) > 0 ||
      (node.unique?.length ?? 0) > 0 ||
      (node.foreignKeys?.length ?? 0) > 0
    ) {
      this.unsupported('table constraints (PRIMARY KEY, UNIQUE, FOREIGN KEY)');
    }
    return `${super.createTable(node)}\nUSING PARQUET`;
  }

  protected override identityClause(_column: ColumnDef): string {
    return this.unsupported('identity (generated surrogate key) columns');
  }

  protected override transaction(_node: Transaction): string {
    return this.unsupported('transactions');
  }

  /** Spark updates only table formats such as Delta or Iceberg; the engines here write Parquet. */
  protected override update(_node: Update): string {
    return this.unsupported('UPDATE');
  }

  /** Access control lives elsewhere for this engine (Lake Formation for Glue; none for the local engine). */
  protected override grant(_node: Grant): string {
    return this.unsupported('GRANT');
  }
}
