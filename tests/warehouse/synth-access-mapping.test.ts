/**
 * What the governed fixture synthesizes for an access mapping and email masks, file by file, in
 * both renderings; and the definitions refused with the path at fault.
 */
import { describe, expect, it } from 'vitest';
import {
  access,
  accessMapping,
  LOCAL_STAGE,
  lakeGrant,
  PipelineDefinitionError,
  principal,
  role,
  rowFilter,
  t,
  WAREHOUSE_FILES,
  warehouse,
} from '../../core/index.js';
import { lakeFormationGrants, rowFilterValues } from '../../governance/index.js';
import { type WarehouseDialect, warehouseFileStatements } from '../../warehouse/index.js';
import { problems } from '../core/problems.js';
import {
  countryAccess,
  customersJob,
  governedPipeline,
  governedSpec,
} from '../fixtures/governed-pipeline.js';

const pipeline = governedPipeline();
const file = (dialect: WarehouseDialect, name: keyof typeof WAREHOUSE_FILES) =>
  warehouseFileStatements(pipeline, LOCAL_STAGE, dialect, WAREHOUSE_FILES[name]);
const MAPPING = '"gov"."analyst_country_access"';
const VIEW = '"gov"."analyst_country_access_for_current_user"';
const POLICY = '"gov_dim_customers_rows_data_analyst"';

describe.each(['redshift', 'postgres'] as const)('%s', (dialect) => {
  it('01-schema creates the mapping table and inserts the rows it lacks', () => {
    const statements = file(dialect, 'schema');
    const created = statements.findIndex((st) => st.startsWith(`CREATE TABLE IF NOT EXISTS ${MAPPING}`));
    expect(statements[created]).toContain('PRIMARY KEY ("role_or_user", "country")');
    expect(statements[created]).toContain('"role_or_user" VARCHAR(128) NOT NULL');
    const insert = statements[created + 1]!;
    expect(insert).toMatch(
      new RegExp(
        `^INSERT INTO ${MAPPING.replaceAll('.', '\\.')} \\("role_or_user", "country"\\) SELECT DISTINCT`,
      ),
    );
    expect(insert).toContain(`WHERE NOT EXISTS (SELECT 1 FROM ${MAPPING} AS "held"`);
    expect(insert).toContain("CAST('US' AS VARCHAR(2))");
    expect(insert).toContain("CAST('CA' AS VARCHAR(2))");
  });

  it('02-roles lets the read-write role write the mapping, and no one else read it', () => {
    const grants = file(dialect, 'roles').filter((st) => st.includes(MAPPING));
    const engineer = dialect === 'redshift' ? 'ROLE "data_engineer"' : '"data_engineer"';
    expect(grants).toEqual([`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${MAPPING} TO ${engineer}`]);
  });
});

describe('03-policies', () => {
  it("Redshift: the analysts' policy reads the mapping, granted to it, membership for the pipeline's roles", () => {
    const statements = file('redshift', 'policies');
    const created = statements.findIndex((st) => st.startsWith(`CREATE RLS POLICY ${POLICY}`));
    expect(statements[created]).toBe(
      `CREATE RLS POLICY ${POLICY} WITH ("country" VARCHAR(2)) USING ("country" IN (SELECT "mapped"."country" FROM ${MAPPING} AS "mapped" WHERE "mapped"."role_or_user" = current_user OR CASE WHEN "mapped"."role_or_user" IN ('data_engineer', 'data_scientist', 'data_analyst') THEN user_is_member_of(current_user, "mapped"."role_or_user") ELSE FALSE END))`,
    );
    expect(statements.slice(created + 1, created + 3)).toEqual([
      `GRANT SELECT ON TABLE ${MAPPING} TO RLS POLICY ${POLICY}`,
      `ATTACH RLS POLICY ${POLICY} ON TABLE "gov"."dim_customers" TO ROLE "data_analyst"`,
    ]);
    // Only the mapped policy reads it.
    expect(statements.filter((st) => st.includes('TO RLS POLICY'))).toHaveLength(1);
  });

  it('Redshift: one email masking policy, attached for the scientists and the analysts', () => {
    const statements = file('redshift', 'policies');
    expect(statements.filter((st) => st.startsWith('CREATE MASKING POLICY "gov_mask_email'))).toEqual([
      `CREATE MASKING POLICY "gov_mask_email_string_128" IF NOT EXISTS WITH ("value" VARCHAR(128)) USING (CAST(CASE WHEN "value" IS NULL THEN NULL WHEN strpos("value", '@') = 0 THEN '***' WHEN strpos("value", '@') = 1 THEN '***' || "value" ELSE left("value", 1) || '***' || right("value", (length("value") - strpos("value", '@')) + 1) END AS VARCHAR(128)))`,
    ]);
    expect(
      statements.filter((st) => st.startsWith('ATTACH MASKING POLICY "gov_mask_email_string_128"')),
    ).toEqual([
      'ATTACH MASKING POLICY "gov_mask_email_string_128" ON "gov"."dim_customers" ("email") TO ROLE "data_scientist" PRIORITY 20',
      'ATTACH MASKING POLICY "gov_mask_email_string_128" ON "gov"."dim_customers" ("email") TO ROLE "data_analyst" PRIORITY 30',
    ]);
  });

  it("PostgreSQL: the current user's view first, readable by the analysts; policy and masking view read it", () => {
    const statements = file('postgres', 'policies');
    const view = statements.findIndex((st) => st.startsWith(`CREATE OR REPLACE VIEW ${VIEW}`));
    const policy = statements.findIndex((st) => st.startsWith(`CREATE POLICY ${POLICY}`));
    expect(view).toBeGreaterThan(0);
    expect(view).toBeLessThan(policy);
    expect(statements[view]).toContain(
      `WHERE "mapped"."role_or_user" = current_user OR EXISTS (SELECT 1 FROM "pg_roles" AS "r" WHERE "r"."rolname" = "mapped"."role_or_user" AND pg_has_role(current_user, "r"."oid", 'MEMBER'))`,
    );
    expect(statements.filter((st) => st.startsWith('GRANT') && st.includes(VIEW))).toEqual([
      `GRANT SELECT ON TABLE ${VIEW} TO "data_analyst"`,
    ]);
    const filter = `"country" IN (SELECT "country" FROM ${VIEW})`;
    expect(statements[policy]).toContain(`USING (${filter})`);
    const masking = statements.find((st) =>
      st.startsWith('CREATE VIEW "gov"."dim_customers_for_data_analyst"'),
    );
    expect(masking).toMatch(new RegExp(`WHERE ${filter.replace(/[()."]/g, '\\$&')}$`));
    expect(statements.some((st) => st.includes('TO RLS POLICY'))).toBe(false);
  });
});

