/**
 * Incremental ingestion end to end on the DuckDB engine, over two days of partitions in one
 * workdir: day 1 reads day 1; day 2 reads only the day-2 partition and the rows past the mark; a
 * run that fails leaves ingestion_state.json as it was and the next run reads again what the failed
 * one read; a rerun of a day that succeeded reads nothing new and writes the state back unchanged.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { findStage, type IngestionState, ingestionStateKey, type RunSummary } from '../../core/index.js';
import { DuckDb } from '../../local/engines/index.js';
import type { RunRecord } from '../../local/report/run-record.js';
import { type Fault, simulate } from '../../local/simulate.js';
import { workdirLayout } from '../../local/world.js';
import { incrementalPipeline, writeDay } from '../fixtures/incremental-pipeline.js';

const pipeline = incrementalPipeline();
const dir = mkdtempSync(join(tmpdir(), 'lakeline-incremental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workdir = join(dir, 'workdir');
const tree = join(dir, 'tree');
const day1 = join(dir, 'day1');
const day2 = join(dir, 'day2');
const bucket = () => join(workdirLayout(workdir).s3, 'lakeline-local');

const stateText = (): string | undefined => {
  try {
    return readFileSync(join(bucket(), ingestionStateKey(pipeline.name)), 'utf8');
  } catch {
    return undefined;
  }
};
const state = (): IngestionState => JSON.parse(stateText()!) as IngestionState;

interface Run {
  readonly record: RunRecord;
  readonly summaries: Record<string, RunSummary>;
}

async function run(input: string, faults: Fault[] = []): Promise<Run> {
  const result = await simulate({ tree, workdir, input, warehouse: 'pglite', faults });
  const summaries: Record<string, RunSummary> = {};
  for (const job of ['bronze-customers', 'bronze-events']) {
    try {
      const key = `${pipeline.name}/runs/${result.executionName}/${job}.json`;
      summaries[job] = JSON.parse(readFileSync(join(bucket(), key), 'utf8')) as RunSummary;
    } catch {
      // the job did not run
    }
  }
  return { record: result.run, summaries };
}

describe('incremental ingestion with a high-water mark', () => {
  const runs: Record<string, Run> = {};
  const states: Record<string, string | undefined> = {};

  beforeAll(async () => {
    writeDay(day1, '2024-01-01');
    writeDay(day2, '2024-01-02');
    writeTree(tree, synthTree(pipeline, findStage(pipeline, 'local')));
    runs.day1 = await run(day1);
    states.day1 = stateText();
    // Both jobs read day 2 and wrote their output; the run fails before the state is written.
    const fault = { state: 'Read run summary bronze-events', error: 'S3.AccessDeniedException', times: 1 };
    runs.failed = await run(day2, [fault]);
    states.failed = stateText();
    runs.day2 = await run(day2);
    states.day2 = stateText();
    runs.rerun = await run(day2);
    states.rerun = stateText();
  }, 240_000);

  it('day 1 reads the day-1 partition, the malformed records with their partition, and records the mark', () => {
    expect(runs.day1!.record.status).toBe('SUCCEEDED');
    const customers = runs.day1!.summaries['bronze-customers']!;
    expect(customers).toMatchObject({ inputRows: 4, outputRows: 3, quarantinedRows: 1 });
    expect(customers.ingestion).toEqual({
      state: {
        partitions: ['2024-01-01'],
        highWaterMark: '2024-01-01 10:00:00',
        runId: runs.day1!.summaries['bronze-customers']!.runId,
      },
      partitionsRead: ['2024-01-01'],
      partitionsSuperseded: [],
      alreadyIngestedRows: 0,
    });
    expect(runs.day1!.summaries['bronze-events']).toMatchObject({
      inputRows: 3,
      outputRows: 2,
      quarantinedRows: 1,
    });
    expect(JSON.parse(states.day1!)).toEqual({
      customers: customers.ingestion!.state,
      events: { partitions: ['2024-01-01'], highWaterMark: null, runId: customers.runId },
    });
  });

  it('a failed run leaves the state as it was', () => {
    expect(runs.failed!.record.status).toBe('FAILED');
    // Both jobs ran and read day 2; nothing they read was committed.
    for (const job of ['bronze-customers', 'bronze-events'])
      expect(runs.failed!.summaries[job]!.ingestion!.partitionsRead).toEqual(['2024-01-02']);
    expect(states.failed).toBe(states.day1);
  });

  it('the next run reads exactly the partition the failed run did not commit, and only rows past the mark', () => {
    expect(runs.day2!.record.status).toBe('SUCCEEDED');
    const customers = runs.day2!.summaries['bronze-customers']!;
    const failed = runs.failed!.summaries['bronze-customers']!;
    // c1 is re-delivered at the mark: left out, not an input row.
    expect(customers).toMatchObject({ inputRows: 2, outputRows: 2, quarantinedRows: 0, duplicateRows: 0 });
    expect(customers.ingestion).toEqual({
      ...failed.ingestion,
      state: { ...failed.ingestion!.state, runId: customers.runId },
    });
    expect(customers.ingestion).toMatchObject({
      state: { partitions: ['2024-01-01', '2024-01-02'], highWaterMark: '2024-01-02 11:00:00' },
      partitionsRead: ['2024-01-02'],
      alreadyIngestedRows: 1,
    });
    expect(runs.day2!.summaries['bronze-events']).toMatchObject({
      inputRows: 2,
      outputRows: 1,
      quarantinedRows: 1,
    });
    expect(runs.day2!.summaries['bronze-events']!.ingestion!.partitionsRead).toEqual(['2024-01-02']);
    expect(state().events).toEqual({
      partitions: ['2024-01-01', '2024-01-02'],
      highWaterMark: null,
      runId: customers.runId,
    });
  });

  it('writes the partition column into the output as a DATE', async () => {
    const db = await DuckDb.open();
    try {
      const source = `read_parquet('${bucket()}/${pipeline.name}/processed/bronze_customers/*.parquet')`;
      const types = await db.all(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source})`);
      expect(types).toContainEqual({ column_name: 'ingestion_date', column_type: 'DATE' });
      const days = await db.all(
        `SELECT strftime(ingestion_date, '%Y-%m-%d') AS day, count(*)::INTEGER AS n FROM ${source} GROUP BY 1 ORDER BY 1`,
      );
      // Day 1's three customers, then day 2's two past the mark, appended twice: by the run that
      // failed after its job wrote them and by the run that read them again (at least once).
      expect(days).toEqual([
        { day: '2024-01-01', n: 3 },
        { day: '2024-01-02', n: 4 },
      ]);
    } finally {
      db.close();
    }
  });

  it('the raw crawler catalogs ingestion_date as a partition key, one partition per day', () => {
    const db = join(workdirLayout(workdir).catalog, 'bronze_increments_local_raw');
    const table = JSON.parse(readFileSync(join(db, 'tables', 'customers.json'), 'utf8'));
    expect(table.PartitionKeys).toEqual([{ Name: 'ingestion_date', Type: 'string' }]);
    const partitions = JSON.parse(readFileSync(join(db, 'partitions', 'customers.json'), 'utf8'));
    expect(partitions.map((p: { Values: string[] }) => p.Values)).toEqual([['2024-01-01'], ['2024-01-02']]);
  });

  it('a rerun of a day that succeeded reads nothing new and writes the state back unchanged', () => {
    expect(runs.rerun!.record.status).toBe('SUCCEEDED');
    for (const job of ['bronze-customers', 'bronze-events']) {
      expect(runs.rerun!.summaries[job]).toMatchObject({ inputRows: 0, outputRows: 0 });
      expect(runs.rerun!.summaries[job]!.ingestion!.partitionsRead).toEqual([]);
    }
    expect(states.rerun).toBe(states.day2);
  });
});
