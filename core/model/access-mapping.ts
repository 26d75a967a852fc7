/**
 * Entitlements kept as data: a mapping table `(role_or_user, <column>)` in the warehouse's schema
 * lists which values of a column each role or user may see. A row filter driven by it
 * (`rowFilter('country', mapping)`) shows a row when its value is listed for the current user or
 * for a role the user belongs to, so granting a country is an INSERT, not a change of policy.
 */
import type { DataType } from '../sql/data-type.js';

/** One entitlement: the principal (a role or a user of the warehouse) may see rows with `value`. */
export interface AccessMappingRow {
  readonly principal: string;
  readonly value: string | number;
}

export interface AccessMapping {
  readonly kind: 'accessMapping';
  /** The table, created in the warehouse's schema by the set-up. */
  readonly name: string;
  /** The column holding the values (beside `role_or_user`). */
  readonly column: string;
  readonly type: DataType;
  /**
   * Rows the set-up inserts when missing; rows added in the warehouse later are kept. Lake
   * Formation, which cannot read a table when it filters, builds its filters from these rows.
   */
  readonly rows: readonly AccessMappingRow[];
}

/** The mapping table's column naming the role or user a row entitles. */
export const ACCESS_MAPPING_PRINCIPAL_COLUMN = 'role_or_user';

export const accessMapping = (spec: Omit<AccessMapping, 'kind'>): AccessMapping =>
  Object.freeze({
    kind: 'accessMapping',
    ...spec,
    rows: Object.freeze(spec.rows.map((r) => Object.freeze({ ...r }))),
  });

/** The values the mapping's own rows list for a principal, in the order first listed. */
export const mappedValues = (mapping: AccessMapping, principal: string): (string | number)[] => [
  ...new Set(mapping.rows.filter((r) => r.principal === principal).map((r) => r.value)),
];
