/**
 * Raw partitions read incrementally, on both engines, in one workdir per engine and scenario:
 * - with a high-water mark: the fixture's customers (CSV) and events (JSON lines) in
 *   `ingestion_date=…/` folders, day 1 then day 2;
 * - full extracts (`latestExtract()`): resellers day 1, day 2 (a reseller dropped), days 3 and 4
 *   together (day 3 superseded), then an old extract landing late (recorded, not read).
 * The runner on PySpark and the DuckDB engine must agree on the run summaries (the ingestion part
 * included: partitions read and superseded, rows left out at the mark, the new mark), the
 * ingestion state the state machine writes, the quarantine and the processed rows with the
 * partition column typed DATE.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { findStage, ingestionStateKey, type Pipeline } from '../../core/index.js';
import { DuckDb } from '../../local/engines/index.js';
import { simulate } from '../../local/simulate.js';
import { type SparkEnvironment, sparkEnvironment } from '../../local/spark/environment.js';
import { workdirLayout } from '../../local/world.js';
import { extractPipeline, writeExtracts } from '../fixtures/extract-pipeline.js';
import { incrementalPipeline, writeDay } from '../fixtures/incremental-pipeline.js';
import { duckString } from '../local/engines/duckdb-quoting.js';
import { sparkUnavailable } from './spark-available.js';

const unavailable = sparkUnavailable();

/** Every JSON document (or JSON line) under a folder, recursively, as sorted canonical text. */
function jsonRecords(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const text = readFileSync(join(e.parentPath, e.name), 'utf8');
    for (const line of e.name.endsWith('.json') && text.trimStart().startsWith('{\n')
      ? [text]
      : text.split('\n'))
      if (line.trim() !== '') out.push(JSON.stringify(sortKeys(JSON.parse(line))));
  }
  return out.sort();
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

interface Scenario {
  readonly title: string;
  readonly pipeline: Pipeline;
  /** Lays out the input of each run under `dir`; returns the input folders in run order. */
  readonly inputs: (dir: string) => string[];
  /** The processed datasets compared. */
  readonly datasets: readonly string[];
  /** Text one of the DuckDB summaries holds, so the scenario is known to have exercised its case. */
  readonly summaryHolds: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    title: 'with a high-water mark',
    pipeline: incrementalPipeline(),
    inputs: (dir) =>
      (['2024-01-01', '2024-01-02'] as const).map((day) => {
        writeDay(join(dir, day), day);
        return join(dir, day);
      }),
    datasets: ['bronze_customers', 'bronze_events'],
    summaryHolds: '"alreadyIngestedRows":1',
  },
  {
    title: 'of full extracts',
    pipeline: extractPipeline(),
    inputs: (dir) =>
      ([['2024-01-01'], ['2024-01-02'], ['2024-01-03', '2024-01-04'], ['2023-12-31']] as const).map(
        (days) => {
          writeExtracts(join(dir, days.join('+')), ...days);
          return join(dir, days.join('+'));
        },
      ),
    datasets: ['bronze_resellers'],
    summaryHolds: '"partitionsRead":["2024-01-04"],"partitionsSuperseded":["2024-01-03"]',
  },
];

describe.skipIf(unavailable !== undefined).each(SCENARIOS)(
  `incremental raw partitions $title on DuckDB and Spark${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  ({ pipeline, inputs, datasets, summaryHolds }) => {
    const stage = findStage(pipeline, 'local');
    let environment: SparkEnvironment;
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-incremental-parity-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const bucket = (engine: string) => join(workdirLayout(join(dir, engine)).s3, stage.bucket, pipeline.name);
    const statuses: Record<string, string[]> = { duckdb: [], spark: [] };
    // Run ids differ between the engines: compared without them.
    const withoutRunIds = (text: string) => text.replace(/run-\d{8}T\d{6}-[0-9a-f]{6}/g, '<run>');
    let runs = 0;

    beforeAll(async () => {
      environment = await sparkEnvironment((line) => console.log(line));
      const folders = inputs(join(dir, 'input'));
      runs = folders.length;
      for (const engine of ['duckdb', 'spark'] as const) {
        const workdir = join(dir, engine);
        const tree = join(workdir, 'tree');
        writeTree(tree, synthTree(pipeline, stage));
        for (const input of folders) {
          const result = await simulate({
            tree,
            workdir,
            input,
            warehouse: 'pglite',
            ...(engine === 'spark' ? { spark: { environment, master: 'local[2]' } } : {}),
          });
          statuses[engine]!.push(
            result.run.error === undefined ? result.run.status : JSON.stringify(result.run.error),
          );
        }
      }
    }, 20 * 60_000);

    it('both engines succeed on every run', () => {
      const succeeded = Array.from({ length: runs }, () => 'SUCCEEDED');
      expect(statuses).toEqual({ duckdb: succeeded, spark: succeeded });
    });

    it('the same run summaries, ingestion parts included', () => {
      const summaries = (engine: string) =>
        jsonRecords(join(bucket(engine), 'runs'))
          .map(withoutRunIds)
          .sort();
      const duck = summaries('duckdb');
      expect(duck.some((s) => s.includes(summaryHolds))).toBe(true);
      expect(summaries('spark')).toEqual(duck);
    });

    it('the same ingestion state', () => {
      const state = (engine: string) =>
        withoutRunIds(
          readFileSync(
            join(workdirLayout(join(dir, engine)).s3, stage.bucket, ingestionStateKey(pipeline.name)),
            'utf8',
          ),
        );
      expect(JSON.parse(state('spark'))).toEqual(JSON.parse(state('duckdb')));
    });

    it('the same quarantine records', () => {
      const records = (engine: string) =>
        jsonRecords(join(bucket(engine), 'quarantine'))
          .map(withoutRunIds)
          .sort();
      expect(records('spark')).toEqual(records('duckdb'));
    });

    it('the same processed rows, the partition column a DATE', async () => {
      const db = await DuckDb.open();
      try {
        const read = async (engine: string) => {
          const out: Record<string, unknown> = {};
          for (const dataset of datasets) {
            const source = `read_parquet(${duckString(`${bucket(engine)}/processed/${dataset}/**/*.parquet`)})`;
            const types = await db.all(
              `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source}) ORDER BY 1`,
            );
            const rows = await db.all(`SELECT to_json(t)::VARCHAR AS j FROM ${source} t ORDER BY 1`);
            out[dataset] = { types, rows: rows.map((r) => String(r.j)) };
          }
          return out;
        };
        const duck = await read('duckdb');
        expect(JSON.stringify(duck)).toContain('{"column_name":"ingestion_date","column_type":"DATE"}');
        expect(await read('spark')).toEqual(duck);
      } finally {
        db.close();
      }
    });
  },
);
