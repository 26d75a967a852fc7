/**
 * Jobs over partitioned processed data, end to end on the DuckDB engine: a gold job reads the
 * enrollments output (in `term=…/` folders) with the term from the folder names, writes its rows in
 * `enrollment_date=…/` folders, and a job over those reads the date back as a DATE. The first gold
 * job's plan is given a CSV copy of its output, which PostgreSQL's COPY reads back to the rows of
 * its Parquet output.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { definePipeline, findStage } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import { DuckDb } from '../../local/engines/index.js';
import type { RunRecord } from '../../local/report/run-record.js';
import { simulate } from '../../local/simulate.js';
import { workdirLayout } from '../../local/world.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { csvFiles, csvRowsInPostgres, parquetRows } from '../fixtures/csv-export-readback.js';
import { dailyEnrollmentsJob, enrollmentDaysJob, withExport } from '../fixtures/enrollment-gold-jobs.js';
import { makeWorld } from './simulate-world.js';

const world = makeWorld(150, 0.1);
const enrollments = flagship.jobs.find((j) => j.name === 'enrollments')!;
const days = enrollmentDaysJob(enrollments.output);
const pipeline = definePipeline({
  ...flagship,
  tasks: [...flagship.tasks, days, dailyEnrollmentsJob(days.output)],
});

describe('jobs reading partitioned processed data', () => {
  let record: RunRecord;
  let processed: string;
  let exports: string;
  let plan: JobPlan;

  beforeAll(async () => {
    const workdir = join(world.dir, 'workdir');
    const tree = join(workdir, 'tree');
    const artifacts = withExport(synthTree(pipeline, findStage(pipeline, 'local')), 'enrollment-days');
    plan = JSON.parse(artifacts.find((a) => a.path.endsWith('glue/plans/enrollment-days.json'))!.content);
    writeTree(tree, artifacts);
    record = (await simulate({ tree, workdir, input: world.input, warehouse: 'pglite' })).run;
    const bucket = join(workdirLayout(workdir).s3, 'lakeline-local', 'student-enrollment');
    processed = join(bucket, 'processed');
    exports = join(bucket, 'exports');
  }, 180_000);

  it('reads every enrollment written, each with the term of its folder', async () => {
    expect(record.status).toBe('SUCCEEDED');
    expect(record.datasets.enrollment_days!.inputRows).toBe(record.datasets.enrollments!.outputRows);
    expect(record.datasets.enrollment_days!.quarantinedRows).toBe(0);
    const db = await DuckDb.open();
    try {
      const terms = async (dataset: string, hive: string) =>
        db.all(
          `SELECT term, count(*) AS n FROM read_parquet('${processed}/${dataset}/**/*.parquet', ${hive}) GROUP BY ALL ORDER BY ALL`,
        );
      // The enrollments' terms as their folders say, and as the gold job wrote them into its files.
      expect(await terms('enrollment_days', 'hive_partitioning = false')).toEqual(
        await terms('enrollments', 'hive_partitioning = true, hive_types_autocast = false'),
      );
    } finally {
      db.close();
    }
  });

  it('writes a date partition that the next job reads back as a DATE', async () => {
    const folders = readdirSync(join(processed, 'enrollment_days'));
    expect(folders.length).toBeGreaterThan(1);
    for (const f of folders) expect(f).toMatch(/^enrollment_date=\d{4}-\d{2}-\d{2}$/);
    const daily = record.datasets.daily_enrollments!;
    expect(daily.inputRows).toBe(record.datasets.enrollment_days!.outputRows);
    const db = await DuckDb.open();
    try {
      const source = `read_parquet('${processed}/daily_enrollments/*.parquet')`;
      const types = await db.all(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source})`);
      expect(types).toContainEqual({ column_name: 'enrollment_date', column_type: 'DATE' });
      const [sums] = await db.all(
        `SELECT sum(enrollments)::INTEGER AS n, count(DISTINCT enrollment_date)::INTEGER AS dates FROM ${source}`,
      );
      expect(sums).toEqual({ n: daily.inputRows, dates: folders.length });
    } finally {
      db.close();
    }
  });

  it("writes a CSV copy of the output that PostgreSQL's COPY reads back to the Parquet rows", async () => {
    const folder = join(exports, 'enrollment_days');
    const files = csvFiles(folder);
    expect(files.length).toBe(1);
    expect(readdirSync(folder).every((f) => f.endsWith('.csv'))).toBe(true);
    const columns = plan.output.columns;
    const fromCsv = await csvRowsInPostgres(files, columns, plan.output.export!.columns);
    expect(fromCsv.length).toBe(record.datasets.enrollment_days!.outputRows);
    expect(fromCsv).toEqual(await parquetRows(join(processed, 'enrollment_days'), columns));
  });
});
