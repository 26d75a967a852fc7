/**
 * The embedded warehouse: PGlite (PostgreSQL compiled to WebAssembly) in this process. With a data
 * directory it persists on disk, so a second run opens the first run's warehouse. Without one it
 * lives in memory — fine for small tests, but PGlite's in-memory file system copies a whole table
 * file each time the table grows, so loads of a few hundred thousand rows belong on disk. Either
 * way it starts from an initialized cluster made once per machine, not from PGlite's own initdb.
 *
 * PGlite has one session: statements run one at a time, in the order they are awaited.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite, type Results, type Transaction, types } from '@electric-sql/pglite';
import { sql as s } from '../../core/index.js';
import {
  type CopyFormat,
  commandVerb,
  copyCsvStatement,
  pgTable,
  type QualifiedTable,
  type RunOptions,
  type SqlParams,
  SqlWarehouse,
  type StatementResult,
  setLocalRole,
  WarehouseError,
  type WarehouseSession,
} from './warehouse-connection.js';

export interface PgliteWarehouseOptions {
  /** The data directory (created when missing); in memory when absent. */
  readonly dataDir?: string;
  /** Check foreign keys as PostgreSQL does (default false: informational, as on Redshift). */
  readonly enforceForeignKeys?: boolean;
  /** PostgreSQL's buffer pool in MB (default PostgreSQL's 128); see `sharedBuffersFor`. */
  readonly sharedBuffersMb?: number;
}

const MB = 1024 * 1024;

/**
 * A buffer pool for a run over `inputBytes` of raw data: four times the input, from PostgreSQL's
 * default 128 MB up to 512 MB. A load's staging, resolved facts, star and indexes come to about
 * three times the raw CSV; when they fit, PGlite stops writing pages out and reading them back
 * through its file system (a 1M-row first load: about 1 s less). A larger pool is allocated whole
 * when PGlite starts (512 MB: +0.3 s, +0.45 GB resident), so small runs keep the default.
 */
export function sharedBuffersFor(inputBytes: number): number {
  return Math.min(512, Math.max(128, Math.ceil((4 * inputBytes) / MB)));
}

/** Every type PGlite would parse, read as the text PostgreSQL sent instead. */
const AS_TEXT = Object.fromEntries(Object.keys(types.parsers).map((oid) => [oid, (value: string) => value]));

type Runner = Pick<Transaction, 'query' | 'exec'>;

function toResult(r: Results<unknown[]>): StatementResult {
  const rows = r.rows as (string | null)[][];
  return {
    command: commandVerb(r.command),
    rowCount: r.rowCount ?? r.affectedRows,
    columns: r.fields.length > 0 ? r.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })) : undefined,
    rows,
  };
}

async function runOn(runner: Runner, sql: string, params: SqlParams | undefined): Promise<StatementResult> {
  try {
    if (params !== undefined && params.length > 0) {
      return toResult(
        await runner.query<unknown[]>(sql, [...params], { rowMode: 'array', parsers: AS_TEXT }),
      );
    }
    // The simple protocol: a text of several statements runs them all; the last one's result is kept.
    const results = await runner.exec(sql, { rowMode: 'array', parsers: AS_TEXT });
    const last = results.at(-1);
    return last === undefined
      ? { command: '', rowCount: undefined, columns: undefined, rows: [] }
      : toResult(last as Results<unknown[]>);
  } catch (error) {
    throw WarehouseError.from(error);
  }
}

class PgliteSession implements WarehouseSession {
  constructor(
    private readonly tx: Transaction,
    private readonly role: string | undefined,
  ) {}

  run(sql: string, params?: SqlParams): Promise<StatementResult> {
    return runOn(this.tx, sql, params);
  }

