/**
 * A stage whose warehouse is Aurora PostgreSQL: the tree holds the target's own PostgreSQL
 * rendering (what a real server runs: logged star tables, the aws_s3 extension, imports of the
 * CSV exports), no Redshift files and no simulator stand-in, the RDS Data API target and the
 * cluster's import role.
 */
import { describe, expect, it } from 'vitest';
import {
  definePipeline,
  type JobPlan,
  LOCAL_STAGE,
  artifactLayout as layout,
  WAREHOUSE_FILES,
} from '../../core/index.js';
import { glueJobRole, synthGlue } from '../../glue-scripts/index.js';
import { emitRule } from '../../quality-rules/index.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { postgresLoader } from '../../state-machines/targets/postgres.js';
import { synthWarehouse, warehouseFileStatements, warehouseLoadSteps } from '../../warehouse/index.js';
import { aurora } from '../fixtures/aurora-stage.js';
import { miniSpec } from '../fixtures/mini-pipeline.js';
import { type AslDefinition, everyState, validateAsl } from '../state-machines/asl.js';

const pipeline = definePipeline({ ...miniSpec(), stages: [LOCAL_STAGE, aurora] });
const artifacts = synthWarehouse(pipeline, aurora);
const text = (path: string) => artifacts.find((a) => a.path === path)!.content;

describe('an Aurora PostgreSQL target', () => {
  it("writes the target's four files, its Data API target and its import role; no Redshift, no stand-in", () => {
    expect(artifacts.map((a) => a.path)).toEqual([
      'postgres/01-schema.sql',
      'postgres/02-roles.sql',
      'postgres/03-policies.sql',
      'postgres/04-load.sql',
      'iam/postgres-import-role.json',
      'postgres/target.json',
    ]);
    expect(JSON.parse(text(layout.warehouseTarget('postgres')))).toEqual({
      resourceArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:analytics',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:analytics',
      database: 'analytics',
    });
  });

  it('renders for a real server: the extension it imports with, logged star tables, scratch staging unlogged', () => {
    const schema = warehouseFileStatements(pipeline, aurora, 'postgres', WAREHOUSE_FILES.schema);
    expect(schema[0]).toBe('CREATE EXTENSION IF NOT EXISTS "aws_s3" CASCADE');
    const star = schema.filter((st) => /^CREATE (UNLOGGED )?TABLE IF NOT EXISTS "shop"\./.test(st));
    const staging = schema.filter((st) =>
      /^CREATE (UNLOGGED )?TABLE IF NOT EXISTS "shop_staging"\./.test(st),
    );
    expect(star.length).toBeGreaterThan(0);
    expect(star.every((st) => st.startsWith('CREATE TABLE'))).toBe(true);
    expect(staging.every((st) => st.startsWith('CREATE UNLOGGED TABLE'))).toBe(true);
    expect(text(layout.warehouseFile('postgres', WAREHOUSE_FILES.load))).not.toMatch(/COPY|FORMAT parquet/);
  });

  it('imports each CSV file of a dataset export with aws_s3, the key as a Data API parameter', () => {
    const steps = warehouseLoadSteps(pipeline, aurora);
    const imports = steps.filter((st) => st.perObject !== undefined);
    expect(imports.map((st) => st.sql)).toEqual([
      "SELECT aws_s3.table_import_from_s3('shop_staging.customers', 'customer_id,email,country,signed_up', '(FORMAT csv, HEADER true)', 'b-dev', :file_path, 'eu-west-1')",
      expect.stringMatching(/^SELECT aws_s3\.table_import_from_s3\('shop_staging\.orders', /),
    ]);
    expect(imports[0]!.perObject).toEqual({
      bucket: 'b-dev',
      prefix: 'mini-shop/export/customers/',
      keyParameter: 'file_path',
      suffix: '.csv',
    });
    // Staging is emptied before its import, in the load's one transaction.
    const index = steps.indexOf(imports[0]!);
    expect(steps[index - 1]!.sql).toBe('TRUNCATE TABLE "shop_staging"."customers"');
  });

  it('lets the cluster read the exports only, as rds.amazonaws.com', () => {
    const role = JSON.parse(text(layout.postgresImportRole)) as {
      RoleName: string;
      AssumeRolePolicyDocument: unknown;
      Policies: { PolicyDocument: unknown }[];
    };
    expect(role.RoleName).toBe('b-dev-aurora-import');
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('"Service":"rds.amazonaws.com"');
    const policy = JSON.stringify(role.Policies[0]!.PolicyDocument);
    expect(policy).toContain('arn:aws:s3:::b-dev/mini-shop/export/customers/*');
    expect(policy).not.toContain('/processed/');
  });

  it('refuses to render Redshift SQL for it', () => {
    expect(() => warehouseFileStatements(pipeline, aurora, 'redshift', WAREHOUSE_FILES.schema)).toThrow(
      /the target is postgres, so the warehouse has no redshift rendering/,
    );
  });

  it('gives the loader per-object statements the Redshift loader would refuse', () => {
    const steps = warehouseLoadSteps(pipeline, aurora);
    const chain = postgresLoader.loadStates(aurora.warehouse as never, {
      label: 'warehouse load',
      statementName: 'mini-dev-warehouse-load',
      statements: steps,
      stage: aurora,
      failure: { catchTo: 'Handle failure' },
    });
    expect(chain.startAt).toBe('Begin warehouse load');
  });
});

describe('the load on Aurora, in the state machine', () => {
  const [asl, , role] = synthStateMachine(pipeline, aurora, {
    warehouseLoad: warehouseLoadSteps(pipeline, aurora),
  });
  const definition = JSON.parse(asl!.content) as AslDefinition;
  const states = Object.fromEntries(everyState(definition));
  const names = Object.keys(states);

  it('is valid ASL', () => {
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
  });

  it('begins a transaction, runs each statement in it, imports file by file, commits', () => {
    const load = names.filter((n) => /warehouse load/i.test(n));
    expect(load[0]).toBe('Begin warehouse load');
    expect(load).toContain('Warehouse load 1 of 8: empty shop_staging.customers');
    expect(load).toContain('Warehouse load 2 of 8: import into shop_staging.customers');
    expect(load).toContain('Commit warehouse load');
    const begin = states['Begin warehouse load']!;
    expect(begin.Resource).toBe('arn:aws:states:::aws-sdk:rdsdata:beginTransaction');
    expect(begin.Parameters).toEqual({
      ResourceArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:analytics',
      SecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:analytics',
      Database: 'analytics',
    });
    const truncate = states['Warehouse load 1 of 8: empty shop_staging.customers']!;
    expect(truncate.Parameters).toMatchObject({
      Sql: 'TRUNCATE TABLE "shop_staging"."customers"',
      'TransactionId.$': '$.transactions.warehouse_load.TransactionId',
    });
    const imports = states['Warehouse load 2 of 8: import into shop_staging.customers']!;
    expect(imports.Type).toBe('Map');
    expect(imports.MaxConcurrency).toBe(1);
    expect(imports.ItemsPath).toBe('$.listings.mini_shop_export_customers_.Contents');
  });

  it('rolls back on any failure after BEGIN and fails with the original error', () => {
    const afterBegin = names.filter(
      (n) => /^Warehouse load \d+ of 8/.test(n) || n === 'Commit warehouse load',
    );
    for (const name of afterBegin) {
      expect((states[name]!.Catch as { Next: string }[])[0]!.Next, name).toBe('Roll back warehouse load');
    }
    const rollback = states['Roll back warehouse load']!;
    expect(rollback.Resource).toBe('arn:aws:states:::aws-sdk:rdsdata:rollbackTransaction');
    expect(rollback.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: rollback.Next }]);
  });

  it('lets the state machine call the Data API on its cluster and list the export prefixes only', () => {
    const policy = JSON.stringify(JSON.parse(role!.content));
    for (const action of ['BeginTransaction', 'ExecuteStatement', 'CommitTransaction', 'RollbackTransaction'])
      expect(policy).toContain(`rds-data:${action}`);
    expect(policy).toContain('"s3:prefix":["mini-shop/export/customers/*"]');
    expect(policy).not.toContain('redshift-data:');
  });
});

