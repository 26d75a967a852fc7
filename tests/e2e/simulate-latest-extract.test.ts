/**
 * Full extracts read with `latestExtract()` end to end on the DuckDB engine, in one workdir: day 1
 * is the output; a run that fails leaves ingestion_state.json as it was and the next run reads day
 * 2 again, whose extract replaces the output (a reseller dropped is gone); a rerun reads nothing and
 * leaves the output byte for byte; days 3 and 4 landing together read day 4 only and record both;
 * an old extract landing late is recorded, not read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { findStage, type IngestionState, ingestionStateKey, type RunSummary } from '../../core/index.js';
import { DuckDb } from '../../local/engines/index.js';
import { type Fault, simulate } from '../../local/simulate.js';
import { workdirLayout } from '../../local/world.js';
import { type ExtractDay, extractPipeline, writeExtracts } from '../fixtures/extract-pipeline.js';

const pipeline = extractPipeline();
const dir = mkdtempSync(join(tmpdir(), 'lakeline-latest-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workdir = join(dir, 'workdir');
const tree = join(dir, 'tree');
const bucket = () => join(workdirLayout(workdir).s3, 'lakeline-local');
const processed = () => join(bucket(), pipeline.name, 'processed', 'bronze_resellers');

interface Run {
  readonly status: string;
  readonly summary: RunSummary;
  readonly state: string;
  /** The processed output: each file's name and bytes. */
  readonly output: Record<string, string>;
  /** The output's rows, as `reseller_id region ingestion_date`, sorted. */
  readonly rows: string[];
}

function outputFiles(): Record<string, string> {
  const files = readdirSync(processed(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files.map((e) => [
      join(e.parentPath, e.name),
      readFileSync(join(e.parentPath, e.name)).toString('base64'),
    ]),
  );
}

async function outputRows(db: DuckDb): Promise<string[]> {
  const rows = await db.all(
    `SELECT reseller_id || ' ' || region || ' ' || strftime(ingestion_date, '%Y-%m-%d') AS r FROM read_parquet('${processed()}/*.parquet') ORDER BY 1`,
  );
  return rows.map((r) => String(r.r));
}

async function run(db: DuckDb, days: ExtractDay[], faults: Fault[] = []): Promise<Run> {
  const input = mkdtempSync(join(dir, 'input-'));
  writeExtracts(input, ...days);
  const result = await simulate({ tree, workdir, input, warehouse: 'pglite', faults });
  const key = `${pipeline.name}/runs/${result.executionName}/bronze-resellers.json`;
  return {
    status: result.run.status,
    summary: JSON.parse(readFileSync(join(bucket(), key), 'utf8')) as RunSummary,
    state: readFileSync(join(bucket(), ingestionStateKey(pipeline.name)), 'utf8'),
    output: outputFiles(),
    rows: await outputRows(db),
  };
}

describe('incremental ingestion of full extracts (latestExtract)', () => {
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    writeTree(tree, synthTree(pipeline, findStage(pipeline, 'local')));
    const db = await DuckDb.open();
    try {
      runs.day1 = await run(db, ['2024-01-01']);
      // The job reads day 2 and writes its output; the run fails before the state is written.
      const fault = {
        state: 'Read run summary bronze-resellers',
        error: 'S3.AccessDeniedException',
        times: 1,
      };
      runs.failed = await run(db, ['2024-01-02'], [fault]);
      runs.day2 = await run(db, ['2024-01-02']);
      runs.rerun = await run(db, ['2024-01-02']);
      runs.missed = await run(db, ['2024-01-03', '2024-01-04']);
      runs.late = await run(db, ['2023-12-31']);
    } finally {
      db.close();
    }
  }, 240_000);

  const entry = (r: Run) => (JSON.parse(r.state) as IngestionState).resellers!;

  it("day 1's extract is the output", () => {
    expect(runs.day1!.status).toBe('SUCCEEDED');
    expect(runs.day1!.summary).toMatchObject({ inputRows: 4, outputRows: 3, quarantinedRows: 1 });
    expect(runs.day1!.summary.ingestion).toEqual({
      state: { partitions: ['2024-01-01'], highWaterMark: null, runId: runs.day1!.summary.runId },
      partitionsRead: ['2024-01-01'],
      partitionsSuperseded: [],
      alreadyIngestedRows: 0,
    });
    expect(entry(runs.day1!)).toEqual(runs.day1!.summary.ingestion!.state);
    expect(runs.day1!.rows).toEqual(['r1 north 2024-01-01', 'r2 south 2024-01-01', 'r3 east 2024-01-01']);
  });

  it('a failed run leaves the state as it was', () => {
    expect(runs.failed!.status).toBe('FAILED');
    expect(runs.failed!.summary.ingestion!.partitionsRead).toEqual(['2024-01-02']);
    expect(runs.failed!.state).toBe(runs.day1!.state);
  });

  it("the next run reads day 2 again, and day 2's extract replaces the output: r2 is gone", () => {
    expect(runs.day2!.status).toBe('SUCCEEDED');
    expect(runs.day2!.summary).toMatchObject({ inputRows: 2, outputRows: 2, quarantinedRows: 0 });
    expect(runs.day2!.summary.ingestion).toMatchObject({
      state: { partitions: ['2024-01-01', '2024-01-02'], runId: runs.day2!.summary.runId },
      partitionsRead: ['2024-01-02'],
      partitionsSuperseded: [],
    });
    expect(runs.day2!.rows).toEqual(['r1 north 2024-01-02', 'r3 west 2024-01-02']);
  });

  it('a rerun with nothing new reads nothing and leaves the output and the state as they were', () => {
    expect(runs.rerun!.status).toBe('SUCCEEDED');
    expect(runs.rerun!.summary).toMatchObject({ inputRows: 0, outputRows: 0 });
    expect(runs.rerun!.summary.ingestion).toMatchObject({ partitionsRead: [], partitionsSuperseded: [] });
    expect(runs.rerun!.output).toEqual(runs.day2!.output);
    expect(runs.rerun!.state).toBe(runs.day2!.state);
  });

  it('two new extracts at once: only the newest is read, both are recorded', () => {
    expect(runs.missed!.status).toBe('SUCCEEDED');
    expect(runs.missed!.summary).toMatchObject({ inputRows: 3, outputRows: 3 });
    expect(runs.missed!.summary.ingestion).toMatchObject({
      partitionsRead: ['2024-01-04'],
      partitionsSuperseded: ['2024-01-03'],
    });
    expect(entry(runs.missed!).partitions).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    expect(runs.missed!.rows).toEqual(['r1 north 2024-01-04', 'r4 south 2024-01-04', 'r5 east 2024-01-04']);
  });

  it('an old extract landing late is recorded, not read: the output stays the newest extract', () => {
    expect(runs.late!.status).toBe('SUCCEEDED');
    expect(runs.late!.summary).toMatchObject({ inputRows: 0, outputRows: 0 });
    expect(runs.late!.summary.ingestion).toMatchObject({
      partitionsRead: [],
      partitionsSuperseded: ['2023-12-31'],
    });
    expect(entry(runs.late!)).toEqual({
      partitions: ['2023-12-31', '2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
      highWaterMark: null,
      runId: runs.late!.summary.runId,
    });
    expect(runs.late!.output).toEqual(runs.missed!.output);
  });
});
