/**
 * The SQL of a warehouse whose tables live in two schemas (the lakehouse fixture: dimension and
 * fact in `silver`, a mart in `gold`): DDL, grants per schema, policies and server-side checks on
 * each table's own schema, the mart's rebuild and the latest-row reads in the load; the model's
 * checks on schemas, marts and latestBy; and a mart's source staged like any other (an Aurora
 * target's CSV export included).
 */
import { describe, expect, it } from 'vitest';
import {
  dimension,
  type JobPlan,
  LOCAL_STAGE,
  artifactLayout as layout,
  mart,
  type Pipeline,
  stagedColumnNames,
  t,
  WAREHOUSE_FILES,
  type WarehouseFile,
  warehouse,
  warehouseLoads,
  wcol,
} from '../../core/index.js';
import { glueJobRole, synthGlue } from '../../glue-scripts/index.js';
import { emitRule } from '../../quality-rules/index.js';
import { synthStateMachine } from '../../state-machines/index.js';
import {
  maskedViews,
  type WarehouseDialect,
  warehouseFileStatements,
  warehouseLoadStatements,
  warehouseLoadSteps,
  warehouseTables,
} from '../../warehouse/index.js';
import { problems } from '../core/problems.js';
import { aurora } from '../fixtures/aurora-stage.js';
import { customerSalesJob, lakehousePipeline, lakehouseSpec } from '../fixtures/lakehouse-pipeline.js';
import { type AslDefinition, everyState, validateAsl } from '../state-machines/asl.js';

const pipeline = lakehousePipeline();
const onAurora = lakehousePipeline({ stages: [LOCAL_STAGE, aurora] });
const DIALECTS: readonly WarehouseDialect[] = ['redshift', 'postgres'];
const statements = (dialect: WarehouseDialect, file: WarehouseFile, p: Pipeline = pipeline) =>
  warehouseFileStatements(p, LOCAL_STAGE, dialect, file);

