/**
 * Amazon Redshift: PostgreSQL's nearest relative, so it inherits the PostgreSQL compiler and
 * overrides where Redshift's SQL differs (types, a few functions, RLS and masking syntax, COPY,
 * MERGE's restrictions, roles named with ROLE).
 */
import type { FunctionRenderer, FunctionTable, TypeTable } from '../expression-compiler.js';
import { plain } from '../functions.js';
import type {
  ArrayExpr,
  AssertEmpty,
  AttachMaskingPolicy,
  AttachRowPolicy,
  Binary,
  ColumnDef,
  Copy,
  CreateExternalSchema,
  CreateMaskingPolicy,
  CreateRole,
  CreateRowPolicy,
  CreateTable,
  DisableRowSecurity,
  DropRowPolicy,
  EnableRowSecurity,
  GrantToRowPolicy,
  Merge,
  Privilege,
  Select,
  WindowCall,
} from '../nodes.js';
import { POSTGRES_FUNCTIONS, PostgresCompiler, templateParse } from './postgres.js';

export const REDSHIFT_TYPES: TypeTable = {
  // Redshift lengths count bytes, not characters: a multi-byte UTF-8 value needs more room.
  string: (t) => (t.maxLength === undefined ? 'VARCHAR(MAX)' : `VARCHAR(${t.maxLength})`),
  int: () => 'INTEGER',
  bigint: () => 'BIGINT',
  double: () => 'DOUBLE PRECISION',
  decimal: (t) => `DECIMAL(${t.precision}, ${t.scale})`,
  boolean: () => 'BOOLEAN',
  date: () => 'DATE',
  timestamp: () => 'TIMESTAMP',
};

/**
 * Redshift has no CONCAT_WS. Each part is prefixed with the separator and a NULL part collapses to
 * '' (`sep || NULL` is NULL), then the leading separator is cut: NULLs are skipped as elsewhere.
 */
const concatWs: FunctionRenderer = (args, c) => {
  const separator = c.literalArg(args, 0, 'concat_ws');
  const parts = args.slice(1);
  if (parts.length === 0) return "''";
  const sep = c.stringLiteral(separator);
  const joined = parts.map((p) => `COALESCE(${sep} || ${c.expr(p)}, '')`).join(' || ');
  return `SUBSTRING(${joined} FROM ${[...separator].length + 1})`;
};

/** Only literal replacements: Redshift's group-reference syntax is not the IR's `$1`. */
const regexpReplace: FunctionRenderer = (args, c) => {
  const replacement = c.literalArg(args, 2, 'regexp_replace');
  if (/[$\\]/.test(replacement))
    c.unsupported('regexp_replace() with group references or backslashes in the replacement');
  return c.fn('REGEXP_REPLACE', args);
};

const unsupportedArrays =
  (fn: string): FunctionRenderer =>
  (_args, c) =>
    c.unsupported(`${fn}() (Redshift arrays are SUPER values without this function)`);

export const REDSHIFT_FUNCTIONS: FunctionTable = {
  ...POSTGRES_FUNCTIONS,
  days_between: (args, c) =>
    `datediff(day, ${c.expr(c.arg(args, 0, 'days_between'))}, ${c.expr(c.arg(args, 1, 'days_between'))})`,
  concat_ws: concatWs,
  sha256: (args, c) => `SHA2(${c.expr(c.arg(args, 0, 'sha256'))}, 256)`,
  regexp_replace: regexpReplace,
  regexp_count: plain('REGEXP_COUNT'),
  // The third argument makes an out-of-range value (2024-02-30) an error instead of rolling over.
  parse_date: templateParse('parse_date', ', TRUE'),
  parse_timestamp: templateParse('parse_timestamp', ', TRUE'),
  current_timestamp: () => 'GETDATE()',
  // SYSDATE is the transaction's start (GETDATE() the statement's), in the session's zone (UTC).
  transaction_timestamp: () => 'SYSDATE',
  array_compact: unsupportedArrays('array_compact'),
  array_join: unsupportedArrays('array_join'),
  array_length: plain('GET_ARRAY_LENGTH'),
  // The masking policy attached to (schema, table, column, role), NULL when none: a role and a
  // column carry at most one.
  masking_policy_on_column: plain('mask_get_policy_for_role_on_column'),
  // Fails on a name that is no role or group: callers test the name first (see warehouse/).
  is_role_member: plain('user_is_member_of'),
};

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'ntile']);

