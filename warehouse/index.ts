/** The warehouse generator's public face: model → Redshift and PostgreSQL statements, and the COPY role. */
export type { LoadOptions } from './load-statements.js';
export { maskedViews } from './policy-statements.js';
export { WAREHOUSE_DIALECTS, type WarehouseDialect, warehouseTables } from './star.js';
export {
  synthWarehouse,
  warehouseFileStatements,
  warehouseLoadStatements,
  warehouseLoadSteps,
} from './synth-warehouse.js';
