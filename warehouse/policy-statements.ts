/**
 * 03-policies: row-level security from the model's row filters, and masking of the columns a
 * role reads masked.
 *
 * Row security: once it is on, a role sees no row its attached policies do not allow (in both
 * Redshift and PostgreSQL), so every role with access to a filtered table gets a policy: its row
 * filter, or an all-rows policy.
 *
 * Masking: Redshift attaches masking policies to (table, column, role). PostgreSQL has none; each
 * role that reads masked columns gets a view `<schema>.<table>_for_<role>` with the masked values,
 * its allowed columns only and its row filter, and no grant on the raw columns (role-statements.ts).
 *
 * The file reruns and converges: the pipeline's row policies still on its tables are dropped (from
 * the catalog, see server-checks.ts) and this version's created; row security is turned off on
 * tables without filters; Redshift detaches each role's masks before attaching this version's, and
 * PostgreSQL drops and recreates the masking views.
 */
import {
  type DataType,
  describeType,
  type Expr,
  type Pipeline,
  PipelineDefinitionError,
  type Statement,
  sql as s,
  type TableName,
} from '../core/index.js';
import { type ResolvedAccess, resolveAccess } from './access.js';
import { currentUserViewGroups, rowFilterExpression, rowPolicyLookups } from './access-mappings.js';
import { MaskTypeError, maskExpression } from './masks.js';
import {
  detachRoleMasks,
  dropTableRowPolicies,
  type StatementGroup,
  statementRunner,
  withStatementRunner,
} from './server-checks.js';
import { resolveStar, type Star, type StarTable, type WarehouseDialect } from './star.js';

const rowFilterExpr = (star: Star, entry: ResolvedAccess, dialect: WarehouseDialect): Expr | undefined =>
  entry.rowFilter === undefined ? undefined : rowFilterExpression(star, entry.rowFilter, dialect);

export const rowPolicyName = (star: Star, table: StarTable, suffix: string): string =>
  `${star.schema}_${table.name}_rows_${suffix}`;

/** Per star table: its earlier row policies dropped, this version's created, row security on or off. */
function rowSecurityGroups(
  star: Star,
  accesses: readonly ResolvedAccess[],
  runner: TableName,
  dialect: WarehouseDialect,
): StatementGroup[] {
  return star.tables.map((table): StatementGroup => {
    const statements: Statement[] = [dropTableRowPolicies(runner, star, table.table, dialect)];
    const onTable = accesses.filter((a) => a.table === table);
    if (!onTable.some((a) => a.rowFilter !== undefined)) {
      // A table whose filters a new version removed shows every row again.
      statements.push({ kind: 'disableRowSecurity', table: table.table });
      return { label: `row security of ${table.name}`, statements };
    }
    for (const entry of onTable.filter((a) => a.rowFilter !== undefined)) {
      const name = rowPolicyName(star, table, entry.role.name);
      const column = table.columns.find((c) => c.name === entry.rowFilter!.column)!;
      statements.push(
        { kind: 'dropRowPolicy', name, table: table.table },
        {
          kind: 'createRowPolicy',
          name,
          table: table.table,
          columns: [{ name: column.name, type: column.type }],
          using: rowFilterExpr(star, entry, dialect)!,
        },
        ...(dialect === 'redshift' ? rowPolicyLookups(star, entry.rowFilter, name) : []),
        { kind: 'attachRowPolicy', name, table: table.table, roles: [entry.role.name] },
      );
    }
    const unfiltered = onTable.filter((a) => a.rowFilter === undefined).map((a) => a.role.name);
    if (unfiltered.length > 0) {
      const name = rowPolicyName(star, table, 'all');
      statements.push(
        { kind: 'dropRowPolicy', name, table: table.table },
        { kind: 'createRowPolicy', name, table: table.table, columns: [], using: s.lit(true) },
        { kind: 'attachRowPolicy', name, table: table.table, roles: unfiltered },
      );
    }
    statements.push({ kind: 'enableRowSecurity', table: table.table });
    return { label: `row security of ${table.name}`, statements };
  });
}

const typeSlug = (type: DataType): string =>
  describeType(type)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/_$/, '');

function maskFor(
  star: Star,
  entry: ResolvedAccess,
  mask: ResolvedAccess['masks'][number],
  value: Expr,
): Expr {
  try {
    return maskExpression(mask.kind, value, mask.column.type);
  } catch (e) {
    if (!(e instanceof MaskTypeError)) throw e;
    throw new PipelineDefinitionError(
      star.pipeline.name,
      ['warehouse', 'roles', entry.role.name, entry.table.name, 'masks', mask.column.name],
      e.message,
      "use a 'full' mask, or mask a text column",
    );
  }
}

