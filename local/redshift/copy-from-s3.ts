/**
 * Carrying out a COPY from S3 locally: the Parquet files under the prefix, read from the local S3
 * by DuckDB (Hive `key=value` folders below the prefix become columns, after the file's own), are
 * written as CSV and bulk-loaded into the table's listed columns in one COPY.
 *
 * Which files: every `*.parquet` object whose key starts with the prefix, skipping names that
 * start with `_` or `.` (markers such as `_SUCCESS`, hidden files), as Redshift Spectrum skips them.
 *
 * No files: a COPY fails, as on Redshift ("COPY will terminate if no files are found"); a COPY
 * that stands for a Spectrum read (`readsExternalTable`) loads no rows, as a query of an external
 * table over an empty location returns none.
 *
 * Columns: a COPY maps Parquet columns to the listed columns by position (Redshift's rule for
 * columnar files); a Spectrum read (`INSERT … SELECT <columns> FROM <external table>`) picks them
 * by name, so there the listed columns are read by name and the others are not read at all.
 *
 * Two halves: `readCopySource` reads the files into the intermediate CSV (DuckDB, on its own
 * threads) and checks them; `loadCopySource` bulk-loads that CSV in the warehouse session. A batch
 * reads its COPY sources ahead, while the warehouse works on the statements before them.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ParsedCopy } from '../../core/index.js';
import { type ParquetSource, parquetToCsv } from '../engines/parquet-csv.js';
import { WarehouseError, type WarehouseSession } from '../engines/warehouse-connection.js';
import { type LocalS3, parseS3Uri } from '../s3/local-s3.js';

export interface CopyContext {
  readonly s3: LocalS3;
  /** Where the intermediate CSV is written (and removed after the load). */
  readonly scratchDir: string;
  /** The Redshift statement read an external table (Spectrum), not files: no files means no rows. */
  readonly readsExternalTable: boolean;
}

const hidden = (key: string): boolean => /^[_.]/.test(basename(key));

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The `key=value` folders between the prefix and the file. */
function partitionsOf(key: string, prefix: string): [string, string][] {
  const folders = key.slice(prefix.length).split('/').slice(0, -1);
  return folders
    .map((f) => /^([^=]+)=(.*)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [decode(m[1]!), decode(m[2]!)]);
}

let sequence = 0;

/** The files of one COPY, read and checked, ready to load; `dispose` removes the intermediate CSV. */
export interface CopySource {
  /** The intermediate CSV; undefined when there are no rows to load. */
  readonly csv: string | undefined;
  dispose(): void;
}

/** A COPY with no rows to load. */
export const NO_ROWS: CopySource = { csv: undefined, dispose: () => undefined };

/** Reads the files a COPY names from the local S3 into a CSV, with Redshift's errors for what it cannot read. */
export async function readCopySource(copy: ParsedCopy, context: CopyContext): Promise<CopySource> {
  const table = copy.table.schema === undefined ? copy.table.name : `${copy.table.schema}.${copy.table.name}`;
  const { bucket, key: prefix } = parseS3Uri(copy.from);
  const objects = context.s3.list(bucket, prefix).filter((o) => o.key.endsWith('.parquet') && !hidden(o.key));
  if (objects.length === 0) {
    if (context.readsExternalTable) return NO_ROWS;
    throw new WarehouseError(
      `S3ServiceException:The specified S3 prefix '${prefix}' does not exist or holds no Parquet files ` +
        `(COPY ${table} FROM '${copy.from}')`,
      'XX000',
    );
  }
  const sources: ParquetSource[] = objects.map((o) => ({
    path: context.s3.path(bucket, o.key),
    partitions: partitionsOf(o.key, prefix),
  }));
  const keys = (s: ParquetSource) => s.partitions.map(([k]) => k).join('/');
  const odd = sources.find((s) => keys(s) !== keys(sources[0]!));
  if (odd !== undefined) {
    throw new WarehouseError(
      `Spectrum Scan Error: the files under '${copy.from}' are partitioned differently ` +
        `(${keys(sources[0]!) || 'none'} and ${keys(odd) || 'none'})`,
      'XX000',
    );
  }

  mkdirSync(context.scratchDir, { recursive: true });
  const csv = join(context.scratchDir, `copy-${process.pid}-${++sequence}.csv`);
  const dispose = () => rmSync(csv, { force: true });
  try {
    let exported: Awaited<ReturnType<typeof parquetToCsv>>;
    try {
      exported = await parquetToCsv(
        sources,
        csv,
        context.readsExternalTable ? { columns: copy.columns } : {},
      );
    } catch (error) {
      throw new WarehouseError(
        `Spectrum Scan Error: cannot read the Parquet files under '${copy.from}': ${(error as Error).message}`,
        'XX000',
        undefined,
        undefined,
        { cause: error },
      );
    }
    // Parquet columns map to the listed columns by position; a different count is an error, not a guess.
    if (exported.columns.length !== copy.columns.length) {
      throw new WarehouseError(
        `Spectrum Scan Error: COPY ${table} lists ${copy.columns.length} columns, but the Parquet files under ` +
          `'${copy.from}' have ${exported.columns.length} (${exported.columns.map((c) => c.name).join(', ')})`,
        'XX000',
      );
    }
    if (exported.rows === 0) {
      dispose();
      return NO_ROWS;
    }
    return { csv, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Loads a source read by `readCopySource` into the COPY's table and columns; returns the rows loaded. */
export async function loadCopySource(
  session: WarehouseSession,
  copy: ParsedCopy,
  source: CopySource,
): Promise<number> {
  if (source.csv === undefined) return 0;
  return session.copyCsv(copy.table, copy.columns, source.csv);
}
