/**
 * The flagship's four synthesized jobs run on the local engine over dirty sample data: every row
 * accounted for as the sample generator planted it, each planted defect quarantined with its
 * reason, personal data nowhere in what the jobs wrote, and the files Glue would write.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../core/index.js';
import { PII_PATTERNS } from '../../../glue-scripts/index.js';
import type { JobRun } from '../../../local/glue/jobs-types.js';
import type { QualityResults } from '../../../local/glue/plan-summary.js';
import { duckString } from '../engines/duckdb-quoting.js';
import { type GlueWorld, glueWorld, JOBS, type JobKey } from './glue-world.js';

const RUN_ID = 'exec-flagship';

let world: GlueWorld;
const runs = {} as Record<JobKey, JobRun>;

beforeAll(async () => {
  world = await glueWorld({ rows: 400, dirty: 0.1 });
  // The referenced datasets first, as the state machine orders them.
  for (const job of JOBS) runs[job] = await world.run(job, { '--run_id': RUN_ID });
});
afterAll(() => world?.close());

const summaryOf = (job: JobKey): RunSummary => {
  const uri = world.plans[job].runSummary.uri.replace('{run_id}', RUN_ID);
  return JSON.parse(readFileSync(world.path(uri), 'utf8')) as RunSummary;
};
const quarantineGlob = (job: JobKey) =>
  join(world.path(world.plans[job].quarantine.path.replace('{run_id}', RUN_ID)), '*.json');
const processedGlob = (job: JobKey) => join(world.path(world.plans[job].output.path), '**', '*.parquet');

interface QuarantineRecord {
  job: string;
  runId: string;
  row: Record<string, unknown>;
  source: Record<string, unknown> | null;
  reasons: string[];
  /** NULL for a row that failed no row rule (the outcomes view has no entry for it). */
  failedRules: string[] | null;
  raw: string | null;
}
const quarantined = async (job: JobKey): Promise<QuarantineRecord[]> =>
  (await world.query(
    `SELECT * FROM read_json(${duckString(quarantineGlob(job))}, format = 'newline_delimited')`,
  )) as unknown as QuarantineRecord[];

