/**
 * The set-up of a warehouse whose tables live in two schemas (the lakehouse fixture: `silver`,
 * and a mart in `gold`), through the local Data API on PGlite: the grants, row policies and
 * masking views land on each table's schema; a rerun changes nothing; a version that moves a
 * role's reading from one schema to the other takes back what it no longer grants, in both
 * schemas; the first version applied again restores the catalog exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArtifactTree,
  access,
  definePipeline,
  type Pipeline,
  role,
  warehouse,
} from '../../core/index.js';
import { type LocalRedshiftData, openLocalRedshift } from '../../local/redshift/index.js';
import { warehouseCounts } from '../../local/warehouse-setup.js';
import { lakehouseSpec } from '../fixtures/lakehouse-pipeline.js';
import { sql } from './redshift/calls.js';
import { LocalS3, scratch } from './redshift/fixtures.js';
import { localTree, reinstall } from './warehouse-install.js';

const work = scratch('warehouse-setup-schemas');
afterAll(() => work.remove());

const tree = (name: string, pipeline: Pipeline): ArtifactTree => localTree(work.dir, name, pipeline);

const spec = lakehouseSpec();
const v1 = tree('v1', definePipeline(spec));
/** data_scientist reads the mart in gold instead of the fact in silver; data_analyst the mart only, unfiltered. */
const v2 = tree(
  'v2',
  definePipeline({
    ...spec,
    warehouse: warehouse({
      ...spec.warehouse!,
      roles: [
        spec.warehouse!.roles[0]!,
        role({ name: 'data_analyst', mode: 'read-only', tables: [access('mart_customer_sales')] }),
        role({ name: 'data_scientist', mode: 'read-only', tables: [access('mart_customer_sales')] }),
      ],
    }),
  }),
);

const SCHEMAS = "('silver', 'gold')";
/** Grants, schema usage, row policies, row security, views and procedures in both schemas. */
const STATE_SQL = `
  SELECT 'table ' || grantee || ' ' || table_schema || '.' || table_name || ' ' || privilege_type AS fact
    FROM information_schema.table_privileges WHERE table_schema IN ${SCHEMAS} AND grantee LIKE 'data\\_%'
  UNION ALL SELECT 'column ' || grantee || ' ' || table_schema || '.' || table_name || '.' || column_name || ' ' || privilege_type
    FROM information_schema.column_privileges WHERE table_schema IN ${SCHEMAS} AND grantee LIKE 'data\\_%'
  UNION ALL SELECT 'schema ' || rolname || ' ' || s || ' ' || has_schema_privilege(rolname, s, 'USAGE')
    FROM pg_roles, unnest(ARRAY['silver', 'gold']) AS s WHERE rolname LIKE 'data\\_%'
  UNION ALL SELECT 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || array_to_string(roles, ',') || ' ' || qual
    FROM pg_policies WHERE schemaname IN ${SCHEMAS}
  UNION ALL SELECT 'row security ' || relnamespace::regnamespace || '.' || relname || ' ' || relrowsecurity
    FROM pg_class WHERE relnamespace::regnamespace::text IN ${SCHEMAS} AND relkind = 'r'
  UNION ALL SELECT 'view ' || schemaname || '.' || viewname FROM pg_views WHERE schemaname IN ${SCHEMAS}
  UNION ALL SELECT 'procedure ' || proname FROM pg_proc WHERE pronamespace::regnamespace::text IN ${SCHEMAS}
  ORDER BY 1`;

describe('warehouse set-up in two schemas, on PGlite', () => {
  let redshift: LocalRedshiftData;
  let installed: string[] = [];

  beforeAll(async () => {
    redshift = await openLocalRedshift({ warehouse: 'pglite', s3: new LocalS3(`${work.dir}/s3`) });
  });
  afterAll(() => redshift?.close());

  const install = (version: ArtifactTree) => reinstall(redshift, version);
  const state = async () => (await sql(redshift, STATE_SQL)).rows.map((r) => String(r.fact));

  it("puts each table, grant, policy and masking view in its table's schema", async () => {
    await install(v1);
    installed = await state();
    expect(installed).toEqual(
      expect.arrayContaining([
        'schema data_scientist silver true',
        'schema data_scientist gold false',
        'schema data_analyst gold true',
        'table data_scientist silver.fct_orders SELECT',
        'table data_analyst gold.mart_customer_sales SELECT',
        'table data_analyst silver.dim_customers_for_data_analyst SELECT',
        "policy gold.mart_customer_sales silver_mart_customer_sales_rows_data_analyst data_analyst ((customer_id)::text = ANY ((ARRAY['C1'::character varying, 'C2'::character varying])::text[]))",
        'row security gold.mart_customer_sales true',
        'row security silver.dim_customers false',
        'view silver.dim_customers_for_data_analyst',
      ]),
    );
    expect(installed.filter((f) => f.startsWith('procedure '))).toEqual([]);
    expect(await warehouseCounts(redshift, v1)).toEqual({
      'gold.mart_customer_sales': 0,
      'silver.dim_customers': 0,
      'silver.fct_orders': 0,
    });
  });

  it('a rerun of the same files changes nothing', async () => {
    await install(v1);
    expect(await state()).toEqual(installed);
  });

  it('a role moved from one schema to the other loses what it no longer reads, in both', async () => {
    await install(v2);
    const changed = await state();
    expect(changed).toEqual(
      expect.arrayContaining([
        'schema data_scientist silver false',
        'schema data_scientist gold true',
        'table data_scientist gold.mart_customer_sales SELECT',
        'row security gold.mart_customer_sales false',
      ]),
    );
    expect(changed.filter((f) => f.includes('data_scientist silver.') || f.startsWith('policy '))).toEqual(
      [],
    );
    expect(changed.filter((f) => f.startsWith('table data_analyst silver.'))).toEqual([]);
  });

  it('the first version applied again restores the catalog exactly', async () => {
    await install(v1);
    expect(await state()).toEqual(installed);
  });
});
