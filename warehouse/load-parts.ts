/** What every statement of the load shares: how staged values are read, and how staging is emptied. */
import {
  type DataType,
  type Expr,
  type SchemaColumn,
  type Statement,
  sql as s,
  type TableName,
} from '../core/index.js';
import type { WarehouseDialect } from './star.js';

/** The alias of a staging table in the load's statements. */
export const STAGED = 'staged';

/** The staged value for a target column, converted only where the types differ in kind. */
export function staged(column: SchemaColumn | undefined, name: string, type: DataType): Expr {
  const value = s.col(name, STAGED);
  return column !== undefined && column.type.kind === type.kind ? value : s.cast(value, type);
}

/** Empties a staging table inside the load's transaction (see load-statements.ts). */
export const emptyStaging = (table: TableName, dialect: WarehouseDialect): Statement =>
  dialect === 'postgres' ? { kind: 'truncate', table } : { kind: 'delete', table };