describe('a warehouse in two schemas', () => {
  it('names each table in its own schema', () => {
    expect(warehouseTables(pipeline)).toEqual([
      'silver.dim_customers',
      'silver.fct_orders',
      'gold.mart_customer_sales',
    ]);
  });

  for (const dialect of DIALECTS) {
    it(`creates both schemas and each table in its own (${dialect})`, () => {
      const ddl = statements(dialect, WAREHOUSE_FILES.schema);
      expect(ddl.filter((st) => st.startsWith('CREATE SCHEMA'))).toEqual([
        'CREATE SCHEMA IF NOT EXISTS "silver"',
        'CREATE SCHEMA IF NOT EXISTS "gold"',
        'CREATE SCHEMA IF NOT EXISTS "silver_staging"',
      ]);
      const created = ddl.flatMap((st) => /TABLE IF NOT EXISTS ("\w+"\."\w+")/.exec(st)?.[1] ?? []);
      expect(created).toEqual([
        '"silver"."dim_customers"',
        '"silver"."fct_orders"',
        '"gold"."mart_customer_sales"',
        '"silver_staging"."customers"',
        '"silver_staging"."orders"',
        '"silver_staging"."customer_sales"',
        // The Type 1 dimension's latest rows, and the fact's resolved rows: the MERGE sources.
        '"silver_staging"."dim_customers"',
        '"silver_staging"."fct_orders"',
      ]);
      expect(ddl.find((st) => st.includes('"silver"."fct_orders" ('))).toContain(
        'FOREIGN KEY ("customer_key") REFERENCES "silver"."dim_customers" ("customer_key")',
      );
    });
  }

  it("declares a mart's key as its primary key, with Redshift's distribution and sort keys", () => {
    const body = `(
  "customer_id" VARCHAR(16) NOT NULL,
  "orders" BIGINT,
  "revenue" DECIMAL(12, 2),
  PRIMARY KEY ("customer_id")
)`;
    expect(statements('redshift', WAREHOUSE_FILES.schema)).toContain(
      `CREATE TABLE IF NOT EXISTS "gold"."mart_customer_sales" ${body}\nDISTKEY ("customer_id")\nSORTKEY ("customer_id")`,
    );
    const postgresBody = body.replace('DECIMAL', 'NUMERIC');
    // The stand-in's star is rebuilt by loads, so unlogged; a real PostgreSQL server logs it.
    expect(statements('postgres', WAREHOUSE_FILES.schema)).toContain(
      `CREATE UNLOGGED TABLE IF NOT EXISTS "gold"."mart_customer_sales" ${postgresBody}`,
    );
    expect(warehouseFileStatements(onAurora, aurora, 'postgres', WAREHOUSE_FILES.schema)).toContain(
      `CREATE TABLE IF NOT EXISTS "gold"."mart_customer_sales" ${postgresBody}`,
    );
  });

  it('revokes on every schema, then grants USAGE on the schemas each role reads', () => {
    const roles = statements('redshift', WAREHOUSE_FILES.roles);
    const of = (role: string) =>
      roles.filter((st) => st.endsWith(`ROLE "${role}"`) && /^(GRANT|REVOKE)/.test(st));
    expect(of('data_scientist')).toEqual([
      'REVOKE ALL ON ALL TABLES IN SCHEMA "silver" FROM ROLE "data_scientist"',
      'REVOKE ALL ON SCHEMA "silver" FROM ROLE "data_scientist"',
      'REVOKE ALL ON ALL TABLES IN SCHEMA "gold" FROM ROLE "data_scientist"',
      'REVOKE ALL ON SCHEMA "gold" FROM ROLE "data_scientist"',
      'GRANT USAGE ON SCHEMA "silver" TO ROLE "data_scientist"',
      'GRANT SELECT ON TABLE "silver"."fct_orders" TO ROLE "data_scientist"',
    ]);
    expect(of('data_analyst').filter((st) => st.startsWith('GRANT'))).toEqual([
      'GRANT USAGE ON SCHEMA "silver" TO ROLE "data_analyst"',
      'GRANT USAGE ON SCHEMA "gold" TO ROLE "data_analyst"',
      'GRANT SELECT ON TABLE "silver"."dim_customers" TO ROLE "data_analyst"',
      'GRANT SELECT ON TABLE "gold"."mart_customer_sales" TO ROLE "data_analyst"',
    ]);
  });

  it("puts row policies, masks and the server-side checks on each table's schema", () => {
    const redshift = statements('redshift', WAREHOUSE_FILES.policies);
    expect(redshift).toContain(
      'ATTACH RLS POLICY "silver_mart_customer_sales_rows_data_analyst" ON TABLE "gold"."mart_customer_sales" TO ROLE "data_analyst"',
    );
    expect(redshift).toContain('ALTER TABLE "gold"."mart_customer_sales" ROW LEVEL SECURITY ON');
    expect(redshift.find((st) => st.includes("''mart_customer_sales'' AND left"))).toContain(
      `"relschema" = ''gold'' AND "relname" = ''mart_customer_sales''`,
    );
    // Masks detached from every column of the star, each table under its own schema.
    expect(redshift.find((st) => st.includes('DETACH MASKING POLICY'))).toContain(
      `("table_schema" = ''silver'' AND "table_name" IN (''dim_customers'', ''fct_orders'') OR "table_schema" = ''gold'' AND "table_name" IN (''mart_customer_sales''))`,
    );
    expect(redshift).toContain(
      'ATTACH MASKING POLICY "silver_mask_partial_string_32" ON "silver"."dim_customers" ("city") TO ROLE "data_analyst" PRIORITY 20',
    );
    const postgres = statements('postgres', WAREHOUSE_FILES.policies);
    expect(postgres.find((st) => st.includes("''mart_customer_sales'' AND left"))).toContain(
      `"schemaname" = ''gold'' AND "tablename" = ''mart_customer_sales''`,
    );
    expect(maskedViews(pipeline)).toEqual([
      { role: 'data_analyst', table: 'silver.dim_customers', view: 'silver.dim_customers_for_data_analyst' },
    ]);
  });

  it('rebuilds the mart in the load: DELETE then INSERT from its staged source, in both dialects', () => {
    const mart = [
      'DELETE FROM "gold"."mart_customer_sales"',
      'INSERT INTO "gold"."mart_customer_sales" ("customer_id", "orders", "revenue") SELECT "staged"."customer_id" AS "customer_id", "staged"."orders" AS "orders", "staged"."revenue" AS "revenue" FROM "silver_staging"."customer_sales" AS "staged"',
    ];
    for (const dialect of DIALECTS) {
      const load = warehouseLoadStatements(pipeline, LOCAL_STAGE, dialect);
      expect(load.slice(-2)).toEqual(mart);
      expect(load.filter((st) => st.startsWith('TRUNCATE "gold"'))).toEqual([]);
    }
    expect(warehouseLoadStatements(pipeline, LOCAL_STAGE, 'redshift')).toHaveLength(
      warehouseLoadStatements(pipeline, LOCAL_STAGE, 'postgres').length,
    );
  });

  it('reads the latest staged row of each key: Type 1 dimension into its staging table, fact resolved from it', () => {
    const load = warehouseLoadStatements(pipeline, LOCAL_STAGE, 'redshift');
    const latest = (columns: string, key: string, order: string, table: string) =>
      `FROM (SELECT ${columns.replaceAll('"c"', '"ranked"')} FROM (SELECT ${columns.replaceAll('"c".', '')}, row_number() OVER (PARTITION BY "${key}" ORDER BY ${order}) AS "latest_rank" FROM "silver_staging"."${table}") AS "ranked" WHERE "ranked"."latest_rank" = 1) AS "staged"`;
    expect(load).toContain(
      `INSERT INTO "silver_staging"."dim_customers" ("customer_id", "segment", "city") SELECT "staged"."customer_id" AS "customer_id", "staged"."segment" AS "segment", "staged"."city" AS "city" ${latest(
        '"c"."customer_id", "c"."segment", "c"."city", "c"."updated_at"',
        'customer_id',
        '"updated_at" DESC NULLS LAST, "segment" ASC, "city" ASC',
        'customers',
      )}`,
    );
    expect(load.find((st) => st.startsWith('MERGE INTO "silver"."dim_customers"'))).toContain(
      'USING "silver_staging"."dim_customers" AS "staged"',
    );
    expect(load.find((st) => st.startsWith('INSERT INTO "silver_staging"."fct_orders"'))).toContain(
      latest(
        '"c"."order_id", "c"."amount", "c"."ordered_at", "c"."customer_id"',
        'order_id',
        '"ordered_at" DESC NULLS LAST, "customer_id" ASC, "amount" ASC',
        'orders',
      ),
    );
  });
});

