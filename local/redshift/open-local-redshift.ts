/**
 * The local Redshift of a workdir in one call: the warehouse (`pglite` in `<workdir>/warehouse`,
 * or a PostgreSQL server), the statement map of the artifact trees, and the service over them.
 */
import { openWarehouseConnection } from '../engines/open-warehouse.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { LocalRedshiftData } from './local-redshift-data.js';
import { StatementMap } from './statement-map.js';

export interface OpenLocalRedshiftOptions {
  /** `pglite` (default) or a `postgres://` URL. */
  readonly warehouse?: string;
  /** PGlite's data directory (`workdirLayout(workdir).warehouse`); in memory when absent. */
  readonly dataDir?: string;
  readonly s3: LocalS3;
  /** Artifact trees (or folders holding them) whose Redshift and PostgreSQL SQL pair statements. */
  readonly trees?: readonly string[];
  readonly scratchDir?: string;
  readonly enforceForeignKeys?: boolean;
  /** PGlite's buffer pool in MB (default PostgreSQL's). */
  readonly sharedBuffersMb?: number;
}

export async function openLocalRedshift(options: OpenLocalRedshiftOptions): Promise<LocalRedshiftData> {
  const warehouse = await openWarehouseConnection({
    warehouse: options.warehouse ?? 'pglite',
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.enforceForeignKeys === undefined ? {} : { enforceForeignKeys: options.enforceForeignKeys }),
    ...(options.sharedBuffersMb === undefined ? {} : { sharedBuffersMb: options.sharedBuffersMb }),
  });
  return new LocalRedshiftData({
    warehouse,
    s3: options.s3,
    statements: StatementMap.fromTrees(options.trees ?? []),
    ...(options.scratchDir === undefined ? {} : { scratchDir: options.scratchDir }),
  });
}
