/**
 * The simulator's one door to DuckDB (the local Glue engine). Everything that runs DuckDB —
 * jobs, crawler inference, reading Parquet for the warehouse COPY, `quality check` — opens it here.
 */
import { createRequire } from 'node:module';
import type * as DuckDbApi from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { compile, type SqlTemplate, type Statement } from '../../core/index.js';

// Loaded with require: an ES module's import of a CommonJS package makes Node scan the package's
// source for its export names, which was a good part of the command's start.
const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDbApi;

export type Row = Record<string, unknown>;

/** SQL for DuckDB: text (a plan's compiled statement), or a statement or template compiled here. */
export type DuckSql = string | Statement | SqlTemplate;

const text = (sql: DuckSql): string => (typeof sql === 'string' ? sql : compile(sql, 'duckdb'));

export class DuckDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /** An in-memory database; `threads` defaults to DuckDB's own choice (the machine's cores). */
  static async open(options: { path?: string; threads?: number } = {}): Promise<DuckDb> {
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config.threads = String(options.threads);
    const instance = await duckdb.DuckDBInstance.create(options.path ?? ':memory:', config);
    return new DuckDb(instance, await instance.connect());
  }

  async run(sql: DuckSql): Promise<void> {
    await this.connection.run(text(sql));
  }

  /** Rows as JSON-compatible objects (BIGINT and DECIMAL as numbers or strings, dates as ISO text). */
  async all(sql: DuckSql): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(text(sql));
    return reader.getRowObjectsJson() as Row[];
  }

  async one(sql: DuckSql): Promise<Row> {
    const rows = await this.all(sql);
    if (rows.length !== 1)
      throw new Error(`expected one row, got ${rows.length}: ${text(sql).slice(0, 200)}`);
    return rows[0]!;
  }

  /** Stops the statement running on this connection (a stopped or timed-out job run). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
