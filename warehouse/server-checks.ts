/**
 * What the roles and policies files decide on the server, from its catalog, so that they rerun and
 * converge: a role is created only when the cluster lacks it, and the row policies and masking a
 * table carries from an earlier version are removed before this version's are created.
 *
 * Each decision is a query whose rows are the statements to run, handed to the file's statement
 * runner (a stored procedure the file creates first and drops last: Redshift has no DO blocks and
 * no `CREATE ROLE IF NOT EXISTS`). The PostgreSQL and Redshift queries differ only in the catalog
 * they read.
 */
import { compile, type Expr, type Select, type Statement, sql as s, type TableName } from '../core/index.js';
import type { Star, WarehouseDialect } from './star.js';

/** Where each dialect lists the cluster's roles. */
const ROLES_CATALOG = {
  postgres: { table: s.table('pg_roles'), name: 'rolname' },
  redshift: { table: s.table('svv_roles'), name: 'role_name' },
} as const;

/**
 * Statements that belong together: a file runner sends a group in one batch (one transaction)
 * whenever it fits, so no one sees a role between its REVOKE and its GRANTs. Each group is written
 * under its label as a comment, which is how the runners find the groups in the file.
 */
export interface StatementGroup {
  readonly label: string;
  readonly statements: readonly Statement[];
}

/** The runner created before the groups and dropped after them. */
export function withStatementRunner(
  procedure: TableName,
  groups: readonly StatementGroup[],
): StatementGroup[] {
  if (groups.length === 0) return [];
  return [
    {
      label: 'statement runner: executes the statements that the catalog queries below return',
      statements: [{ kind: 'createStatementRunner', procedure }],
    },
    ...groups,
    { label: 'statement runner dropped', statements: [{ kind: 'dropStatementRunner', procedure }] },
  ];
}

/** The statement runner of one file: its own name, so two files' statements never coincide. */
export const statementRunner = (star: Star, file: 'roles' | 'policies'): TableName =>
  s.table(`lakeline_${file}_runner`, star.schema);

export const runStatements = (procedure: TableName, query: Select): Statement => ({
  kind: 'runStatements',
  procedure,
  query,
});

/** Runs, for each row of a catalog view that passes `where`, the statement `text` computes from it. */
const runPerRow = (
  procedure: TableName,
  text: Expr,
  from: TableName,
  where: Expr,
  distinct = false,
): Statement =>
  runStatements(
    procedure,
    s.select({ distinct, items: [s.statementToRun(text)], from: s.fromTable(from), where }),
  );

/** `'a' || b || 'c'`: statement text assembled per catalog row. */
const concat = (...parts: (string | Expr)[]): Expr =>
  parts.map((p) => (typeof p === 'string' ? s.lit(p) : p)).reduce((acc, p) => s.binary('||', acc, p));

const quoted = (column: string): Expr => s.call('quote_ident', s.col(column));

/** CREATE ROLE, run only when the cluster has no role of that name (roles are cluster-wide). */
export function createRoleIfAbsent(procedure: TableName, role: string, dialect: WarehouseDialect): Statement {
  const catalog = ROLES_CATALOG[dialect];
  const existing = s.select({
    items: [s.item(s.lit(1))],
    from: s.fromTable(catalog.table),
    where: s.eq(s.col(catalog.name), s.lit(role)),
  });
  return runStatements(
    procedure,
    s.select({
      items: [s.statementToRun(compile({ kind: 'createRole', name: role }, dialect))],
      where: s.exists(existing, true),
    }),
  );
}

/** Names the pipeline gives its row policies and masking policies start with its schema. */
const ownName = (column: string, star: Star): Expr =>
  s.eq(s.call('left', s.col(column), s.lit(star.schema.length + 1)), s.lit(`${star.schema}_`));

/** Whether `table_schema` and `table_name` name one of the star's tables, schema by schema. */
const isStarTable = (star: Star): Expr =>
  s.or(
    ...star.schemas
      .map((schema) => ({ schema, tables: star.tables.filter((t) => t.schema === schema) }))
      .filter((inSchema) => inSchema.tables.length > 0)
      .map(({ schema, tables }) =>
        s.and(
          s.eq(s.col('table_schema'), s.lit(schema)),
          s.inList(
            s.col('table_name'),
            tables.map((t) => s.lit(t.table.name)),
          ),
        ),
      ),
  );

/**
 * Drops the pipeline's row policies still on a table, whatever version created them (a filter
 * removed from the model leaves none behind). PostgreSQL: from pg_policies; Redshift: from
 * svv_rls_attached_policy, dropped with CASCADE (detached from every table).
 */
export function dropTableRowPolicies(
  procedure: TableName,
  star: Star,
  table: TableName,
  dialect: WarehouseDialect,
): Statement {
  if (dialect === 'postgres') {
    return runPerRow(
      procedure,
      concat('DROP POLICY ', quoted('policyname'), ' ON ', quoted('schemaname'), '.', quoted('tablename')),
      s.table('pg_policies'),
      s.and(
        s.eq(s.col('schemaname'), s.lit(table.schema ?? star.schema)),
        s.eq(s.col('tablename'), s.lit(table.name)),
        ownName('policyname', star),
      ),
    );
  }
  return runPerRow(
    procedure,
    concat('DROP RLS POLICY ', quoted('polname'), ' CASCADE'),
    s.table('svv_rls_attached_policy'),
    s.and(
      s.eq(s.col('relschema'), s.lit(table.schema ?? star.schema)),
      s.eq(s.col('relname'), s.lit(table.name)),
      ownName('polname', star),
    ),
    true,
  );
}

/**
 * Redshift: detaches every masking policy attached to the role on a column of the star's tables
 * (a role and a column carry at most one, which `mask_get_policy_for_role_on_column` names), so
 * a mask removed from the model, or moved to another kind, leaves nothing behind.
 */
export function detachRoleMasks(procedure: TableName, star: Star, role: string): Statement {
  const attached = s.call(
    'masking_policy_on_column',
    s.col('table_schema'),
    s.col('table_name'),
    s.col('column_name'),
    s.lit(role),
  );
  return runPerRow(
    procedure,
    concat(
      'DETACH MASKING POLICY ',
      s.call('quote_ident', attached),
      ' ON ',
      quoted('table_schema'),
      '.',
      quoted('table_name'),
      ' (',
      quoted('column_name'),
      ') FROM ROLE ',
      s.call('quote_ident', s.lit(role)),
    ),
    s.table('columns', 'information_schema'),
    s.and(isStarTable(star), s.isNotNull(attached)),
  );
}