describe('the flagship jobs on the local engine', () => {
  it.each(JOBS)('runs %s to SUCCEEDED', (job) => {
    expect(runs[job]).toMatchObject({ JobRunState: 'SUCCEEDED', JobName: world.configs[job].Name });
    expect(runs[job].ErrorMessage).toBeUndefined();
    expect(runs[job].CompletedOn!.getTime()).toBeGreaterThanOrEqual(runs[job].StartedOn.getTime());
  });

  it.each(JOBS)('accounts for every %s row exactly as the sample planted them', (job) => {
    const s = summaryOf(job);
    const expected = world.sample.expected[job];
    expect({
      inputRows: s.inputRows,
      outputRows: s.outputRows,
      quarantinedRows: s.quarantinedRows,
      duplicateRows: s.duplicateRows,
    }).toEqual(expected);
    expect(s.inputRows).toBe(s.outputRows + s.quarantinedRows + s.duplicateRows);
  });

  it('planted every kind of enrollment defect (the tests below rely on it)', () => {
    for (const count of Object.values(world.sample.defects.enrollments)) expect(count).toBeGreaterThan(0);
  });

  it.each(JOBS)('writes as many %s rows as it says, and as many quarantine records', async (job) => {
    const s = summaryOf(job);
    const [processed] = await world.query(
      `SELECT count(*) AS n FROM read_parquet(${duckString(processedGlob(job))})`,
    );
    expect(Number(processed!.n)).toBe(s.outputRows);
    expect(await quarantined(job)).toHaveLength(s.quarantinedRows);
  });

  it('quarantines each planted enrollment defect with its reason', async () => {
    const records = await quarantined('enrollments');
    const d = world.sample.defects.enrollments;
    const rules = world.plans.enrollments.quality;
    if (rules === null) throw new Error('the enrollments plan has no quality evaluation');
    const [complete, marks, attendance] = rules.rowRules;
    const withReasons = (...reasons: string[]) =>
      records.filter((r) => r.reasons.join(';') === reasons.join(';'));
    const failing = (rule: string | undefined) =>
      records.filter((r) => (r.failedRules ?? []).includes(rule!));
    expect(withReasons('malformed')).toHaveLength(d.wrong_column_count + d.unbalanced_quote);
    expect(withReasons('cast:enrollment_date')).toHaveLength(d.unparseable_date);
    expect(withReasons('cast:marks')).toHaveLength(d.unparseable_number);
    expect(withReasons('orphan:student_id')).toHaveLength(d.orphan_student);
    expect(withReasons('dq:enrollments')).toHaveLength(
      d.missing_enrollment_date + d.marks_out_of_range + d.attendance_out_of_range,
    );
    expect(failing(complete)).toHaveLength(d.missing_enrollment_date);
    expect(failing(marks)).toHaveLength(d.marks_out_of_range);
    expect(failing(attendance)).toHaveLength(d.attendance_out_of_range);
    expect(summaryOf('enrollments').duplicateRows).toBe(d.duplicate_older_version);
  });

  it('keeps the text of malformed lines, and the input values that explain a cast failure', async () => {
    const records = await quarantined('enrollments');
    const malformed = records.filter((r) => r.reasons.includes('malformed'));
    const raw = readFileSync(join(world.dir, 'input/enrollments/enrollments.csv'), 'utf8').split('\n');
    for (const r of malformed) {
      expect(raw).toContain(r.raw);
      expect(r.row.enrollment_id).toBeNull();
    }
    // A line with a quote that never closes is malformed alone: the lines after it are read.
    expect(malformed.filter((r) => /,"[^"]*$/.test(r.raw!))).toHaveLength(
      world.sample.defects.enrollments.unbalanced_quote,
    );
    for (const r of records.filter((x) => x.reasons.includes('cast:marks'))) {
      expect(r.row.marks).toBeNull();
      expect(r.source!.marks).toMatch(/^(eighty|N\/A%|7O\.5|--)$/);
      expect(r.raw).toBeNull();
    }
  });

  it('quarantines instructors whose rating is out of range, naming the rule', async () => {
    const records = await quarantined('instructors');
    expect(records).toHaveLength(world.sample.defects.instructors.rating_out_of_range);
    for (const r of records) {
      expect(r.reasons).toEqual(['dq:instructors']);
      expect(r.failedRules).toEqual(['(ColumnValues "rating" >= 0) and (ColumnValues "rating" <= 5)']);
      expect(Number(r.row.rating)).toBeGreaterThan(5);
    }
  });

  it('lets no email, phone number or SSN of the input into processed data or quarantine', async () => {
    const secrets = new Set<string>();
    const patterns = [PII_PATTERNS.EMAIL, PII_PATTERNS.PHONE_NUMBER, PII_PATTERNS.USA_SSN].map(
      (p) => new RegExp(p, 'g'),
    );
    for (const dataset of ['students', 'instructors', 'enrollments']) {
      const text = readFileSync(join(world.dir, `input/${dataset}/${dataset}.csv`), 'utf8');
      for (const p of patterns) for (const m of text.matchAll(p)) secrets.add(m[0]);
    }
    expect(secrets.size).toBeGreaterThan(100);
    const written: string[] = [];
    for (const job of JOBS) {
      const rows = await world.query(`SELECT * FROM read_parquet(${duckString(processedGlob(job))})`);
      written.push(JSON.stringify(rows));
      const dir = world.path(world.plans[job].quarantine.path.replace('{run_id}', RUN_ID));
      for (const f of readdirSync(dir)) written.push(readFileSync(join(dir, f), 'utf8'));
    }
    const all = written.join('\n');
    const leaked = [...secrets].filter((v) => all.includes(v));
    expect(leaked).toEqual([]);
  });

  it('writes Snappy Parquet in Hive partition folders, one per term', async () => {
    const folder = world.path(world.plans.enrollments.output.path);
    const terms = readdirSync(folder).sort();
    expect(terms.length).toBeGreaterThan(1);
    for (const t of terms) expect(t).toMatch(/^term=\d{4}-(SPRING|FALL)$/);
    const codecs = await world.query(
      `SELECT DISTINCT compression FROM parquet_metadata(${duckString(processedGlob('enrollments'))})`,
    );
    expect(codecs).toEqual([{ compression: 'SNAPPY' }]);
    // The partition value lives in the folder name only, as Spark writes it.
    const schema = await world.query(
      `SELECT name FROM parquet_schema(${duckString(join(folder, terms[0]!, '*.parquet'))}) WHERE name = 'term'`,
    );
    expect(schema).toEqual([]);
    const byFolder = await world.query(
      `SELECT count(*) AS n FROM read_parquet(${duckString(processedGlob('enrollments'))}, hive_partitioning = true) WHERE term NOT SIMILAR TO '\\d{4}-(SPRING|FALL)'`,
    );
    expect(Number(byFolder[0]!.n)).toBe(0);
  });

  it('writes the run summary the state machine reads, at the plan key with the run id', () => {
    const s = summaryOf('enrollments');
    expect(s).toMatchObject({
      job: 'enrollments',
      dataset: 'enrollments',
      runId: RUN_ID,
      status: 'SUCCEEDED',
    });
    expect(Object.keys(s.piiFindings).sort()).toEqual(['CREDIT_CARD', 'EMAIL', 'PHONE_NUMBER', 'USA_SSN']);
    expect(s.piiFindings.EMAIL).toBeGreaterThan(0);
    expect(s.quality!.ruleset).toBe('enrollments');
    expect(s.quality!.score).toBe(
      s.quality!.rules.filter((r) => r.result === 'PASS').length / s.quality!.rules.length,
    );
    const run = runs.enrollments;
    expect(world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })).toEqual(s);
  });

  it('writes the DQ results document: row rules, then dataset rules, with the row-level counts', () => {
    const plan = world.plans.enrollments;
    const quality = plan.quality;
    if (quality === null) throw new Error('the enrollments plan has no quality evaluation');
    const uri = plan.qualityResults!.path.replace('{run_id}', RUN_ID);
    const results = JSON.parse(readFileSync(world.path(uri), 'utf8')) as QualityResults;
    expect(Object.keys(results).sort()).toEqual(
      ['dataset', 'dqdlPath', 'job', 'rowLevel', 'rules', 'ruleset', 'runId', 'score'].sort(),
    );
    expect(results.rules.map((r) => r.rule)).toEqual([...quality.rowRules, ...quality.datasetRules]);
    for (const r of results.rules) {
      expect(['PASS', 'FAIL', 'ERROR']).toContain(r.result);
      expect(typeof r.message).toBe('string');
      for (const v of Object.values(r.metrics)) expect(typeof v).toBe('number');
    }
    const d = world.sample.defects.enrollments;
    expect(results.rowLevel!.failed).toBe(
      d.missing_enrollment_date + d.marks_out_of_range + d.attendance_out_of_range,
    );
    // The gate rules all pass on this data; the row rules that found bad rows fail.
    expect(results.rules.filter((r) => quality.gate.includes(r.rule)).map((r) => r.result)).toEqual(
      quality.gate.map(() => 'PASS'),
    );
    expect(results.rules.find((r) => r.rule === quality.rowRules[0])!.result).toBe('FAIL');
  });

  it('keeps what Glue Data Quality publishes for the run, per evaluation context', () => {
    const run = runs.enrollments;
    const published = world.jobs.dataQualityResults({ JobName: run.JobName, RunId: run.Id });
    expect(published.map((p) => p.EvaluationContext)).toEqual([
      'student-enrollment-local-enrollments-rows',
      'student-enrollment-local-enrollments-dataset',
    ]);
    const [rows, dataset] = published;
    expect(rows!.RuleResults.map((r) => r.Name)).toEqual(['Rule_1', 'Rule_2', 'Rule_3', 'Rule_4']);
    expect(rows!.AggregatedMetrics.TotalRowsFailed).toBe(
      world.sample.defects.enrollments.missing_enrollment_date +
        world.sample.defects.enrollments.marks_out_of_range +
        world.sample.defects.enrollments.attendance_out_of_range,
    );
    expect(dataset).toMatchObject({
      RulesetName: 'enrollments',
      JobName: run.JobName,
      JobRunId: run.Id,
      Score: 1,
    });
  });
});
