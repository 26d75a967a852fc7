/**
 * The local warehouse as the Redshift Data API sees it: one PostgreSQL database, embedded (PGlite)
 * or a real server (`pg`). Both speak PostgreSQL; this interface is what the service needs of them
 * and nothing more: run a statement (optionally as a role), run statements in one transaction,
 * bulk-load CSV into a table, close.
 *
 * Values cross the interface as PostgreSQL text (no type parsing), so both engines give the same
 * rows and the Data API layer decides how each type is reported.
 */
import { compile, type SqlPart, sql as s, sqlt } from '../../core/index.js';

export interface QualifiedTable {
  readonly schema?: string;
  readonly name: string;
}

export interface ResultColumn {
  readonly name: string;
  /** The PostgreSQL type OID (`pg_type.oid`). */
  readonly typeOid: number;
}

export interface StatementResult {
  /** The command tag's verb: `SELECT`, `INSERT`, `MERGE`, `CREATE TABLE`, … (empty when unknown). */
  readonly command: string;
  /** Rows returned or affected, when the command reports a count. */
  readonly rowCount: number | undefined;
  /** Present when the statement returns rows (even none). */
  readonly columns: readonly ResultColumn[] | undefined;
  /** Each row's values in column order, as PostgreSQL text; NULL is null. */
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Parameters are PostgreSQL positional (`$1`, …), sent as text and typed by the server. */
export type SqlParams = readonly (string | null)[];

export interface RunOptions {
  /** Run as this role (`SET ROLE`): its grants, row policies and column privileges apply. */
  readonly role?: string;
}

export interface WarehouseSession {
  run(sql: string, params?: SqlParams): Promise<StatementResult>;
  /**
   * Loads a CSV file (no header; an unquoted empty field is NULL, `""` an empty string) into the
   * listed columns, in order, or every column when none are listed. Returns the rows loaded.
   * Needs INSERT on those columns. `format` gives other COPY options (a header, a delimiter, …).
   */
  copyCsv(
    table: QualifiedTable,
    columns: readonly string[],
    csvFile: string,
    format?: CopyFormat,
  ): Promise<number>;
}

export interface WarehouseConnection {
  readonly engine: 'pglite' | 'postgres';
  /** Where it lives: the data directory, or the server URL without its password. */
  readonly location: string;
  /**
   * Whether foreign keys are checked. Redshift treats primary, unique and foreign keys as
   * informational; the local warehouse turns foreign-key checks off when it can (see README).
   */
  readonly foreignKeysEnforced: boolean;
  run(sql: string, params?: SqlParams, options?: RunOptions): Promise<StatementResult>;
  /** Rows as objects of PostgreSQL text values, for callers that read a few values. */
  query(sql: string, params?: SqlParams, options?: RunOptions): Promise<Record<string, string | null>[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back as a whole when it throws. */
  transaction<T>(work: (session: WarehouseSession) => Promise<T>, options?: RunOptions): Promise<T>;
  close(): Promise<void>;
}

/**
 * What both engines share: a statement without a role runs on its own (autocommit); with one it
 * runs in a transaction that takes up the role. Each engine supplies the two primitives.
 */
export abstract class SqlWarehouse implements WarehouseConnection {
  abstract readonly engine: WarehouseConnection['engine'];
  abstract readonly location: string;
  abstract readonly foreignKeysEnforced: boolean;
  /** One statement (or a text of several), outside any transaction of ours. */
  protected abstract runDirect(sql: string, params: SqlParams | undefined): Promise<StatementResult>;
  abstract transaction<T>(work: (session: WarehouseSession) => Promise<T>, options?: RunOptions): Promise<T>;
  abstract close(): Promise<void>;

  run(sql: string, params?: SqlParams, options: RunOptions = {}): Promise<StatementResult> {
    if (options.role === undefined) return this.runDirect(sql, params);
    return this.transaction((session) => session.run(sql, params), options);
  }