describe("a mart's source is staged like any other", () => {
  const wh = pipeline.warehouse!;

  it('is loaded, with its columns staged', () => {
    expect(warehouseLoads(wh, customerSalesJob.output)).toBe(true);
    expect(stagedColumnNames(wh, customerSalesJob.output, ['customer_id', 'orders', 'revenue'])).toEqual([
      'customer_id',
      'orders',
      'revenue',
    ]);
  });

  it('gets a CSV export for an Aurora target, which the Glue role may write', () => {
    const plans = synthGlue(onAurora, aurora, { emitRule })
      .filter((a) => layout.jobPlans.nameOf(a.path) !== undefined)
      .map((a) => JSON.parse(a.content) as JobPlan);
    expect(plans.find((p) => p.output.dataset === 'customer_sales')!.output.export).toEqual({
      format: 'csv',
      path: 's3://b-dev/lakehouse-shop/export/customer_sales/',
      columns: ['customer_id', 'orders', 'revenue'],
    });
    expect(JSON.stringify(glueJobRole(onAurora, aurora))).toContain(
      'arn:aws:s3:::b-dev/lakehouse-shop/export/customer_sales/*',
    );
    // The load imports each of its CSV files into the staging table the mart is refilled from.
    expect(
      warehouseLoadSteps(onAurora, aurora)
        .filter((st) => st.perObject !== undefined)
        .map((st) => st.label),
    ).toEqual([
      'import into silver_staging.customers',
      'import into silver_staging.orders',
      'import into silver_staging.customer_sales',
    ]);
  });
});

