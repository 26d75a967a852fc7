/**
 * Access mappings: tables `<schema>.<mapping>(role_or_user, <column>)` whose rows say which values
 * of a column each role or user may see, and the row-filter expressions that read them, so that
 * entitling a role to one more value is an INSERT, not a new policy.
 *
 * - 01-schema creates each table (`IF NOT EXISTS`) and inserts the definition's rows it lacks;
 *   rows added later in the warehouse are kept, and a row taken out of the definition stays.
 * - 02-roles lets read-write roles write the tables; read-only roles get no grant on them.
 * - A filter shows a row when its value is listed for `current_user` or for a role the user is
 *   a member of. PostgreSQL runs a policy's subquery with the querying user's rights, so the
 *   policy reads a view `<mapping>_for_current_user` (owned by the set-up, which may read the
 *   table) that returns only the current user's values; the roles filtered by the mapping may
 *   read that view, which shows nobody else's entitlements. Redshift lets the policy itself read
 *   the table (`GRANT SELECT … TO RLS POLICY`) and tests membership with USER_IS_MEMBER_OF, which
 *   fails on a name that is no role: a policy may not read the role catalog, so only the
 *   pipeline's own roles are tested, and other names match a user of that name.
 */
import {
  ACCESS_MAPPING_PRINCIPAL_COLUMN,
  type AccessMapping,
  type Expr,
  type Grant,
  type RowFilter,
  type Statement,
  sql as s,
  type TableName,
  type WarehouseRole,
} from '../core/index.js';
import type { StatementGroup } from './server-checks.js';
import type { Star, WarehouseDialect } from './star.js';

const PRINCIPAL = ACCESS_MAPPING_PRINCIPAL_COLUMN;
/** Long enough for any Redshift or PostgreSQL role or user name. */
const PRINCIPAL_TYPE = Object.freeze({ kind: 'string', maxLength: 128 } as const);
const ROW = 'mapped';
const member = (when: Expr, then: Expr) => ({ when, then });

export const accessMappings = (star: Star): readonly AccessMapping[] => star.warehouse.accessMappings ?? [];

export const accessMappingTable = (star: Star, mapping: AccessMapping): TableName =>
  s.table(mapping.name, star.schema);

/** PostgreSQL: the current user's values of a mapping, what its row policies read. */
export const currentUserView = (star: Star, mapping: AccessMapping): TableName =>
  s.table(`${mapping.name}_for_current_user`, star.schema);

const mappingOf = (filter: RowFilter | undefined): AccessMapping | undefined =>
  filter !== undefined && 'mapping' in filter ? filter.mapping : undefined;

/** 01-schema: each mapping table, and the definition's rows it does not hold yet. */
export function accessMappingStatements(star: Star): Statement[] {
  return accessMappings(star).flatMap((mapping): Statement[] => {
    const table = accessMappingTable(star, mapping);
    const created: Statement = {
      kind: 'createTable',
      table,
      columns: [
        { name: PRINCIPAL, type: PRINCIPAL_TYPE, notNull: true },
        { name: mapping.column, type: mapping.type, notNull: true },
      ],
      primaryKey: [PRINCIPAL, mapping.column],
      ifNotExists: true,
    };
    if (mapping.rows.length === 0) return [created];
    const [first, ...rest] = mapping.rows.map((row) =>
      s.select({
        items: [
          s.item(s.cast(s.lit(row.principal), PRINCIPAL_TYPE), PRINCIPAL),
          s.item(s.cast(s.lit(row.value), mapping.type), mapping.column),
        ],
      }),
    );
    const held = s.select({
      items: [s.item(s.lit(1))],
      from: s.fromTable(table, 'held'),
      where: s.and(
        s.eq(s.col(PRINCIPAL, 'held'), s.col(PRINCIPAL, ROW)),
        s.eq(s.col(mapping.column, 'held'), s.col(mapping.column, ROW)),
      ),
    });
    const missing: Statement = {
      kind: 'insert',
      table,
      columns: [PRINCIPAL, mapping.column],
      query: s.select({
        distinct: true,
        items: [s.item(s.col(PRINCIPAL, ROW)), s.item(s.col(mapping.column, ROW))],
        from: s.fromQuery(s.unionAll(first!, ...rest), ROW),
        where: s.exists(held, true),
      }),
    };
    return [created, missing];
  });
}