  async query(
    sql: string,
    params?: SqlParams,
    options: RunOptions = {},
  ): Promise<Record<string, string | null>[]> {
    return rowObjects(await this.run(sql, params, options));
  }
}

/** A database error, with PostgreSQL's SQLSTATE and, when the server gave them, detail and position. */
export class WarehouseError extends Error {
  override readonly name = 'WarehouseError';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail?: string,
    readonly position?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static from(error: unknown): WarehouseError {
    if (error instanceof WarehouseError) return error;
    const e = error as { message?: string; code?: string; detail?: string; position?: string | number };
    const position = e.position === undefined ? undefined : Number(e.position);
    return new WarehouseError(
      e.message ?? String(error),
      typeof e.code === 'string' ? e.code : undefined,
      typeof e.detail === 'string' ? e.detail : undefined,
      position !== undefined && Number.isFinite(position) ? position : undefined,
      { cause: error },
    );
  }
}

const tableName = (table: QualifiedTable) => s.table(table.name, table.schema);

/** The table's quoted name, as a text value for PostgreSQL to read (`has_column_privilege($1, …)`). */
export const pgTable = (table: QualifiedTable): string => compile(sqlt`${tableName(table)}`, 'postgres');

/** Takes up a role for the rest of the transaction. */
export const setLocalRole = (role: string): string =>
  compile(sqlt`SET LOCAL ROLE ${s.ident(role)}`, 'postgres');

/**
 * The COPY options a load may set, each a typed value: the statement is rendered from these, so
 * no text of a caller's reaches it but as a literal. Unset options take PostgreSQL's defaults.
 */
export interface CopyFormat {
  readonly format: 'csv' | 'text';
  readonly header?: boolean;
  readonly delimiter?: string;
  readonly null?: string;
  readonly quote?: string;
  readonly escape?: string;
}

const CSV: CopyFormat = { format: 'csv' };

function copyOptions(format: CopyFormat): SqlPart {
  const options: SqlPart[] = [format.format === 'csv' ? sqlt`FORMAT csv` : sqlt`FORMAT text`];
  if (format.header !== undefined) options.push(format.header ? sqlt`HEADER true` : sqlt`HEADER false`);
  if (format.delimiter !== undefined) options.push(sqlt`DELIMITER ${s.lit(format.delimiter)}`);
  if (format.null !== undefined) options.push(sqlt`NULL ${s.lit(format.null)}`);
  if (format.quote !== undefined) options.push(sqlt`QUOTE ${s.lit(format.quote)}`);
  if (format.escape !== undefined) options.push(sqlt`ESCAPE ${s.lit(format.escape)}`);
  return s.list(options);
}

/**
 * `COPY t (cols) FROM <source> WITH (FORMAT csv)`: the one bulk-load statement both engines run,
 * from `STDIN` or a server-side file. No columns: every column of the table, in order.
 */
export function copyCsvStatement(
  table: QualifiedTable,
  columns: readonly string[],
  source: SqlPart,
  format: CopyFormat = CSV,
): string {
  const options = copyOptions(format);
  if (columns.length === 0) {
    return compile(sqlt`COPY ${tableName(table)} FROM ${source} WITH (${options})`, 'postgres');
  }
  const names = s.list(columns.map((c) => s.ident(c)));
  return compile(sqlt`COPY ${tableName(table)} (${names}) FROM ${source} WITH (${options})`, 'postgres');
}

/** The verb of a command tag (`INSERT 0 3` → `INSERT`, `CREATE TABLE` → `CREATE TABLE`). */
export const commandVerb = (tag: string | null | undefined): string =>
  (tag ?? '').replace(/(\s+\d+)+$/, '').trim();

/** A result's rows as objects keyed by column name, for the `query` of every connection. */
export function rowObjects(result: StatementResult): Record<string, string | null>[] {
  const names = (result.columns ?? []).map((c) => c.name);
  return result.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null])));
}
