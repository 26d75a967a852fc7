/**
 * `--warehouse pglite` (the default: embedded, in the workdir) or `--warehouse postgres://…` (a
 * real PostgreSQL server) → a warehouse connection.
 */
import { PgliteWarehouse } from './pglite-warehouse.js';
import { PostgresWarehouse } from './postgres-warehouse.js';
import type { WarehouseConnection } from './warehouse-connection.js';

export interface OpenWarehouseOptions {
  /** `pglite` or a `postgres://` / `postgresql://` URL. */
  readonly warehouse: string;
  /** PGlite's data directory (ignored for a server). */
  readonly dataDir?: string;
  readonly enforceForeignKeys?: boolean;
  /** PGlite's buffer pool in MB (ignored for a server, which has its own settings). */
  readonly sharedBuffersMb?: number;
}

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//.test(spec);
}

export async function openWarehouseConnection(options: OpenWarehouseOptions): Promise<WarehouseConnection> {
  const fk =
    options.enforceForeignKeys === undefined ? {} : { enforceForeignKeys: options.enforceForeignKeys };
  if (options.warehouse === 'pglite') {
    return PgliteWarehouse.open({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.sharedBuffersMb === undefined ? {} : { sharedBuffersMb: options.sharedBuffersMb }),
      ...fk,
    });
  }
  if (isPostgresUrl(options.warehouse)) return PostgresWarehouse.open({ url: options.warehouse, ...fk });
  throw new Error(`--warehouse must be pglite or a postgres:// URL, not "${options.warehouse}"`);
}
