/**
 * The SQL intermediate representation: frozen plain-data nodes with a `kind` tag. Every generator
 * that emits SQL builds these nodes and hands them to a dialect compiler; nobody concatenates SQL
 * text elsewhere. Compiling is pure and separate from executing.
 */
import type { DataType } from './data-type.js';

// ---------------------------------------------------------------- expressions

export type Expr =
  | ColumnRef
  | Literal
  | Star
  | Cast
  | Binary
  | Unary
  | Between
  | InList
  | InQuery
  | CaseExpr
  | Call
  | WindowCall
  | ArrayExpr
  | Subquery
  | Exists
  | RawSql;

export interface ColumnRef {
  readonly kind: 'column';
  readonly name: string;
  readonly table?: string;
}
export interface Literal {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}
export interface Star {
  readonly kind: 'star';
  readonly table?: string;
  /** Columns left out of the star (`* EXCLUDE (...)` / `* EXCEPT (...)` where supported). */
  readonly except?: readonly string[];
}
export interface Cast {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly to: DataType;
  /** A safe cast yields NULL where the value does not convert, instead of failing the query. */
  readonly safe: boolean;
}
export type BinaryOp =
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | '+'
  | '-'
  | '*'
  | '/'
  | '||'
  | 'is distinct from';
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export type UnaryOp = 'not' | 'neg' | 'is null' | 'is not null';
export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly expr: Expr;
}
export interface Between {
  readonly kind: 'between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}
export interface InList {
  readonly kind: 'in';
  readonly expr: Expr;
  readonly values: readonly Expr[];
  readonly negated: boolean;
}
/** `expr [NOT] IN (SELECT …)`: the query returns one column. */
export interface InQuery {
  readonly kind: 'inQuery';
  readonly expr: Expr;
  readonly query: Select;
  readonly negated: boolean;
}
export interface CaseExpr {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
}

/**
 * Functions are a closed set: each dialect renders every one of them (or raises
 * UnsupportedFeatureError), so adding a name here fails to build until every dialect handles it.
 */
export type FunctionName =
  | 'trim'
  | 'lower'
  | 'upper'
  | 'initcap'
  | 'coalesce'
  | 'nullif'
  | 'concat_ws'
  | 'length'
  | 'left'
  | 'right'
  | 'repeat'
  | 'strpos'
  | 'sha256'
  | 'regexp_like'
  | 'regexp_replace'
  | 'regexp_count'
  | 'parse_date'
  | 'parse_timestamp'
  | 'current_timestamp'
  | 'transaction_timestamp'
  | 'md5'
  | 'current_user'
  | 'is_role_member'
  | 'count'
  | 'count_distinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'stddev'
  | 'ln'
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'ntile'
  /** Whole days from the first date to the second (`days_between(a, b)` = b − a). */
  | 'days_between'
  | 'array_compact'
  | 'array_join'
  | 'array_length'
  | 'quote_ident'
  | 'masking_policy_on_column';
export interface Call {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
}
export interface OrderItem {
  readonly expr: Expr;
  readonly direction: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}
export interface WindowCall {
  readonly kind: 'window';
  readonly call: Call;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
}
/** An array built from expressions (Spark `array(...)`, DuckDB list `[...]`, Postgres `ARRAY[...]`). */
export interface ArrayExpr {
  readonly kind: 'array';
  readonly items: readonly Expr[];
}
export interface Subquery {
  readonly kind: 'subquery';
  readonly query: Select;
}
export interface Exists {
  readonly kind: 'exists';
  readonly query: Select;
  readonly negated: boolean;
}
/**
 * SQL text written outside lakeline (a DQDL `where` predicate, a DQDL CustomSql statement), kept
 * as it is: `fragments[0] args[0] fragments[1] …`, the args rendered by the dialect (a table the
 * text names, for one). Always rendered in parentheses, so it is one operand wherever it stands and
 * a query becomes a scalar subquery. Nothing checks the text: whoever builds one answers for it
 * suiting the dialect it is compiled for.
 */
export interface RawSql {
  readonly kind: 'raw';
  readonly fragments: readonly string[];
  readonly args: readonly (Expr | TableName)[];
}

// ---------------------------------------------------------------- queries

export interface TableName {
  readonly kind: 'table';
  readonly schema?: string;
  readonly name: string;
}
export type FromItem =
  | { readonly kind: 'fromTable'; readonly table: TableName; readonly alias?: string }
  | { readonly kind: 'fromQuery'; readonly query: Select; readonly alias: string };
export interface Join {
  readonly type: 'inner' | 'left' | 'anti' | 'semi';
  readonly item: FromItem;
  readonly on: Expr;
}
export interface SelectItem {
  readonly expr: Expr;
  readonly alias?: string;
}
export interface Select {
  readonly kind: 'select';
  readonly distinct?: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: FromItem;
  readonly joins?: readonly Join[];
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly having?: Expr;
  /** Filter on window results; dialects without QUALIFY lower it to a subquery. */
  readonly qualify?: Expr;
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: number;
  /**
   * `UNION ALL` of these queries after this one: their rows appended, column by column in order.
   * This query's ORDER BY and LIMIT then apply to the whole union, as in SQL; a branch has none.
   */
  readonly unionAll?: readonly Select[];
}

// ---------------------------------------------------------------- statements

export interface ColumnDef {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
  /** A generated surrogate key (Redshift IDENTITY, Postgres GENERATED BY DEFAULT AS IDENTITY). */
  readonly identity?: boolean;
  readonly default?: Expr;
}
export interface ForeignKeyDef {
  readonly columns: readonly string[];
  readonly references: TableName;
  readonly referencedColumns: readonly string[];
}
export interface CreateSchema {
  readonly kind: 'createSchema';
  readonly name: string;
  readonly ifNotExists: boolean;
}
/**
 * Redshift Spectrum: a schema whose tables are the Glue Data Catalog database's, read in place
 * from S3 (partition columns included, which COPY cannot load from a Hive-partitioned prefix).
 */
export interface CreateExternalSchema {
  readonly kind: 'createExternalSchema';
  readonly name: string;
  readonly catalogDatabase: string;
  readonly iamRole: string;
}
export interface CreateTable {
  readonly kind: 'createTable';
  readonly table: TableName;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey?: readonly string[];
  /** Column sets that are unique (natural keys). Informational in Redshift, enforced in PostgreSQL. */
  readonly unique?: readonly (readonly string[])[];
  readonly foreignKeys?: readonly ForeignKeyDef[];
  readonly ifNotExists: boolean;
  /**
   * Data that need not survive a crash (staging, or a table rebuilt from elsewhere by every load):
   * PostgreSQL keeps it out of the write-ahead log. A physical hint like the two below; dialects without it ignore it.
   */
  readonly unlogged?: boolean;
  /** Physical layout hints; dialects without them ignore them. */
  readonly distKey?: string;
  readonly sortKey?: readonly string[];
}
export interface DropTable {
  readonly kind: 'dropTable';
  readonly table: TableName;
  readonly ifExists: boolean;
}
export interface Truncate {
  readonly kind: 'truncate';
  readonly table: TableName;
}
export interface CreateView {
  readonly kind: 'createView';
  readonly view: TableName;
  readonly query: Select;
  readonly orReplace: boolean;
  /** PostgreSQL `security_barrier`: the view's filters run before any function of the caller's query. */
  readonly securityBarrier?: boolean;
}
export interface Insert {
  readonly kind: 'insert';
  readonly table: TableName;
  readonly columns: readonly string[];
  readonly query: Select;
}
export interface Delete {
  readonly kind: 'delete';
  readonly table: TableName;
  readonly where?: Expr;
}
/**
 * `UPDATE table SET … [FROM …] [WHERE …]`, the form PostgreSQL, Redshift and DuckDB share. The
 * target takes no alias (Redshift allows none): conditions name its columns by the table's own
 * name (`s.col('scd_id', table.name)`), and the FROM items join it through the WHERE condition
 * (Redshift refuses outer joins there). SET names bare columns of the target.
 */
export interface Update {
  readonly kind: 'update';
  readonly table: TableName;
  readonly set: readonly { readonly column: string; readonly value: Expr }[];
  readonly from?: readonly FromItem[];
  readonly where?: Expr;
}
export interface Merge {
  readonly kind: 'merge';
  readonly target: TableName;
  readonly targetAlias: string;
  readonly source: FromItem;
  readonly on: Expr;
  /** `WHEN MATCHED AND <condition> THEN UPDATE`: matched rows failing it are left as they are. */
  readonly whenMatchedAnd?: Expr;
  readonly whenMatchedUpdate?: readonly { readonly column: string; readonly value: Expr }[];
  readonly whenNotMatchedInsert?: { readonly columns: readonly string[]; readonly values: readonly Expr[] };
}
/** Redshift `COPY ... FROM 's3://...' IAM_ROLE ... FORMAT AS PARQUET`. */
export interface Copy {
  readonly kind: 'copy';
  readonly table: TableName;
  readonly columns: readonly string[];
  readonly from: string;
  readonly iamRole: string;
  readonly format: 'parquet';
}
/** A PostgreSQL extension the statements rely on (`aws_s3` on Amazon RDS and Aurora PostgreSQL). */
export interface CreateExtension {
  readonly kind: 'createExtension';
  readonly name: string;
  /** Also installs the extensions it requires (`aws_s3` requires `aws_commons`). */
  readonly cascade: boolean;
}
/**
 * Amazon RDS and Aurora PostgreSQL's import of one S3 object through the `aws_s3` extension, with
 * COPY's CSV options: `SELECT aws_s3.table_import_from_s3('<table>', '<columns>', '(FORMAT csv,
 * HEADER true)', '<bucket>', :<keyParameter>, '<region>')`. The object's key is a named parameter
 * of the RDS Data API, filled per file by whoever lists the files (the state machine's Map).
 */
export interface S3Import {
  readonly kind: 's3Import';
  readonly table: TableName;
  readonly columns: readonly string[];
  readonly bucket: string;
  /** The key prefix of the objects to import, one statement per object: for whoever runs it, not rendered. */
  readonly prefix: string;
  readonly keyParameter: string;
  readonly region: string;
  readonly format: 'csv';
  readonly header: boolean;
}
export interface Transaction {
  readonly kind: 'transaction';
  readonly action: 'begin' | 'commit' | 'rollback';
}
export interface CreateRole {
  readonly kind: 'createRole';
  readonly name: string;
}

export type Privilege = 'select' | 'insert' | 'update' | 'delete' | 'usage' | 'create';
export interface Grant {
  readonly kind: 'grant';
  readonly privileges: readonly Privilege[];
  readonly on:
    | { readonly kind: 'schema'; readonly name: string }
    | { readonly kind: 'table'; readonly table: TableName; readonly columns?: readonly string[] };
  readonly role: string;
}

/**
 * Takes privileges back from a role: every privilege on a schema, or on every table and view in it
 * (column privileges included). Revoking what was never granted is no error, so it reruns.
 */
export interface Revoke {
  readonly kind: 'revoke';
  readonly on:
    | { readonly kind: 'schema'; readonly name: string }
    | { readonly kind: 'allTablesInSchema'; readonly schema: string };
  readonly role: string;
}

/** A typed input column of a policy (Redshift `WITH (name type, ...)`). */
export interface PolicyColumn {
  readonly name: string;
  readonly type: DataType;
}
/**
 * A row-level security policy: rows for which `using` holds are visible. Created unattached
 * (Redshift), or attached only to the creating user (PostgreSQL, whose policies belong to a
 * table), so it has no effect until attached to roles.
 */
export interface CreateRowPolicy {
  readonly kind: 'createRowPolicy';
  readonly name: string;
  readonly table: TableName;
  readonly columns: readonly PolicyColumn[];
  readonly using: Expr;
}
/** Attaches a row policy to roles: the complete list (PostgreSQL's ALTER POLICY replaces it). */
export interface AttachRowPolicy {
  readonly kind: 'attachRowPolicy';
  readonly name: string;
  readonly table: TableName;
  readonly roles: readonly string[];
}
/** Turns row-level security on: from then on a role sees only the rows its attached policies allow. */
export interface EnableRowSecurity {
  readonly kind: 'enableRowSecurity';
  readonly table: TableName;
}
/** Drops a row policy if it exists (PostgreSQL: of its table; Redshift: detached from every table first). */
export interface DropRowPolicy {
  readonly kind: 'dropRowPolicy';
  readonly name: string;
  readonly table: TableName;
}
/** Turns row-level security off: every role with table privileges sees every row again. */
export interface DisableRowSecurity {
  readonly kind: 'disableRowSecurity';
  readonly table: TableName;
}
/** Redshift dynamic data masking: `using` computes the value a masked role reads instead of the column. */
export interface CreateMaskingPolicy {
  readonly kind: 'createMaskingPolicy';
  readonly name: string;
  readonly columns: readonly PolicyColumn[];
  readonly using: Expr;
  readonly ifNotExists: boolean;
}
export interface AttachMaskingPolicy {
  readonly kind: 'attachMaskingPolicy';
  readonly name: string;
  readonly table: TableName;
  readonly column: string;
  readonly role: string;
  /** Redshift refuses two policies on one column with equal priority. */
  readonly priority: number;
}

/**
 * Redshift: lets a row-level security policy read a table its USING clause looks values up in
 * (`GRANT SELECT ON <table> TO RLS POLICY <policy>`). PostgreSQL has no counterpart: a policy's
 * subquery runs with the rights of the user whose query it filters.
 */
export interface GrantToRowPolicy {
  readonly kind: 'grantToRowPolicy';
  readonly table: TableName;
  readonly policy: string;
}

export interface DropView {
  readonly kind: 'dropView';
  readonly view: TableName;
  readonly ifExists: boolean;
}

/**
 * Statements whose need is only known on the server (create a role unless the cluster has it,
 * drop whatever policies a table still carries): neither Redshift nor PostgreSQL has
 * `CREATE ROLE IF NOT EXISTS`, and Redshift runs procedural code only in stored procedures. So a
 * stored procedure `procedure(query)` is created, called with queries whose rows are the statements
 * to run (one text column named `statement`, each row's statement executed in order), and dropped.
 */
export interface CreateStatementRunner {
  readonly kind: 'createStatementRunner';
  readonly procedure: TableName;
}
/** `CALL procedure('<query>')`: runs each statement the query returns; none when it returns no row. */
export interface RunStatements {
  readonly kind: 'runStatements';
  readonly procedure: TableName;
  readonly query: Select;
}
export interface DropStatementRunner {
  readonly kind: 'dropStatementRunner';
  readonly procedure: TableName;
}

/**
 * A check that fails the running transaction, and so rolls it back, when `query` returns a row:
 * the error reads `<message>: <the first row's violation>` (the query names it `violation`, with
 * `sql.violation(…)`). `message` says what is checked, in words ("the history of
 * shop.dim_customers"). PostgreSQL runs the check in a DO block; Redshift, which has no DO blocks,
 * calls `procedure`, which `createAssertionProcedure` created beforehand.
 */
export interface AssertEmpty {
  readonly kind: 'assertEmpty';
  readonly procedure: TableName;
  readonly query: Select;
  readonly message: string;
}
/** The procedure Redshift's `assertEmpty` calls: `procedure(query, message)`; kept, not dropped. */
export interface CreateAssertionProcedure {
  readonly kind: 'createAssertionProcedure';
  readonly procedure: TableName;
}

export type Statement =
  | Select
  | CreateSchema
  | CreateExternalSchema
  | CreateTable
  | DropTable
  | Truncate
  | CreateView
  | DropView
  | Insert
  | Delete
  | Update
  | Merge
  | Copy
  | CreateExtension
  | S3Import
  | Transaction
  | CreateRole
  | Grant
  | Revoke
  | CreateRowPolicy
  | AttachRowPolicy
  | GrantToRowPolicy
  | DropRowPolicy
  | EnableRowSecurity
  | DisableRowSecurity
  | CreateMaskingPolicy
  | AttachMaskingPolicy
  | CreateStatementRunner
  | RunStatements
  | DropStatementRunner
  | AssertEmpty
  | CreateAssertionProcedure;

export type StatementKind = Statement['kind'];