describe('the lake', () => {
  it("becomes one data-cells filter with the principal's values from the mapping's rows", () => {
    const out = lakeFormationGrants(pipeline, LOCAL_STAGE);
    expect(out.dataCellsFilters).toEqual([
      {
        TableData: {
          TableCatalogId: LOCAL_STAGE.account,
          DatabaseName: 'governed_shop_local_processed',
          TableName: 'customers',
          Name: 'data_analyst-customers-0',
          RowFilter: { FilterExpression: "country IN ('US', 'CA')" },
          ColumnWildcard: { ExcludedColumnNames: ['email', 'phone'] },
        },
      },
    ]);
    expect(rowFilterValues(rowFilter('country', countryAccess), principal('data_scientist'))).toEqual([]);
  });
});

describe('refused definitions', () => {
  const spec = governedSpec();
  const wh = spec.warehouse!;
  const analyst = (filter: ReturnType<typeof rowFilter>) =>
    role({
      name: 'data_analyst',
      mode: 'read-only',
      tables: [access('dim_customers', { rowFilter: filter })],
    });

  it.each([
    [
      'a filter whose mapping the warehouse does not list',
      { ...spec, warehouse: warehouse({ ...wh, accessMappings: [] }) },
      'warehouse › roles › data_analyst › tables[0] › rowFilter: the access mapping "analyst_country_access" is not among',
    ],
    [
      'a value of another type than the mapping',
      {
        ...spec,
        warehouse: warehouse({
          ...wh,
          accessMappings: [
            accessMapping({ ...countryAccess, rows: [{ principal: 'data_analyst', value: 'USA' }] }),
          ],
          roles: [],
        }),
      },
      'warehouse › accessMappings[0] › rows[0] › value: "USA" is not a value of type string(2)',
    ],
    [
      'a mapping named as a star table',
      {
        ...spec,
        warehouse: warehouse({
          ...wh,
          accessMappings: [accessMapping({ ...countryAccess, name: 'dim_customers' })],
          roles: [],
        }),
      },
      'warehouse › accessMappings[0] › name: another table is named "dim_customers"',
    ],
    [
      'a lake principal the mapping gives no value',
      {
        ...spec,
        governance: {
          ...spec.governance!,
          grants: [
            lakeGrant({
              principal: principal('data_scientist'),
              dataset: customersJob.output,
              permissions: ['SELECT'],
              rowFilter: rowFilter('country', countryAccess),
            }),
          ],
        },
      },
      'governance › grants[0] › rowFilter: the access mapping "analyst_country_access" lists no value for the principal "data_scientist"',
    ],
  ])('%s', (_name, broken, message) => {
    expect(problems(broken).join('\n')).toContain(message);
  });

  it('a mapping of another type than the filtered column, when the warehouse is synthesized', () => {
    const ids = accessMapping({ name: 'id_access', column: 'id', type: t.int(), rows: [] });
    const broken = governedPipelineWith({
      ...wh,
      accessMappings: [ids],
      roles: [analyst(rowFilter('country', ids))],
    });
    expect(() => warehouseFileStatements(broken, LOCAL_STAGE, 'postgres', WAREHOUSE_FILES.policies)).toThrow(
      PipelineDefinitionError,
    );
    expect(() => warehouseFileStatements(broken, LOCAL_STAGE, 'postgres', WAREHOUSE_FILES.policies)).toThrow(
      /dim_customers\.country is string\(2\) but the access mapping "id_access" holds int/,
    );
  });
});

function governedPipelineWith(wh: Parameters<typeof warehouse>[0]) {
  return { ...governedPipeline(), warehouse: warehouse(wh) };
}
