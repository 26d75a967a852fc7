/**
 * standardize's `remove`: what the pattern matches is taken out of the trimmed text before casing
 * and casting, on the plan's DuckDB SQL (the Spark SQL is the same regexp_replace, held to DuckDB
 * by engine parity); a value left empty is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { column as c, columnSpec, LOCAL_STAGE, rawDataset, standardize, t } from '../../../core/index.js';
import { jobPlan } from '../../../glue-scripts/index.js';
import { rows, runPlan } from '../../glue-scripts/duckdb-engine.js';
import { deps, viewSql } from '../../glue-scripts/fixtures.js';
import { oneJobPipeline } from './one-job-pipeline.js';

const contacts = rawDataset({
  name: 'contacts',
  prefix: 'contacts/',
  format: 'csv',
  columns: [c('id', t.string(8), { nullable: false }), c('phone', t.string(20)), c('code', t.int())],
});

describe('standardize remove', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-standardize-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes what the pattern matches before casting, and an emptied value is missing', async () => {
    const { pipeline, job } = oneJobPipeline(contacts, 'contacts', [
      standardize([
        columnSpec('id'),
        columnSpec('phone', { remove: '[^0-9+]' }),
        columnSpec('code', { remove: '[^0-9]' }),
      ]),
    ]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, job, deps);
    expect(viewSql(plan, 'step_1').spark).toContain("regexp_replace(trim(`phone`), '[^0-9+]', '')");
    const file = join(dir, 'contacts.csv');
    writeFileSync(
      file,
      ['id,phone,code', 'a, +33 4 32 49 46 15 ,#12', 'b,(555) 010-4477,7 7', 'c, - ,x'].join('\n'),
    );
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await runPlan(conn, plan, { file, references: {}, rowRules: {} });
    expect(await rows(conn, `${plan.split.kept.duckdb} ORDER BY id`)).toEqual([
      { id: 'a', phone: '+33432494615', code: 12 },
      { id: 'b', phone: '5550104477', code: 77 },
      { id: 'c', phone: null, code: null },
    ]);
  });
});