export class RedshiftCompiler extends PostgresCompiler {
  override readonly dialect = 'redshift' as const;
  protected override readonly types: TypeTable = REDSHIFT_TYPES;
  override readonly functions: FunctionTable = REDSHIFT_FUNCTIONS;
  protected override readonly supportsQualify = true;

  /** Redshift has no unlogged tables; the hint is PostgreSQL's. */
  protected override createTableKeywords(_node: CreateTable): string {
    return 'CREATE TABLE';
  }

  /** Backslash is an escape character in Redshift string literals, as a quote is. */
  override stringLiteral(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }

  /**
   * Redshift wants an alias on the FROM relation when QUALIFY follows it directly; the table's own
   * name as alias keeps every `table.column` reference valid.
   */
  override select(node: Select): string {
    const from = node.from;
    const qualifyFollowsFrom =
      node.qualify !== undefined &&
      node.where === undefined &&
      (node.groupBy?.length ?? 0) === 0 &&
      node.having === undefined;
    if (
      qualifyFollowsFrom &&
      (node.joins?.length ?? 0) === 0 &&
      from?.kind === 'fromTable' &&
      from.alias === undefined
    ) {
      return super.select({ ...node, from: { ...from, alias: from.table.name } });
    }
    return super.select(node);
  }

  /** Redshift has no IS DISTINCT FROM: true when exactly one side is NULL or both differ. */
  protected override distinctFrom(node: Binary): string {
    const l = this.operand(node.left, '=', 'left');
    const r = this.operand(node.right, '=', 'right');
    return `(CASE WHEN ${l} = ${r} OR (${l} IS NULL AND ${r} IS NULL) THEN FALSE ELSE TRUE END)`;
  }

  /**
   * Redshift requires a frame for an aggregate window with ORDER BY and supports only ROWS frames;
   * the SQL default is a RANGE frame (ties included), so no Redshift spelling means the same.
   */
  protected override windowFrame(node: WindowCall): string | undefined {
    if (node.orderBy.length > 0 && !RANKING.has(node.call.fn)) {
      this.unsupported(`${node.call.fn}() OVER (ORDER BY ...) (Redshift has no RANGE frames)`);
    }
    return undefined;
  }

  protected override array(node: ArrayExpr): string {
    return `ARRAY(${node.items.map((i) => this.expr(i)).join(', ')})`;
  }

  protected override identityClause(_column: ColumnDef): string {
    return 'IDENTITY(1, 1)';
  }

  protected override tableAttributes(node: CreateTable): string[] {
    const attributes: string[] = [];
    if (node.distKey !== undefined) attributes.push(`DISTKEY (${this.quoteIdent(node.distKey)})`);
    if (node.sortKey !== undefined && node.sortKey.length > 0)
      attributes.push(`SORTKEY (${this.identList(node.sortKey)})`);
    return attributes;
  }

  protected override securityBarrier(): string {
    return this.unsupported('security-barrier views');
  }

  /**
   * Redshift's MERGE takes a table as source (no subquery, no view), no alias on the target (its
   * columns are qualified by the table name), both a WHEN MATCHED and a WHEN NOT MATCHED clause, and
   * no condition on WHEN MATCHED.
   */
  protected override merge(node: Merge): string {
    if (node.whenMatchedAnd !== undefined) this.unsupported('MERGE with a WHEN MATCHED AND condition');
    if (node.source.kind !== 'fromTable')
      this.unsupported('MERGE from a subquery (stage the rows in a table)');
    if (node.targetAlias !== node.target.name) {
      this.unsupported(`MERGE with a target alias ("${node.targetAlias}") other than the table name`);
    }
    if (node.whenMatchedUpdate === undefined || node.whenNotMatchedInsert === undefined) {
      this.unsupported('MERGE without both WHEN MATCHED and WHEN NOT MATCHED clauses');
    }
    const aliased = `MERGE INTO ${this.tableName(node.target)} AS ${this.quoteIdent(node.targetAlias)} `;
    return `MERGE INTO ${this.tableName(node.target)} ${super.merge(node).slice(aliased.length)}`;
  }

