/**
 * Job bookmarks: a bookmarked run reads only the files it has not seen and adds its rows to the
 * processed data; a run that reads every file (bookmark disabled or reset) replaces the processed
 * data instead of adding a second copy.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../core/index.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { duckString } from '../engines/duckdb-quoting.js';
import { type GlueWorld, glueWorld, JOBS } from './glue-world.js';

let world: GlueWorld;
const JOB = 'enrollments' as const;

beforeAll(async () => {
  world = await glueWorld({ rows: 200, dirty: 0.1, seed: 11 });
  for (const job of JOBS) {
    const run = await world.run(job, { '--run_id': 'r1' });
    if (run.JobRunState !== 'SUCCEEDED') throw new Error(`${job}: ${run.ErrorMessage}`);
  }
});
afterAll(() => world?.close());

const summary = (runId: string): RunSummary =>
  JSON.parse(
    readFileSync(world.path(world.plans[JOB].runSummary.uri.replace('{run_id}', runId)), 'utf8'),
  ) as RunSummary;

/** The processed files with their modification times. */
function processedFiles(): Record<string, number> {
  const root = world.path(world.plans[JOB].output.path);
  const out: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(root, p)] = statSync(p).mtimeMs;
    }
  };
  walk(root);
  return out;
}

async function processedRows(): Promise<number> {
  const glob = join(world.path(world.plans[JOB].output.path), '**', '*.parquet');
  const [row] = await world.query(`SELECT count(*) AS n FROM read_parquet(${duckString(glob)})`);
  return Number(row!.n);
}

/** A new raw file: three valid enrollments and one line with too few fields. */
function addRawFile(name: string, ids: readonly string[]): void {
  const header = world.plans[JOB].input.columns.map((c) => c.name).join(',');
  const lines = ids.map(
    (id) => `${id},S000001,C0001,I0001,2024-01-15,2024-SPRING,80.00,90.00,active,,2024-02-01T10:00:00`,
  );
  const { bucket, key } = parseS3Uri(world.plans[JOB].input.path);
  world.s3.put(bucket, `${key}${name}`, `${header}\n${lines.join('\n')}\nE99999999,S000001,C0001\n`);
}

describe('job bookmarks', () => {
  const first = () => summary('r1');

  it('commit what a successful run read', () => {
    const { JobBookmarkEntry } = world.jobs.getJobBookmark({ JobName: world.configs[JOB].Name });
    expect(JobBookmarkEntry).toMatchObject({ JobName: world.configs[JOB].Name, Run: 1, Version: 1 });
    expect(Object.keys(JSON.parse(JobBookmarkEntry.JobBookmark))).toEqual([
      world.plans[JOB].input.transformationCtx,
    ]);
  });

  it('hand a rerun on unchanged input nothing: 0 rows, success, processed data as it was', async () => {
    const before = processedFiles();
    const rows = await processedRows();
    const run = await world.run(JOB, { '--run_id': 'r2' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(summary('r2')).toMatchObject({
      status: 'SUCCEEDED',
      inputRows: 0,
      outputRows: 0,
      quarantinedRows: 0,
      duplicateRows: 0,
      quality: { ruleset: 'enrollments', score: null, rules: [] },
    });
    expect(processedFiles()).toEqual(before);
    expect(await processedRows()).toBe(rows);
  });

  it('process only a file added to the raw prefix, adding its rows to the earlier ones', async () => {
    const before = processedFiles();
    const rows = await processedRows();
    addRawFile('late/more.csv', ['E90000001', 'E90000002', 'E90000003']);
    const run = await world.run(JOB, { '--run_id': 'r3' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(summary('r3')).toMatchObject({
      inputRows: 4,
      outputRows: 3,
      quarantinedRows: 1,
      duplicateRows: 0,
    });
    expect(await processedRows()).toBe(rows + 3);
    const after = processedFiles();
    for (const [file, mtime] of Object.entries(before)) expect(after[file]).toBe(mtime);
  });

  it('read a file again once it has changed', async () => {
    const rows = await processedRows();
    addRawFile('late/more.csv', ['E90000004']);
    const run = await world.run(JOB, { '--run_id': 'r4' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(summary('r4')).toMatchObject({ inputRows: 2, outputRows: 1, quarantinedRows: 1 });
    expect(await processedRows()).toBe(rows + 1);
  });

  it('with bookmarks disabled, read every file and replace the processed data: no second copy', async () => {
    const bookmark = world.jobs.getJobBookmark({ JobName: world.configs[JOB].Name }).JobBookmarkEntry;
    const run = await world.run(JOB, { '--run_id': 'r5', '--job-bookmark-option': 'job-bookmark-disable' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    const s = summary('r5');
    expect(s.inputRows).toBe(first().inputRows + 2);
    expect(s.outputRows).toBe(first().outputRows + 1);
    expect(await processedRows()).toBe(s.outputRows);
    // A disabled bookmark is neither read nor advanced.
    expect(world.jobs.getJobBookmark({ JobName: world.configs[JOB].Name }).JobBookmarkEntry).toEqual(
      bookmark,
    );
  });

  it('after a reset, read every file again and replace the processed data', async () => {
    world.jobs.resetJobBookmark({ JobName: world.configs[JOB].Name });
    const run = await world.run(JOB, { '--run_id': 'r6' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(summary('r6')).toMatchObject({
      inputRows: summary('r5').inputRows,
      outputRows: summary('r5').outputRows,
    });
    expect(await processedRows()).toBe(summary('r6').outputRows);
    const again = await world.run(JOB, { '--run_id': 'r7' });
    expect(again.JobRunState).toBe('SUCCEEDED');
    expect(summary('r7').inputRows).toBe(0);
  });

  it('keep bookmarks on disk under the workdir glue folder', () => {
    const dir = join(world.dir, 'glue', 'bookmarks');
    const files = readdirSync(dir);
    expect(files).toContain(`${encodeURIComponent(world.configs[JOB].Name)}.json`);
    const stored = JSON.parse(readFileSync(join(dir, files.find((f) => f.includes('enrollments'))!), 'utf8'));
    const seen = Object.keys(stored.JobBookmark[world.plans[JOB].input.transformationCtx].files);
    expect(seen.sort()).toEqual([
      `${world.plans[JOB].input.path}enrollments.csv`,
      `${world.plans[JOB].input.path}late/more.csv`,
    ]);
  });

  it('pause: read what the bookmark has not seen without advancing it', async () => {
    addRawFile('later.csv', ['E90000005']);
    const name = world.configs[JOB].Name;
    const bookmark = world.jobs.getJobBookmark({ JobName: name }).JobBookmarkEntry;
    const run = await world.run(JOB, { '--run_id': 'r8', '--job-bookmark-option': 'job-bookmark-pause' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(summary('r8')).toMatchObject({ inputRows: 2, outputRows: 1 });
    expect(world.jobs.getJobBookmark({ JobName: name }).JobBookmarkEntry).toEqual(bookmark);
  });
});
