/** Runs the flagship through `simulate` in-process, as the CLI does, on generated dirty data. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { findStage, type Pipeline } from '../../core/index.js';
import { DuckDb } from '../../local/engines/index.js';
import { openWarehouseConnection } from '../../local/engines/open-warehouse.js';
import { type Fault, type SimulateResult, simulate } from '../../local/simulate.js';
import { workdirLayout } from '../../local/world.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { type SampleSummary, writeSample } from '../../pipelines/student-enrollment/sample.js';

export interface World {
  readonly dir: string;
  readonly input: string;
  readonly sample: SampleSummary;
}

/** Call while tests are collected: the world's folder is removed when the file's tests end. */
export function makeWorld(rows: number, dirty: number, seed = 11): World {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'input');
  const sample = writeSample({ out: input, rows, seed, dirty });
  return { dir, input, sample };
}

export async function run(
  world: World,
  options: { workdir?: string; warehouse?: string; faults?: Fault[]; pipeline?: Pipeline } = {},
): Promise<SimulateResult & { workdir: string }> {
  const workdir = options.workdir ?? mkdtempSync(join(world.dir, 'workdir-'));
  const tree = join(workdir, 'tree');
  const pipeline = options.pipeline ?? flagship;
  writeTree(tree, synthTree(pipeline, findStage(pipeline, 'local')));
  const result = await simulate({
    tree,
    workdir,
    input: world.input,
    warehouse: options.warehouse ?? 'pglite',
    faults: options.faults ?? [],
  });
  return { ...result, workdir };
}

/** Every email, phone number and SSN written into the raw input, from the columns and the notes. */
export function plantedPii(input: string): string[] {
  const patterns = [
    /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    /\(\d{3}\) \d{3}-\d{4}|\+1-\d{3}-\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b/g,
    /\b\d{3}-\d{2}-\d{4}\b/g,
  ];
  const found = new Set<string>();
  for (const dataset of readdirSync(input)) {
    for (const file of readdirSync(join(input, dataset))) {
      const text = readFileSync(join(input, dataset, file), 'utf8');
      for (const p of patterns) for (const m of text.matchAll(p)) found.add(m[0]);
    }
  }
  return [...found];
}

/** All processed Parquet rows of the run, as JSON text, one string per row. */
export async function processedRows(workdir: string): Promise<string[]> {
  const db = await DuckDb.open();
  try {
    const root = join(workdirLayout(workdir).s3, 'lakeline-local/student-enrollment/processed');
    const out: string[] = [];
    for (const dataset of readdirSync(root)) {
      const rows = await db.all(
        `SELECT to_json(t)::VARCHAR AS j FROM read_parquet('${root}/${dataset}/**/*.parquet', hive_partitioning = true) t`,
      );
      out.push(...rows.map((r) => String(r.j)));
    }
    return out;
  } finally {
    db.close();
  }
}

/** Every quarantine record of the run, as written (JSON lines). */
export function quarantineText(workdir: string): string {
  const root = join(workdirLayout(workdir).s3, 'lakeline-local/student-enrollment/quarantine');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(root);
  return out.join('\n');
}

/** Queries the run's warehouse (PGlite in the workdir, or the server). */
export async function warehouseQuery(
  workdir: string,
  sql: string,
  warehouse = 'pglite',
  role?: string,
): Promise<Record<string, string | null>[]> {
  const conn = await openWarehouseConnection({
    warehouse,
    ...(warehouse === 'pglite' ? { dataDir: workdirLayout(workdir).warehouse } : {}),
  });
  try {
    return await conn.query(sql, [], role === undefined ? {} : { role });
  } finally {
    await conn.close();
  }
}

export const WAREHOUSE_TEXT = `SELECT row_to_json(t)::text AS j FROM edu.student_dim t UNION ALL SELECT row_to_json(t)::text FROM edu.instructor_dim t
   UNION ALL SELECT row_to_json(t)::text FROM edu.course_dim t UNION ALL SELECT row_to_json(t)::text FROM edu.enrollment_fact t`;