  /**
   * COPY from PGlite's `/dev/blob` reads a server-side file, which only a superuser may. A role
   * needs INSERT on the columns, as COPY on Redshift does; that is checked as the role, then the
   * rows are copied as the session user and the role is taken up again.
   */
  async copyCsv(
    table: QualifiedTable,
    columns: readonly string[],
    csvFile: string,
    format?: CopyFormat,
  ): Promise<number> {
    try {
      if (this.role !== undefined) {
        const check = await this.tx.query<{ ok: boolean }>(
          `SELECT bool_and(has_column_privilege($1, c, 'INSERT')) AS ok FROM unnest($2::text[]) AS c`,
          [pgTable(table), [...columns]],
        );
        if (check.rows[0]?.ok !== true) {
          throw new WarehouseError(`permission denied for table ${table.name}`, '42501');
        }
        await this.tx.exec('SET LOCAL ROLE NONE');
      }
      const blob = new Blob([readFileSync(csvFile)]);
      const result = await this.tx.query(copyCsvStatement(table, columns, s.lit('/dev/blob'), format), [], {
        blob,
      });
      if (this.role !== undefined) await this.tx.exec(setLocalRole(this.role));
      return result.affectedRows ?? 0;
    } catch (error) {
      throw WarehouseError.from(error);
    }
  }
}

export class PgliteWarehouse extends SqlWarehouse {
  readonly engine = 'pglite';

  private constructor(
    private readonly db: PGlite,
    readonly location: string,
    readonly foreignKeysEnforced: boolean,
  ) {
    super();
  }

  static async open(options: PgliteWarehouseOptions = {}): Promise<PgliteWarehouse> {
    if (options.dataDir !== undefined) await seedDataDir(options.dataDir);
    const db = new PGlite({
      ...(options.dataDir === undefined
        ? { loadDataDir: await initializedDataDir() }
        : { dataDir: options.dataDir }),
      ...(options.sharedBuffersMb === undefined
        ? {}
        : {
            startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffersMb}MB`],
          }),
    });
    await db.waitReady;
    const enforce = options.enforceForeignKeys === true;
    // PGlite's user is a superuser, so it may switch off trigger-based foreign-key checks.
    if (!enforce) await db.exec('SET session_replication_role = replica');
    // The load's hash joins hold a dimension or a million staged keys, and a fact's staged rows are sorted
    // by key: PostgreSQL's default 4MB spills them to disk.
    await db.exec(`SET work_mem = '256MB'`);
    return new PgliteWarehouse(db, options.dataDir ?? 'memory', enforce);
  }

  protected runDirect(sql: string, params: SqlParams | undefined): Promise<StatementResult> {
    return runOn(this.db, sql, params);
  }

  async transaction<T>(
    work: (session: WarehouseSession) => Promise<T>,
    options: RunOptions = {},
  ): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        if (options.role !== undefined) await tx.exec(setLocalRole(options.role));
        return work(new PgliteSession(tx, options.role));
      });
    } catch (error) {
      throw WarehouseError.from(error);
    }
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/** The version names the template, so an upgrade never opens a data directory made by another PGlite. */
const PGLITE_VERSION = (() => {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string })
    .version;
})();

const templatePath = (): string => join(tmpdir(), `lakeline-pglite-template-${PGLITE_VERSION}`);

/**
 * A new data directory starts as a copy of a freshly initialized one: PGlite's own initdb takes
 * seconds, a copy a tenth of one. The template is made once per machine and PGlite version, in the
 * temp folder, and put in place by a rename so concurrent runs never see half of it.
 */
async function seedDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const template = templatePath();
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(`${template}-building-`);
    const db = new PGlite(building);
    await db.waitReady;
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      // Another run put its template in place first; theirs is as good.
      rmSync(building, { recursive: true, force: true });
    }
  }
  // Copied without blocking: the run installs its tree and copies its input meanwhile.
  await mkdir(dataDir, { recursive: true });
  await cp(template, dataDir, { recursive: true });
}

/**
 * A freshly initialized data directory as PGlite dumps it, for instances in memory: loading it
 * takes a fraction of initdb's seconds (several times more on a busy machine). Made once per
 * machine and PGlite version, like the on-disk template, and put in place by a rename.
 */
export async function initializedDataDir(): Promise<Blob> {
  const file = `${templatePath()}.tar`;
  if (!existsSync(file)) {
    const db = await PGlite.create();
    const dump = await db.dumpDataDir('none');
    await db.close();
    const building = `${file}-building-${process.pid}-${Date.now()}`;
    writeFileSync(building, Buffer.from(await dump.arrayBuffer()));
    // A concurrent run's rename may land first; both files hold the same initialized cluster.
    renameSync(building, file);
  }
  return new Blob([readFileSync(file)]);
}
