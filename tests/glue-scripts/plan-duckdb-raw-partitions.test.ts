/**
 * Plans over raw CSV and JSON landing in `ingestion_date=…/` folders, on DuckDB with the test
 * playing the engine's part (duckdb-engine.ts): the partition column comes from the folder names,
 * typed DATE as declared, after the file columns; the plan compiles it as such and the kept rows
 * carry it. The local engine reads them the same way (tests/e2e/simulate-incremental.test.ts), the
 * runner on Spark too (tests/parity/incremental-parity.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { job, latestExtract, t } from '../../core/index.js';
import { jobPlan } from '../../glue-scripts/index.js';
import { validatePlan } from '../../glue-scripts/schemas/index.js';
import { customersJob, eventsJob, incrementalPipeline, writeDay } from '../fixtures/incremental-pipeline.js';
import { rows, runPlan } from './duckdb-engine.js';
import { deps, LOCAL_STAGE } from './fixtures.js';

const pipeline = incrementalPipeline();
const dir = mkdtempSync(join(tmpdir(), 'lakeline-raw-partitions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeDay(dir, '2024-01-01');
writeDay(dir, '2024-01-02');

describe('raw partitions in a plan', () => {
  let conn: DuckDBConnection;
  beforeEach(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterEach(() => conn.closeSync());

  it('the plan reads the partition column last, typed as declared, and says how it reads incrementally', () => {
    const plan = jobPlan(pipeline, LOCAL_STAGE, customersJob, deps);
    expect(plan.input.partitionBy).toEqual(['ingestion_date']);
    expect(plan.input.columns.at(-1)).toEqual({
      name: 'ingestion_date',
      type: t.date(),
      declaredType: t.date(),
    });
    expect(plan.input.columns[0]!.type).toEqual(t.string());
    expect(plan.input.incremental).toEqual({
      mode: 'new-partitions',
      argument: '--lakeline_ingestion_state',
      column: 'updated_at',
      markType: t.timestamp(),
    });
    expect(jobPlan(pipeline, LOCAL_STAGE, eventsJob, deps).input.incremental).toMatchObject({ column: null });
  });

  it('a latest-extract read has no mark column and needs partitions', () => {
    const extract = job({ ...customersJob, incremental: latestExtract() });
    const plan = jobPlan({ ...pipeline, jobs: [extract, eventsJob] }, LOCAL_STAGE, extract, deps);
    expect(plan.input.incremental).toEqual({
      mode: 'latest-extract',
      argument: '--lakeline_ingestion_state',
      column: null,
      markType: null,
    });
    expect(validatePlan(plan)).toEqual([]);
    expect(validatePlan({ ...plan, input: { ...plan.input, partitionBy: [] } })).toEqual([
      '/input/incremental/mode: a latest-extract read needs partitions, each one extract',
    ]);
    const marked = { ...plan.input.incremental!, column: 'updated_at' };
    expect(validatePlan({ ...plan, input: { ...plan.input, incremental: marked } })).not.toEqual([]);
  });

  it.each([
    ['CSV', customersJob, 'customers', 'customer_id', 6],
    ['JSON lines', eventsJob, 'events', 'event_id', 3],
  ] as const)('%s: kept rows carry the DATE of their folder', async (_, job, folder, key, kept) => {
    const plan = jobPlan(pipeline, LOCAL_STAGE, job, deps);
    await runPlan(conn, plan, {
      file: join(dir, folder),
      references: {},
      rowRules: { 'IsComplete "customer_id"': `"customer_id" IS NOT NULL` },
    });
    const out = await rows(
      conn,
      `SELECT typeof(ingestion_date) AS type, strftime(ingestion_date, '%Y-%m-%d') AS day, count(*)::INTEGER AS n FROM (${plan.split.kept.duckdb}) GROUP BY ALL ORDER BY day`,
    );
    expect(out.every((r) => r.type === 'DATE')).toBe(true);
    expect(out.reduce((sum, r) => sum + Number(r.n), 0)).toBe(kept);
    expect(out.map((r) => r.day)).toEqual(['2024-01-01', '2024-01-02']);
    const [malformed] = await rows(
      conn,
      `SELECT count(*)::INTEGER AS n FROM input WHERE "_lakeline_raw" IS NOT NULL AND ingestion_date IS NOT NULL`,
    );
    expect({ key, malformed: Number(malformed!.n) > 0 }).toEqual({ key, malformed: folder === 'events' });
  });
});
