/**
 * The lookup step: validated against the view and the declared output of the job it reads,
 * compiled for both engines with the other job's output as a plan reference, and run on DuckDB
 * through the plan's actions (the tests' stand-in engine, the reference view registered here):
 * one row of the other side per key (the latest by `latestBy`, ties broken by the added columns),
 * so no row is multiplied or dropped, and a row without a match gets NULLs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  column as c,
  columnSpec,
  definePipeline,
  type Job,
  job,
  LOCAL_STAGE,
  lookup,
  notifications,
  type ProcessedDataset,
  processedDataset,
  rawDataset,
  STEP_KINDS,
  type Step,
  standardize,
  t,
} from '../../../core/index.js';
import { glueJobRole, jobPlan } from '../../../glue-scripts/index.js';
import { validatePlan } from '../../../glue-scripts/schemas/index.js';
import { rows, runPlan } from '../../glue-scripts/duckdb-engine.js';
import { deps, viewSql } from '../../glue-scripts/fixtures.js';

const customersRaw = rawDataset({
  name: 'customers',
  prefix: 'customers/',
  format: 'csv',
  columns: [
    c('customer_id', t.string()),
    c('country', t.string()),
    c('tier', t.int()),
    c('updated', t.int()),
  ],
});
const ordersRaw = rawDataset({
  name: 'orders',
  prefix: 'orders/',
  format: 'csv',
  columns: [c('order_id', t.string()), c('customer_id', t.string()), c('amount', t.decimal(8, 2))],
});

const customersJob = job({
  name: 'customers',
  input: customersRaw,
  steps: [standardize(customersRaw.columns.map((x) => columnSpec(x.name)))],
  output: processedDataset({ name: 'customer_versions', partitionBy: ['country'] }),
});
const typedOrders = standardize(ordersRaw.columns.map((x) => columnSpec(x.name)));

function pipelineWith(steps: readonly Step[]): { job: Job; pipeline: ReturnType<typeof definePipeline> } {
  const orders = job({
    name: 'orders',
    input: ordersRaw,
    steps,
    output: processedDataset({ name: 'orders' }),
  });
  const pipeline = definePipeline({
    name: 'lookups',
    description: 'orders with their customers',
    datasets: [customersRaw, ordersRaw],
    crawlers: [],
    jobs: [customersJob, orders],
    notifications: notifications({ topic: 'alerts' }),
    stages: [LOCAL_STAGE],
  });
  return { job: orders, pipeline };
}

const latestCustomer = (from: ProcessedDataset = customersJob.output) =>
  lookup({
    from,
    on: { column: 'customer_id', key: 'customer_id' },
    columns: ['country', { column: 'tier', as: 'customer_tier' }],
    latestBy: 'updated',
  });

describe('lookup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-lookup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses unknown columns of the view and of the other output, with the path', () => {
    const bad = lookup({
      from: customersJob.output,
      on: { column: 'client_id', key: 'client_id' },
      columns: ['segment'],
      latestBy: 'changed',
    });
    expect(() => pipelineWith([typedOrders, bad])).toThrow(
      /steps\[1\] \(lookup\) › on › column: unknown column "client_id" at this step[\s\S]*on › key: unknown column "client_id" in the output of job customers[\s\S]*columns\[0\] › column: unknown column "segment" in the output of job customers[\s\S]*latestBy: unknown column "changed" in the output of job customers/,
    );
  });

  it('refuses an added column named as one of the view, and says to rename it', () => {
    const clash = lookup({
      from: customersJob.output,
      on: { column: 'customer_id', key: 'customer_id' },
      columns: ['amount', { column: 'tier', as: 'amount' }],
    });
    expect(() => pipelineWith([typedOrders, clash])).toThrow(
      /steps\[1\] \(lookup\) › columns\[0\]: column "amount" already exists at this step\n\s*fix: add it under another name: \{ column: 'amount', as: '<new name>' \}/,
    );
  });

  it('refuses a dataset no job writes, and the job’s own output', () => {
    expect(() => pipelineWith([typedOrders, latestCustomer(processedDataset({ name: 'nowhere' }))])).toThrow(
      /steps\[1\] \(lookup\) › from: dataset "nowhere" is written by no job of this pipeline\n\s*fix: look up the output of one of its jobs: customers.output, orders.output/,
    );
    expect(() => pipelineWith([typedOrders, latestCustomer(processedDataset({ name: 'orders' }))])).toThrow(
      /steps\[1\] \(lookup\) › from: a job cannot look up its own output/,
    );
  });

  it('refuses a key compared with a column of another type', () => {
    const mismatched = lookup({
      from: customersJob.output,
      on: { column: 'amount', key: 'customer_id' },
      columns: ['tier'],
    });
    expect(() => pipelineWith([typedOrders, mismatched])).toThrow(
      /steps\[1\] \(lookup\) › on: "amount" is decimal\(8,2\) and key "customer_id" is string: the engines would compare them differently\n\s*fix: convert "amount" to string before the lookup/,
    );
  });

  it('declares the added columns with the types and personal data tags of the other output', () => {
    const people = {
      ...processedDataset({ name: 'people' }),
      columns: [
        c('id', t.string()),
        c('email', t.string(), { pii: 'EMAIL' }),
        c('age', t.int(), { nullable: false }),
      ],
    };
    const node = lookup({
      from: people,
      on: { column: 'person', key: 'id' },
      columns: ['email', { column: 'age', as: 'person_age' }],
    });
    expect(STEP_KINDS.lookup.columns([{ name: 'person', type: t.string(), nullable: false }], node)).toEqual([
      { name: 'person', type: t.string(), nullable: false },
      { name: 'email', type: t.string(), nullable: true, pii: 'EMAIL' },
      { name: 'person_age', type: t.int(), nullable: true },
    ]);
  });

  it('reads the other output as a plan reference, waits for its job, and may read it', () => {
    const { pipeline, job: orders } = pipelineWith([typedOrders, latestCustomer()]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, orders, deps);
    expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toEqual([]);
    expect(plan.references).toEqual([
      {
        dataset: 'customer_versions',
        job: 'customers',
        view: 'ref_customer_versions',
        path: expect.stringMatching(/\/processed\/customer_versions\/$/),
        format: 'parquet',
        partitionBy: ['country'],
        columns: [
          { name: 'customer_id', type: t.string(), nullable: true },
          { name: 'country', type: t.string(), nullable: true },
          { name: 'tier', type: t.int(), nullable: true },
          { name: 'updated', type: t.int(), nullable: true },
        ],
      },
    ]);
    expect(plan.actions[1]).toEqual({ action: 'readReference', reference: plan.references[0] });
    expect(STEP_KINDS.lookup.reads?.(latestCustomer(), pipeline)).toEqual([customersJob.output]);
    const role = JSON.stringify(glueJobRole(pipeline, LOCAL_STAGE));
    expect(role).toContain('/processed/customer_versions/*');
    expect(plan.output.columns.slice(-2)).toEqual([
      { name: 'country', type: t.string(), nullable: true },
      { name: 'customer_tier', type: t.int(), nullable: true },
    ]);
    expect(viewSql(plan, 'step_2').spark).toContain(
      'row_number() OVER (PARTITION BY `customer_id` ORDER BY `updated` DESC, `country` ASC, `tier` ASC)',
    );
  });

  it('keeps one row per key, the latest, and never multiplies or drops a row', async () => {
    const { pipeline, job: orders } = pipelineWith([typedOrders, latestCustomer()]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, orders, deps);
    const file = join(dir, 'orders.csv');
    writeFileSync(
      file,
      'order_id,customer_id,amount\nO1,K1,10.00\nO2,K1,5.00\nO3,K2,7.50\nO4,K9,1.00\nO5,,2.00\nO6,K3,abc\n',
    );
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    // K1 in two versions (2 is the latest); K2 twice at the same time (the smaller added values win);
    // K3 once; a row without a key matches nothing.
    await conn.run(`CREATE TABLE ref_customer_versions AS SELECT * FROM (VALUES
      ('K1', 'FR', 1, 1), ('K1', 'DE', 2, 2), ('K2', 'US', 3, 5), ('K2', 'CA', 3, 5), ('K3', 'JP', 1, NULL),
      (NULL, 'XX', 9, 9)) AS t(customer_id, country, tier, updated)`);
    await runPlan(conn, plan, { file, references: {}, rowRules: {} });
    const kept = await rows(conn, `${plan.split.kept.duckdb} ORDER BY order_id`);
    expect(kept.map((r) => [r.order_id, r.country, r.customer_tier])).toEqual([
      ['O1', 'DE', 2],
      ['O2', 'DE', 2],
      ['O3', 'CA', 3],
      ['O4', null, null],
      ['O5', null, null],
    ]);
    // The row standardize rejected is still there, once, with its reason.
    const rejected = await rows(conn, plan.split.rejected.duckdb);
    expect(rejected.map((r) => [r.order_id, r._lakeline_reasons])).toEqual([['O6', 'cast:amount']]);
    const [counts] = await rows(conn, plan.split.counts.duckdb);
    expect([counts!.input_rows, counts!.output_rows, counts!.quarantined_rows].map(Number)).toEqual([
      6, 5, 1,
    ]);
  });
});