/**
 * Redshift: one masking policy per (kind, type), shared by every column it fits, attached per role.
 * Each role's earlier masks on the star's columns are detached before its masks are attached.
 */
function redshiftMasking(
  star: Star,
  accesses: readonly ResolvedAccess[],
  runner: TableName,
): StatementGroup[] {
  const created = new Set<string>();
  return star.warehouse.roles.map((role): StatementGroup => {
    const statements: Statement[] = [detachRoleMasks(runner, star, role.name)];
    for (const entry of accesses.filter((a) => a.role === role)) {
      for (const mask of entry.masks) {
        const name = `${star.schema}_mask_${mask.kind}_${typeSlug(mask.column.type)}`;
        if (!created.has(name)) {
          created.add(name);
          statements.push({
            kind: 'createMaskingPolicy',
            name,
            columns: [{ name: 'value', type: mask.column.type }],
            using: maskFor(star, entry, mask, s.col('value')),
            ifNotExists: true,
          });
        }
        statements.push({
          kind: 'attachMaskingPolicy',
          name,
          table: entry.table.table,
          column: mask.column.name,
          role: entry.role.name,
          // Policies on one column need distinct priorities; each role's follows from its position.
          priority: (entry.roleIndex + 1) * 10,
        });
      }
    }
    return { label: `masks of ${role.name}`, statements };
  });
}

export const maskedViewName = (_star: Star, entry: ResolvedAccess): TableName => ({
  kind: 'table',
  schema: entry.table.schema,
  name: `${entry.table.name}_for_${entry.role.name}`,
});

/**
 * PostgreSQL: the view runs with its owner's rights, which bypass row security, so the role's
 * row filter is written into it; `security_barrier` keeps the caller's functions from seeing rows
 * before that filter applies.
 */
function postgresMaskingViews(star: Star, accesses: readonly ResolvedAccess[]): StatementGroup[] {
  return accesses
    .filter((entry) => entry.masks.length > 0)
    .map((entry): StatementGroup => {
      const masked = new Map(entry.masks.map((m) => [m.column.name, m]));
      const items = entry.readable.map((c) => {
        const mask = masked.get(c.name);
        return mask === undefined
          ? s.item(s.col(c.name))
          : s.item(maskFor(star, entry, mask, s.col(c.name)), c.name);
      });
      const where = rowFilterExpr(star, entry, 'postgres');
      const view = maskedViewName(star, entry);
      const statements: Statement[] = [
        // Dropped, not replaced: CREATE OR REPLACE cannot take columns away from a view.
        { kind: 'dropView', view, ifExists: true },
        {
          kind: 'createView',
          view,
          query: s.select({
            items,
            from: s.fromTable(entry.table.table),
            ...(where === undefined ? {} : { where }),
          }),
          orReplace: false,
          securityBarrier: true,
        },
        { kind: 'grant', privileges: ['select'], on: { kind: 'table', table: view }, role: entry.role.name },
      ];
      return { label: `masking view of ${entry.role.name} on ${entry.table.name}`, statements };
    });
}

/** The PostgreSQL masking views: which role reads which table masked, through which view. */
export function maskedViews(pipeline: Pipeline): { role: string; table: string; view: string }[] {
  const star = resolveStar(pipeline);
  return resolveAccess(star)
    .filter((entry) => entry.masks.length > 0)
    .map((entry) => {
      const view = maskedViewName(star, entry);
      return {
        role: entry.role.name,
        table: `${entry.table.schema}.${entry.table.name}`,
        view: `${view.schema}.${view.name}`,
      };
    });
}

export function policyStatements(star: Star, dialect: WarehouseDialect): StatementGroup[] {
  const accesses = resolveAccess(star);
  const runner = statementRunner(star, 'policies');
  const masking =
    dialect === 'redshift' ? redshiftMasking(star, accesses, runner) : postgresMaskingViews(star, accesses);
  // PostgreSQL's row policies and masking views read the mappings through these views.
  const entitlements =
    dialect === 'postgres'
      ? currentUserViewGroups(
          star,
          accesses.map((a) => ({ role: a.role, filter: a.rowFilter })),
        )
      : [];
  return withStatementRunner(runner, [
    ...entitlements,
    ...rowSecurityGroups(star, accesses, runner, dialect),
    ...masking,
  ]);
}
