/**
 * The checks on where the star's tables live and what each reads beyond its columns: schema names,
 * table names unique across the warehouse's schemas, a table's `latestBy`, and marts.
 */
import { checkColumn, isSnakeCase, listed, type Report } from '../steps/index.js';
import type { StepSchema } from './schema.js';
import {
  type Mart,
  tablePath,
  tableSchema,
  type Warehouse,
  type WarehouseTable,
  warehouseTablesOf,
} from './warehouse.js';

/**
 * Each table's schema is a valid name, and no two tables share a name, even in different schemas:
 * roles, lookups and staging name a table by its name alone.
 */
export function validateTableNames(wh: Warehouse, report: Report): void {
  const seen = new Map<string, WarehouseTable>();
  for (const table of warehouseTablesOf(wh)) {
    if (table.schema !== undefined && !isSnakeCase(table.schema)) {
      report(
        [...tablePath(table), 'schema'],
        `"${table.schema}" is not a valid schema name`,
        'use snake_case',
      );
    }
    const first = seen.get(table.name);
    if (first === undefined) {
      seen.set(table.name, table);
      continue;
    }
    report(
      [...tablePath(table), 'name'],
      `"${table.name}" names two tables: a ${first.kind} in ${tableSchema(wh, first)} and a ${table.kind} in ${tableSchema(wh, table)}`,
      'give each table its own name: tables are named by name alone across the warehouse’s schemas',
    );
  }
}

/** A dimension's or fact's `latestBy` is a column of its source. */
export function validateLatestBy(
  table: WarehouseTable,
  schema: StepSchema | undefined,
  report: Report,
): void {
  if (table.kind === 'mart' || table.latestBy === undefined || schema === undefined) return;
  checkColumn(schema, table.latestBy, [...tablePath(table), 'latestBy'], `in ${table.source.name}`, report);
}

/**
 * A mart: columns from its source, a key, distribution and sort keys among its columns. Returns
 * its column names, for the roles' checks.
 */
export function validateMart(m: Mart, schema: StepSchema | undefined, report: Report): string[] {
  const base = tablePath(m);
  const names = m.columns.map((c) => c.name);
  if (m.columns.length === 0) report([...base, 'columns'], 'no columns', 'list the columns the mart holds');
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i)
      report([...base, name], `duplicate column "${name}"`, 'give each column its own name');
  });
  if (schema !== undefined) {
    for (const c of m.columns)
      checkColumn(schema, c.source, [...base, c.name, 'source'], `in ${m.source.name}`, report);
  }
  const among = (column: string, path: string[]) => {
    if (!names.includes(column))
      report(path, `unknown column "${column}" in ${m.name}`, `use one of: ${listed(names)}`);
  };
  if (m.key !== undefined) {
    if (m.key.length === 0)
      report([...base, 'key'], 'an empty key', 'name the columns of the grain, or leave key out');
    m.key.forEach((k, i) => among(k, [...base, `key[${i}]`]));
  }
  if (m.distKey !== undefined) among(m.distKey, [...base, 'distKey']);
  m.sortKey?.forEach((k, i) => among(k, [...base, `sortKey[${i}]`]));
  return names;
}
