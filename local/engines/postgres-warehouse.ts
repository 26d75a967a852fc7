/**
 * A real PostgreSQL server as the local warehouse (`--warehouse postgres://…`), through
 * node-postgres. A small pool serves statements; a transaction holds one connection from BEGIN to
 * COMMIT. Bulk loads use COPY FROM STDIN, so any role with INSERT can load, as on Redshift.
 */
import { createRequire } from 'node:module';
import type PgModule from 'pg';
import type { Pool, PoolClient, PoolConfig, QueryResult } from 'pg';
import { sqlt } from '../../core/index.js';
import { CopyFromFile } from './postgres-copy-in.js';
import {
  type CopyFormat,
  commandVerb,
  copyCsvStatement,
  type QualifiedTable,
  type RunOptions,
  type SqlParams,
  SqlWarehouse,
  type StatementResult,
  setLocalRole,
  WarehouseError,
  type WarehouseSession,
} from './warehouse-connection.js';

// Loaded with require: an ES module's import of a CommonJS package makes Node scan the package's
// source for its export names, which was a good part of the command's start.
const pg = createRequire(import.meta.url)('pg') as typeof PgModule;

export interface PostgresWarehouseOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** Check foreign keys as PostgreSQL does (default false: informational, as on Redshift). */
  readonly enforceForeignKeys?: boolean;
  /** Connections in the pool (default 4). */
  readonly maxConnections?: number;
}

/** Values as the text PostgreSQL sent: the Data API layer types them itself. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

const REPLICA = '-c session_replication_role=replica';

type Queryable = Pick<PoolClient, 'query'>;

function toResult(r: QueryResult<unknown[]>): StatementResult {
  return {
    command: commandVerb(r.command),
    rowCount: r.rowCount ?? undefined,
    columns: r.fields.length > 0 ? r.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })) : undefined,
    rows: r.rows as (string | null)[][],
  };
}

async function runOn(
  client: Queryable,
  sql: string,
  params: SqlParams | undefined,
): Promise<StatementResult> {
  try {
    const result = (await client.query({
      text: sql,
      rowMode: 'array',
      types: AS_TEXT,
      ...(params !== undefined && params.length > 0 ? { values: [...params] } : {}),
    })) as QueryResult<unknown[]> | QueryResult<unknown[]>[];
    // Several statements in one text (simple protocol) give one result each; the last one is kept.
    return toResult(Array.isArray(result) ? result.at(-1)! : result);
  } catch (error) {
    throw WarehouseError.from(error);
  }
}

class PostgresSession implements WarehouseSession {
  constructor(private readonly client: PoolClient) {}

  run(sql: string, params?: SqlParams): Promise<StatementResult> {
    return runOn(this.client, sql, params);
  }

  async copyCsv(
    table: QualifiedTable,
    columns: readonly string[],
    csvFile: string,
    format?: CopyFormat,
  ): Promise<number> {
    const copy = new CopyFromFile(copyCsvStatement(table, columns, sqlt`STDIN`, format), csvFile);
    this.client.query(copy);
    try {
      return await copy.done;
    } catch (error) {
      throw WarehouseError.from(error);
    }
  }
}

/** The URL without its password, for messages and reports. */
export const redactUrl = (url: string): string => url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');

export class PostgresWarehouse extends SqlWarehouse {
  readonly engine = 'postgres';

  private constructor(
    private readonly pool: Pool,
    readonly location: string,
    readonly foreignKeysEnforced: boolean,
  ) {
    super();
  }

  /**
   * Connects (failing here, not at the first statement, when the server is unreachable). Foreign
   * keys are made informational with `session_replication_role = replica` on each connection, which
   * PostgreSQL allows a superuser only; for another user they stay enforced.
   */
  static async open(options: PostgresWarehouseOptions): Promise<PostgresWarehouse> {
    const base = { connectionString: options.url, max: options.maxConnections ?? 4 };
    const tryPool = async (config: PoolConfig): Promise<Pool> => {
      const pool = new pg.Pool(config);
      // An idle client's error (the server going away) must not crash the process.
      pool.on('error', () => undefined);
      try {
        const client = await pool.connect();
        client.release();
        return pool;
      } catch (error) {
        await pool.end();
        throw error;
      }
    };
    if (options.enforceForeignKeys !== true) {
      try {
        return new PostgresWarehouse(
          await tryPool({ ...base, options: REPLICA }),
          redactUrl(options.url),
          false,
        );
      } catch (error) {
        if ((error as { code?: string }).code !== '42501') throw WarehouseError.from(error);
      }
    }
    try {
      return new PostgresWarehouse(await tryPool(base), redactUrl(options.url), true);
    } catch (error) {
      throw WarehouseError.from(error);
    }
  }

  protected runDirect(sql: string, params: SqlParams | undefined): Promise<StatementResult> {
    return runOn(this.pool, sql, params);
  }

  async transaction<T>(
    work: (session: WarehouseSession) => Promise<T>,
    options: RunOptions = {},
  ): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw WarehouseError.from(error);
    }
    let broken = false;
    try {
      await runOn(client, 'BEGIN', undefined);
      if (options.role !== undefined) await runOn(client, setLocalRole(options.role), undefined);
      const value = await work(new PostgresSession(client));
      await runOn(client, 'COMMIT', undefined);
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw WarehouseError.from(error);
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
