/**
 * 02-roles: one database role per model role, with schema usage and table or column grants.
 * Read-only roles get SELECT; read-write roles also INSERT, UPDATE and DELETE, and write the
 * access mappings (access-mappings.ts), which read-only roles cannot read.
 *
 * The file reruns and converges: a role is created only when the cluster has none of that name
 * (roles are cluster-wide, shared by every database and pipeline), and each role first loses every
 * privilege on the pipeline's schema and its tables and views, then gets this version's grants, so
 * what a new version no longer grants is gone. Run as one transaction, no one sees the gap.
 *
 * Masked columns differ by dialect. Redshift grants them like any column and masks them with a
 * masking policy; PostgreSQL has no masking, so the role is not granted the raw column at all and
 * reads the masked value through its view (see policy-statements.ts).
 */
import type { Grant, Privilege, Statement } from '../core/index.js';
import { type ResolvedAccess, resolveAccess } from './access.js';
import { accessMappingGrants } from './access-mappings.js';
import {
  createRoleIfAbsent,
  type StatementGroup,
  statementRunner,
  withStatementRunner,
} from './server-checks.js';
import type { Star, WarehouseDialect } from './star.js';

const WRITE: readonly Privilege[] = ['insert', 'update', 'delete'];

function tableGrants(entry: ResolvedAccess, dialect: WarehouseDialect): Grant[] {
  const { role, access, table } = entry;
  const maskedHere =
    dialect === 'postgres' ? new Set(entry.masks.map((m) => m.column.name)) : new Set<string>();
  const readable = entry.readable.filter((c) => !maskedHere.has(c.name)).map((c) => c.name);
  const restricted = access.columns !== undefined || maskedHere.size > 0;
  const grant = (privileges: readonly Privilege[], columns?: readonly string[]): Grant => ({
    kind: 'grant',
    privileges,
    on:
      columns === undefined
        ? { kind: 'table', table: table.table }
        : { kind: 'table', table: table.table, columns },
    role: role.name,
  });
  const grants: Grant[] = [];
  if (!restricted) {
    grants.push(grant(role.mode === 'read-write' ? ['select', ...WRITE] : ['select']));
    return grants;
  }
  if (readable.length > 0) grants.push(grant(['select'], readable));
  if (role.mode === 'read-write') {
    // A writer limited to some columns writes only those; deleting a whole row is beyond that.
    if (access.columns === undefined) grants.push(grant(WRITE));
    else grants.push(grant(['insert', 'update'], access.columns));
  }
  return grants;
}

export function roleStatements(star: Star, dialect: WarehouseDialect): StatementGroup[] {
  const accesses = resolveAccess(star);
  const runner = statementRunner(star, 'roles');
  return withStatementRunner(
    runner,
    star.warehouse.roles.map((role) => {
      const own = accesses.filter((a) => a.role === role);
      // USAGE on each schema the role reads a table in (and so its masking views, beside them).
      const used = new Set(own.map((a) => a.table.schema));
      // The access mappings live in the warehouse's schema: their editors and the readers whose
      // rows they filter (through the mapping's view) use it.
      const mapped = own.some((a) => a.rowFilter !== undefined && !('values' in a.rowFilter));
      if (mapped || accessMappingGrants(star, role).length > 0) used.add(star.schema);
      return {
        label: `role ${role.name}`,
        statements: [
          createRoleIfAbsent(runner, role.name, dialect),
          // Every schema of the star loses the role's privileges first, read or not by this version.
          ...star.schemas.flatMap((schema): Statement[] => [
            { kind: 'revoke', on: { kind: 'allTablesInSchema', schema }, role: role.name },
            { kind: 'revoke', on: { kind: 'schema', name: schema }, role: role.name },
          ]),
          ...star.schemas
            .filter((schema) => used.has(schema))
            .map(
              (name): Statement => ({
                kind: 'grant',
                privileges: ['usage'],
                on: { kind: 'schema', name },
                role: role.name,
              }),
            ),
          ...own.flatMap((a) => tableGrants(a, dialect)),
          ...accessMappingGrants(star, role),
        ],
      };
    }),
  );
}