/** 02-roles: a read-write role writes every mapping table (entitlements are data it keeps). */
export function accessMappingGrants(star: Star, role: WarehouseRole): Grant[] {
  if (role.mode !== 'read-write') return [];
  return accessMappings(star).map((mapping) => ({
    kind: 'grant',
    privileges: ['select', 'insert', 'update', 'delete'],
    on: { kind: 'table', table: accessMappingTable(star, mapping) },
    role: role.name,
  }));
}

/** Whether a user is entitled through a mapping row: named in it, or a member of the role it names. */
function entitled(star: Star, dialect: WarehouseDialect, row: string): Expr {
  const named = s.col(PRINCIPAL, row);
  const itself = s.eq(named, s.call('current_user'));
  if (dialect === 'redshift') {
    const roles = star.warehouse.roles.map((r) => s.lit(r.name));
    // USER_IS_MEMBER_OF fails on a name that is no role, so it only sees the pipeline's roles.
    return s.or(
      itself,
      s.caseWhen(
        [member(s.inList(named, roles), s.call('is_role_member', s.call('current_user'), named))],
        s.lit(false),
      ),
    );
  }
  // pg_has_role by oid: a name that is no role is not in pg_roles, and never reaches the test.
  const isRole = s.select({
    items: [s.item(s.lit(1))],
    from: s.fromTable(s.table('pg_roles'), 'r'),
    where: s.and(
      s.eq(s.col('rolname', 'r'), named),
      s.call('is_role_member', s.call('current_user'), s.col('oid', 'r')),
    ),
  });
  return s.or(itself, s.exists(isRole));
}

/** The filter's expression on the star table's column: its listed values, or the mapping's for the current user. */
export function rowFilterExpression(star: Star, filter: RowFilter, dialect: WarehouseDialect): Expr {
  const column = s.col(filter.column);
  if ('values' in filter)
    return s.inList(
      column,
      filter.values.map((v) => s.lit(v)),
    );
  const mapping = filter.mapping;
  const values =
    dialect === 'redshift'
      ? s.select({
          items: [s.item(s.col(mapping.column, ROW))],
          from: s.fromTable(accessMappingTable(star, mapping), ROW),
          where: entitled(star, dialect, ROW),
        })
      : s.select({
          items: [s.item(s.col(mapping.column))],
          from: s.fromTable(currentUserView(star, mapping)),
        });
  return s.inQuery(column, values);
}

/** Redshift: a policy reading a mapping may read its table. */
export function rowPolicyLookups(star: Star, filter: RowFilter | undefined, policy: string): Statement[] {
  const mapping = mappingOf(filter);
  return mapping === undefined
    ? []
    : [{ kind: 'grantToRowPolicy', table: accessMappingTable(star, mapping), policy }];
}

/**
 * 03-policies, PostgreSQL: each mapping's current-user view, replaced in place (the row policies
 * of the last set-up depend on it, so it cannot be dropped), readable by the roles it filters.
 */
export function currentUserViewGroups(
  star: Star,
  filtered: readonly { readonly role: WarehouseRole; readonly filter: RowFilter | undefined }[],
): StatementGroup[] {
  return accessMappings(star).map((mapping) => {
    const view = currentUserView(star, mapping);
    const readers = [
      ...new Set(filtered.filter((f) => mappingOf(f.filter) === mapping).map((f) => f.role.name)),
    ];
    const statements: Statement[] = [
      {
        kind: 'createView',
        view,
        query: s.select({
          distinct: true,
          items: [s.item(s.col(mapping.column, ROW))],
          from: s.fromTable(accessMappingTable(star, mapping), ROW),
          where: entitled(star, 'postgres', ROW),
        }),
        orReplace: true,
        securityBarrier: true,
      },
      ...readers.map(
        (role): Statement => ({
          kind: 'grant',
          privileges: ['select'],
          on: { kind: 'table', table: view },
          role,
        }),
      ),
    ];
    return { label: `entitlements of the current user in ${mapping.name}`, statements };
  });
}