describe('the load of a two-schema warehouse in the state machines', () => {
  for (const [target, p, stage] of [
    ['Redshift', pipeline, LOCAL_STAGE],
    ['Aurora', onAurora, aurora],
  ] as const) {
    it(`is valid ASL on ${target}, the mart's rebuild among its states`, () => {
      const [asl] = synthStateMachine(p, stage, { warehouseLoad: warehouseLoadSteps(p, stage) });
      const definition = JSON.parse(asl!.content) as AslDefinition;
      expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
      if (target === 'Aurora') {
        const names = everyState(definition).map(([name]) => name);
        expect(names.filter((n) => n.includes('gold.mart_customer_sales'))).toEqual([
          expect.stringMatching(/^Warehouse load \d+ of \d+: empty gold\.mart_customer_sales$/),
          expect.stringMatching(/^Warehouse load \d+ of \d+: fill gold\.mart_customer_sales$/),
        ]);
      }
    });
  }
});

describe('the checks on schemas, marts and latestBy', () => {
  const spec = lakehouseSpec();
  const wh = spec.warehouse!;
  const salesMart = wh.marts[0]!;
  const withWarehouse = (changed: Partial<Parameters<typeof warehouse>[0]>) =>
    problems({ ...spec, warehouse: warehouse({ ...wh, ...changed }) });

  it('accepts the fixture', () => {
    expect(problems(spec)).toEqual([]);
  });

  it('refuses two tables of one name, even in different schemas', () => {
    // Roles left out: they would also find the mart missing under its old name.
    expect(withWarehouse({ marts: [mart({ ...salesMart, name: 'dim_customers' })], roles: [] })).toEqual([
      expect.stringMatching(
        /warehouse › marts › dim_customers › name: "dim_customers" names two tables: a dimension in silver and a mart in gold/,
      ),
    ]);
  });

  it('refuses a schema name that is not snake_case', () => {
    expect(withWarehouse({ marts: [mart({ ...salesMart, schema: 'Gold' })] })).toEqual([
      expect.stringMatching(
        /warehouse › marts › mart_customer_sales › schema: "Gold" is not a valid schema name/,
      ),
    ]);
  });

  it("refuses a mart key, distribution or sort key that is not one of the mart's columns", () => {
    const bad = mart({ ...salesMart, key: ['customer'], distKey: 'region', sortKey: ['revenue', 'day'] });
    expect(withWarehouse({ marts: [bad] })).toEqual([
      expect.stringMatching(
        /mart_customer_sales › key\[0\]: unknown column "customer" in mart_customer_sales/,
      ),
      expect.stringMatching(/mart_customer_sales › distKey: unknown column "region" in mart_customer_sales/),
      expect.stringMatching(
        /mart_customer_sales › sortKey\[1\]: unknown column "day" in mart_customer_sales/,
      ),
    ]);
  });

  it('refuses a mart column its source does not have', () => {
    const bad = mart({ ...salesMart, columns: [...salesMart.columns, wcol('margin', t.decimal(12, 2))] });
    expect(withWarehouse({ marts: [bad] })).toEqual([
      expect.stringMatching(
        /mart_customer_sales › margin › source: unknown column "margin" in customer_sales/,
      ),
    ]);
  });

  it('refuses a latestBy that is not a column of the source', () => {
    const bad = dimension({ ...wh.dimensions[0]!, latestBy: 'changed_at' });
    expect(withWarehouse({ dimensions: [bad] })).toEqual([
      expect.stringMatching(
        /dimensions › dim_customers › latestBy: unknown column "changed_at" in customers/,
      ),
    ]);
  });
});
