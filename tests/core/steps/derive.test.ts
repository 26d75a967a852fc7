/**
 * The derive step: validated against the columns it reads, compiled for both engines, and run
 * on DuckDB through the plan's actions (the tests' stand-in engine), where a value that does not
 * fit the declared type quarantines its row with `cast:<column>`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  column as c,
  columnSpec,
  derive,
  LOCAL_STAGE,
  rawDataset,
  type Step,
  sql,
  standardize,
  t,
} from '../../../core/index.js';
import { jobPlan } from '../../../glue-scripts/index.js';
import { rows, runPlan } from '../../glue-scripts/duckdb-engine.js';
import { deps, viewSql } from '../../glue-scripts/fixtures.js';
import { oneJobPipeline } from './one-job-pipeline.js';

const lines = rawDataset({
  name: 'lines',
  prefix: 'lines/',
  format: 'csv',
  columns: [c('id', t.string(8), { nullable: false }), c('qty', t.int()), c('price', t.decimal(8, 2))],
});

const pipelineWith = (steps: readonly Step[]) => oneJobPipeline(lines, 'lines', steps);

const typed = standardize([columnSpec('id'), columnSpec('qty'), columnSpec('price')]);
const total = derive({
  as: 'line_total',
  type: t.decimal(6, 2),
  expr: sql.binary('*', sql.col('qty'), sql.col('price')),
});

describe('derive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-derive-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an unknown column, an existing name and an aggregate, with the path', () => {
    const bad = derive({ as: 'qty', type: t.int(), expr: sql.call('sum', sql.col('quantity')) });
    expect(() => pipelineWith([typed, bad])).toThrow(
      /steps\[1\] \(derive\) › as: column "qty" already exists[\s\S]*expr: sum\(\) is an aggregate: it reads more than the row[\s\S]*steps\[1\] \(derive\) › expr: unknown column "quantity"/,
    );
  });

  it('compiles to one view per engine and computes, quarantining what does not fit the type', async () => {
    const { pipeline, job: linesJob } = pipelineWith([typed, total]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, linesJob, deps);
    expect(viewSql(plan, 'step_2').spark).toContain(
      'TRY_CAST(`s`.`line_total` AS DECIMAL(6, 2)) AS `line_total`',
    );
    expect(plan.output.columns.at(-1)).toEqual({ name: 'line_total', type: t.decimal(6, 2), nullable: true });
    const file = join(dir, 'lines.csv');
    writeFileSync(file, 'id,qty,price\nL1,2,9.99\nL2,,5.00\nL3,500,99.99\n');
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await runPlan(conn, plan, { file, references: {}, rowRules: {} });
    const kept = await rows(conn, `${plan.split.kept.duckdb} ORDER BY id`);
    expect(kept.map((r) => [r.id, r.line_total])).toEqual([
      ['L1', '19.98'],
      ['L2', null],
    ]);
    const rejected = await rows(conn, plan.split.rejected.duckdb);
    expect(rejected.map((r) => [r.id, r._lakeline_reasons])).toEqual([['L3', 'cast:line_total']]);
  });
});
