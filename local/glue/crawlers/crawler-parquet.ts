/**
 * Parquet inference: the schema is the file's own, read by DuckDB and mapped to Hive types
 * (INT32 → int, INT64 → bigint, BYTE_ARRAY UTF8 → string, DATE → date, TIMESTAMP → timestamp,
 * DECIMAL(p,s) → decimal(p,s), LIST → array, group → struct); the row count is the footer's.
 */
import { sql as s, sqlt } from '../../../core/index.js';
import type { DuckDb } from '../../engines/duckdb.js';
import type { FileSchema } from './crawler-file-schema.js';
import { hiveTypeOfDuckDb } from './crawler-hive-type.js';

/** The first bytes of every Parquet file. */
export const PARQUET_MAGIC = 'PAR1';

export async function inferParquet(db: DuckDb, path: string): Promise<FileSchema> {
  const file = s.lit(path);
  // Folder names (term=2024S) are partitions the crawler derives itself, not columns of the file.
  const described = await db.all(
    sqlt`DESCRIBE SELECT * FROM read_parquet(${file}, hive_partitioning = false)`,
  );
  const { num_rows } = await db.one(sqlt`SELECT num_rows FROM parquet_file_metadata(${file})`);
  return {
    format: { kind: 'parquet' },
    columns: described.map((row) => ({
      name: String(row.column_name).toLowerCase(),
      type: hiveTypeOfDuckDb(String(row.column_type)),
    })),
    records: Number(num_rows),
    malformed: 0,
  };
}
