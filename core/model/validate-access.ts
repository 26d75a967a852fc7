/**
 * The checks on access mappings (mapping tables that drive row filters) and on the filters that
 * use them, in the warehouse and on the lake.
 */
import { describeType } from '../sql/data-type.js';
import { isSnakeCase, listed, type Report } from '../steps/index.js';
import { ACCESS_MAPPING_PRINCIPAL_COLUMN, type AccessMapping, mappedValues } from './access-mapping.js';
import type { LakeGrant } from './governance.js';
import type { RowFilter, Warehouse } from './warehouse.js';

/** Types a mapping's values may have: compared for equality with a column, written as literals. */
const VALUE_KINDS = new Set(['string', 'int', 'bigint']);
/** Redshift and PostgreSQL names are at most 127 bytes (PostgreSQL: 63). */
const PRINCIPAL_MAX = 63;

function validateMapping(mapping: AccessMapping, base: readonly string[], report: Report): void {
  if (!isSnakeCase(mapping.name))
    report([...base, 'name'], `"${mapping.name}" is not a valid table name`, 'use snake_case');
  if (!isSnakeCase(mapping.column) || mapping.column === ACCESS_MAPPING_PRINCIPAL_COLUMN) {
    report(
      [...base, 'column'],
      `"${mapping.column}" cannot name the mapping's value column`,
      `use a snake_case name other than ${ACCESS_MAPPING_PRINCIPAL_COLUMN}`,
    );
  }
  const type = mapping.type;
  if (!VALUE_KINDS.has(type.kind)) {
    report(
      [...base, 'type'],
      `values of type ${describeType(type)} cannot drive a row filter`,
      'use t.string(n), t.int() or t.bigint()',
    );
    return;
  }
  mapping.rows.forEach((row, i) => {
    const at = [...base, `rows[${i}]`];
    if (row.principal.length === 0 || row.principal.length > PRINCIPAL_MAX)
      report([...at, 'principal'], `"${row.principal}" is not a role or user name`, 'name a role or a user');
    const fits =
      type.kind === 'string'
        ? typeof row.value === 'string' &&
          (type.maxLength === undefined || row.value.length <= type.maxLength)
        : typeof row.value === 'number' && Number.isInteger(row.value);
    if (!fits) {
      report(
        [...at, 'value'],
        `${JSON.stringify(row.value)} is not a value of type ${describeType(type)}`,
        "give a value of the mapping's type",
      );
    }
  });
}

/** Mapping names unique, clear of the star's tables; each filter's mapping declared by the warehouse. */
export function validateAccessMappings(wh: Warehouse, tableNames: readonly string[], report: Report): void {
  const mappings = wh.accessMappings ?? [];
  const seen = new Set<string>();
  mappings.forEach((m, i) => {
    const base = ['warehouse', `accessMappings[${i}]`];
    validateMapping(m, base, report);
    if (seen.has(m.name) || tableNames.includes(m.name))
      report([...base, 'name'], `another table is named "${m.name}"`, 'give the mapping a name of its own');
    seen.add(m.name);
  });
  wh.roles.forEach((r) =>
    r.tables.forEach((a, i) => {
      const filter = a.rowFilter;
      if (filter === undefined || !('mapping' in filter) || mappings.includes(filter.mapping)) return;
      report(
        ['warehouse', 'roles', r.name, `tables[${i}]`, 'rowFilter'],
        `the access mapping "${filter.mapping.name}" is not among the warehouse's accessMappings`,
        'list it in warehouse({ …, accessMappings: [mapping] })',
      );
    }),
  );
}

/**
 * A lake grant filtered by a mapping: Lake Formation reads no table when it filters, so the filter
 * lists the principal's values from the mapping's rows, and a principal without rows would see nothing.
 */
export function validateLakeRowFilter(
  grant: LakeGrant,
  filter: RowFilter,
  base: readonly string[],
  report: Report,
): void {
  if (!('mapping' in filter)) return;
  validateMapping(filter.mapping, [...base, 'rowFilter', 'mapping'], report);
  if (mappedValues(filter.mapping, grant.principal.roleName).length > 0) return;
  const named = [...new Set(filter.mapping.rows.map((r) => r.principal))];
  report(
    [...base, 'rowFilter'],
    `the access mapping "${filter.mapping.name}" lists no value for the principal "${grant.principal.roleName}"`,
    `add rows { principal: '${grant.principal.roleName}', value: … } to it (it lists: ${listed(named)})`,
  );
}