  /** Column order must match the Parquet files' (Redshift maps Parquet columns by position). */
  protected override copy(node: Copy): string {
    return `COPY ${this.tableName(node.table)} (${this.identList(node.columns)}) FROM ${this.stringLiteral(node.from)} IAM_ROLE ${this.stringLiteral(node.iamRole)} FORMAT AS PARQUET`;
  }

  protected override createExtension(): string {
    return this.unsupported("extensions (CREATE EXTENSION is PostgreSQL's)");
  }

  protected override s3Import(): string {
    return this.unsupported("imports through RDS PostgreSQL's aws_s3 extension (Redshift loads with COPY)");
  }

  protected override createExternalSchema(node: CreateExternalSchema): string {
    return `CREATE EXTERNAL SCHEMA IF NOT EXISTS ${this.quoteIdent(node.name)} FROM DATA CATALOG DATABASE ${this.stringLiteral(node.catalogDatabase)} IAM_ROLE ${this.stringLiteral(node.iamRole)}`;
  }

  protected override createRole(node: CreateRole): string {
    return `CREATE ROLE ${this.quoteIdent(node.name)}`;
  }

  protected override grantee(role: string): string {
    return `ROLE ${this.quoteIdent(role)}`;
  }

  protected override columnPrivileges(): readonly Privilege[] {
    return ['select', 'update'];
  }

  protected override createRowPolicy(node: CreateRowPolicy): string {
    const columns = node.columns.length === 0 ? '' : ` WITH (${this.policyColumns(node.columns)})`;
    return `CREATE RLS POLICY ${this.quoteIdent(node.name)}${columns} USING (${this.expr(node.using)})`;
  }

  protected override attachRowPolicy(node: AttachRowPolicy): string {
    const roles = node.roles.map((r) => this.grantee(r)).join(', ');
    return `ATTACH RLS POLICY ${this.quoteIdent(node.name)} ON TABLE ${this.tableName(node.table)} TO ${roles}`;
  }

  /** Redshift policies are not a table's: CASCADE detaches the policy from every table first. */
  protected override dropRowPolicy(node: DropRowPolicy): string {
    return `DROP RLS POLICY IF EXISTS ${this.quoteIdent(node.name)} CASCADE`;
  }

  protected override grantToRowPolicy(node: GrantToRowPolicy): string {
    return `GRANT SELECT ON TABLE ${this.tableName(node.table)} TO RLS POLICY ${this.quoteIdent(node.policy)}`;
  }

  protected override enableRowSecurity(node: EnableRowSecurity): string {
    return `ALTER TABLE ${this.tableName(node.table)} ROW LEVEL SECURITY ON`;
  }

  protected override disableRowSecurity(node: DisableRowSecurity): string {
    return `ALTER TABLE ${this.tableName(node.table)} ROW LEVEL SECURITY OFF`;
  }

  protected override createMaskingPolicy(node: CreateMaskingPolicy): string {
    const ifNotExists = node.ifNotExists ? ' IF NOT EXISTS' : '';
    return `CREATE MASKING POLICY ${this.quoteIdent(node.name)}${ifNotExists} WITH (${this.policyColumns(node.columns)}) USING (${this.expr(node.using)})`;
  }

  protected override attachMaskingPolicy(node: AttachMaskingPolicy): string {
    return `ATTACH MASKING POLICY ${this.quoteIdent(node.name)} ON ${this.tableName(node.table)} (${this.quoteIdent(node.column)}) TO ${this.grantee(node.role)} PRIORITY ${node.priority}`;
  }

  /**
   * Redshift runs procedural code only in stored procedures: the check calls the assertion
   * procedure with the query's text. Called inside the load's transaction, the procedure runs in
   * it, and the exception it raises rolls the whole transaction back.
   */
  protected override assertEmpty(node: AssertEmpty): string {
    const query = this.stringLiteral(this.select(node.query));
    return `CALL ${this.tableName(node.procedure)}(${query}, ${this.stringLiteral(node.message)})`;
  }
}