describe('the jobs of an Aurora stage', () => {
  const plans = synthGlue(pipeline, aurora, { emitRule })
    .filter((a) => layout.jobPlans.nameOf(a.path) !== undefined)
    .map((a) => JSON.parse(a.content) as JobPlan);

  it('write a CSV export of each loaded output, with the staging columns in their order', () => {
    const customers = plans.find((p) => p.output.dataset === 'customers')!;
    expect(customers.output.export).toEqual({
      format: 'csv',
      path: 's3://b-dev/mini-shop/export/customers/',
      columns: ['customer_id', 'email', 'country', 'signed_up'],
    });
  });

  it('may write there: the Glue role can put objects under the export prefixes', () => {
    const role = JSON.stringify(glueJobRole(pipeline, aurora));
    expect(role).toContain('arn:aws:s3:::b-dev/mini-shop/export/customers/*');
  });

  it('write no export for a Redshift stage', () => {
    const redshift = synthGlue(pipeline, LOCAL_STAGE, { emitRule })
      .filter((a) => layout.jobPlans.nameOf(a.path) !== undefined)
      .map((a) => JSON.parse(a.content) as JobPlan);
    expect(redshift.every((p) => p.output.export === null)).toBe(true);
    expect(JSON.stringify(glueJobRole(pipeline, LOCAL_STAGE))).not.toContain('/export/');
  });
});
