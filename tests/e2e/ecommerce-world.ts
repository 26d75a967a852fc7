/**
 * The ecommerce-lakehouse pipeline run day after day into one workdir, in-process as the CLI runs
 * it: the days written by its sample generator, the local stage's tree synthesized once, and per
 * run the record, each job's run summary, the ingestion state and the warehouse's silver and gold
 * tables as they are after it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import {
  findStage,
  type IngestionState,
  ingestionStateKey,
  type RunSummary,
  tableSchema,
  warehouseTablesOf,
} from '../../core/index.js';
import { DuckDb } from '../../local/engines/index.js';
import type { RunRecord } from '../../local/report/run-record.js';
import { type Fault, simulate } from '../../local/simulate.js';
import type { SparkSubmit } from '../../local/spark/submit.js';
import { workdirLayout } from '../../local/world.js';
import pipeline from '../../pipelines/ecommerce-lakehouse/pipeline.js';
import { writeSample } from '../../pipelines/ecommerce-lakehouse/sample.js';
import { warehouseQuery } from './simulate-world.js';

export { pipeline };

/** Every table of the warehouse, schema-qualified (`silver.dim_customers`, …, `gold.mart_rfm`). */
export const TABLES = warehouseTablesOf(pipeline.warehouse!).map(
  (t) => `${tableSchema(pipeline.warehouse!, t)}.${t.name}`,
);

export interface Shop {
  readonly dir: string;
  readonly tree: string;
  /** Day N's input folder, as `lakeline sample ecommerce-lakehouse --day N` writes it. */
  readonly day: (n: number) => string;
}

export interface Run {
  readonly record: RunRecord;
  readonly executionName: string;
  /** Per job, the summary it wrote; a job that did not run has none. */
  readonly summaries: Record<string, RunSummary>;
  readonly state: IngestionState | undefined;
  /** Per table (`silver.dim_customers`), its rows as JSON text, sorted. */
  readonly tables: Record<string, string[]>;
}

/** Call while tests are collected: the folder is removed when the file's tests end. */
export function makeShop(days: number, rows: number, seed = 3): Shop {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-shop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const day = (n: number) => join(dir, `day${n}`);
  for (let n = 1; n <= days; n++) writeSample({ out: day(n), day: n, rows, seed });
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeTree(tree, synthTree(pipeline, findStage(pipeline, 'local')));
  return { dir, tree, day };
}

export const bucketOf = (workdir: string): string => join(workdirLayout(workdir).s3, 'lakeline-local');

export async function tableRows(workdir: string, warehouse: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await warehouseQuery(workdir, `SELECT row_to_json(t)::text AS j FROM ${table} t`, warehouse);
    out[table] = rows.map((r) => String(r.j)).sort();
  }
  return out;
}

export async function runDay(
  shop: Shop,
  options: { workdir: string; input: string; warehouse: string; faults?: Fault[]; spark?: SparkSubmit },
): Promise<Run> {
  const result = await simulate({
    tree: shop.tree,
    workdir: options.workdir,
    input: options.input,
    warehouse: options.warehouse,
    faults: options.faults ?? [],
    ...(options.spark === undefined ? {} : { spark: options.spark }),
  });
  const bucket = bucketOf(options.workdir);
  const summaries: Record<string, RunSummary> = {};
  for (const job of pipeline.jobs) {
    try {
      const key = `${pipeline.name}/runs/${result.executionName}/${job.name}.json`;
      summaries[job.name] = JSON.parse(readFileSync(join(bucket, key), 'utf8')) as RunSummary;
    } catch {
      // the job did not run
    }
  }
  let state: IngestionState | undefined;
  try {
    state = JSON.parse(
      readFileSync(join(bucket, ingestionStateKey(pipeline.name)), 'utf8'),
    ) as IngestionState;
  } catch {
    state = undefined;
  }
  return {
    record: result.run,
    executionName: result.executionName,
    summaries,
    state,
    tables: await tableRows(options.workdir, options.warehouse),
  };
}

/** Rows of a query over the run's processed Parquet (`processed/<dataset>/`) on DuckDB. */
export async function lakeQuery(
  workdir: string,
  query: (dataset: (name: string) => string) => string,
): Promise<Record<string, unknown>[]> {
  const root = join(bucketOf(workdir), pipeline.name, 'processed');
  const db = await DuckDb.open();
  try {
    return await db.all(
      query(
        (name) =>
          `read_parquet('${join(root, name)}/**/*.parquet', hive_partitioning = true, union_by_name = true)`,
      ),
    );
  } finally {
    db.close();
  }
}

/** The rows of a day's raw file of a dataset, every value as text; malformed lines are skipped. */
export async function rawRows(input: string, dataset: string): Promise<Record<string, string | null>[]> {
  const folder = join(input, dataset);
  const [partition] = readdirSync(folder);
  const dir = join(folder, partition!);
  const [file] = readdirSync(dir);
  const path = join(dir, file!);
  if (file!.endsWith('.json')) {
    return readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const row = JSON.parse(line) as Record<string, unknown>;
          return [
            Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])),
          ];
        } catch {
          return [];
        }
      });
  }
  const db = await DuckDb.open();
  try {
    return (await db.all(
      `SELECT * FROM read_csv('${path}', all_varchar = true, header = true, ignore_errors = true)`,
    )) as Record<string, string | null>[];
  } finally {
    db.close();
  }
}
