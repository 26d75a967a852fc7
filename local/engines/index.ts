export * from './duckdb.js';
export * from './duckdb-io.js';
export * from './open-warehouse.js';
export * from './parquet-csv.js';
export * from './pglite-warehouse.js';
export * from './postgres-warehouse.js';
export * from './warehouse-connection.js';
export * from './warehouse-turns.js';
