/**
 * How runs fail, as Glue reports it: RUNNING, then FAILED with an ErrorMessage for a failed
 * quality gate, a SQL error, a missing input or plan, a header that does not match; API errors
 * with AWS error names; STOPPED and TIMEOUT.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../core/index.js';
import type { JobPlan } from '../../../glue-scripts/index.js';
import { AwsServiceError } from '../../../local/executor/types.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { type GlueWorld, glueWorld, type JobKey } from './glue-world.js';

let world: GlueWorld;
beforeEach(async () => {
  world = await glueWorld({ rows: 120, dirty: 0.05, seed: 3 });
});
afterEach(() => world?.close());

const rawKey = (job: JobKey, name: string) => {
  const { bucket, key } = parseS3Uri(world.plans[job].input.path);
  return { bucket, key: `${key}${name}` };
};

function putRaw(job: JobKey, name: string, lines: readonly string[]): void {
  const { bucket, key } = rawKey(job, name);
  world.s3.put(bucket, key, `${lines.join('\n')}\n`);
}

function putPlan(job: JobKey, plan: JobPlan): void {
  const { bucket, key } = parseS3Uri(world.configs[job].DefaultArguments['--plan_uri']!);
  world.s3.put(bucket, key, JSON.stringify(plan));
}

const header = (job: JobKey) => world.plans[job].input.columns.map((c) => c.name).join(',');

describe('a failing quality gate', () => {
  it('fails the run, names the rules, writes summary and quarantine but no processed data', async () => {
    for (const job of ['students', 'courses', 'instructors'] as const)
      await world.run(job, { '--run_id': 'g1' });
    // Valid rows in a term the gate's pattern does not allow: far more than 1% of the kept rows.
    const summer = Array.from(
      { length: 60 },
      (_, i) =>
        `E8${String(i).padStart(7, '0')},S000001,C0001,I0001,2024-06-01,2024-SUMMER,70.00,80.00,active,,2024-07-01T00:00:00`,
    );
    putRaw('enrollments', 'summer.csv', [header('enrollments'), ...summer]);
    const run = await world.run('enrollments', { '--run_id': 'g1' });
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toMatch(
      /^QualityGateFailed: job enrollments: 1 dataset rule\(s\) of ruleset enrollments failed:/,
    );
    expect(run.ErrorMessage).toContain(
      'ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold >= 0.99: FAIL',
    );
    const plan = world.plans.enrollments;
    const summary = JSON.parse(
      readFileSync(world.path(plan.runSummary.uri.replace('{run_id}', 'g1')), 'utf8'),
    ) as RunSummary;
    expect(summary.status).toBe('FAILED_QUALITY_GATE');
    expect(summary.inputRows).toBe(world.sample.expected.enrollments.inputRows + 60);
    expect(existsSync(world.path(plan.qualityResults!.path.replace('{run_id}', 'g1')))).toBe(true);
    expect(existsSync(world.path(plan.quarantine.path.replace('{run_id}', 'g1')))).toBe(true);
    expect(existsSync(world.path(plan.output.path))).toBe(false);
    // Nothing committed: the next run sees the same files again.
    expect(() => world.jobs.getJobBookmark({ JobName: run.JobName })).toThrow(/not found/);
    const { bucket, key } = rawKey('enrollments', 'summer.csv');
    world.s3.deletePrefix(bucket, key);
    const retry = await world.run('enrollments', { '--run_id': 'g2' });
    expect(retry.JobRunState).toBe('SUCCEEDED');
    expect(world.jobs.runSummary({ JobName: retry.JobName, RunId: retry.Id })!.inputRows).toBe(
      world.sample.expected.enrollments.inputRows,
    );
  });
});

describe('an empty input', () => {
  it('says so first: in the gate message, the rule messages and the warnings', async () => {
    const { bucket, key } = parseS3Uri(world.plans.courses.input.path);
    world.s3.deletePrefix(bucket, key);
    putRaw('courses', 'a.csv', [header('courses')]);
    world.s3.put(bucket, `${key}b.csv`, '');
    const run = await world.run('courses', { '--run_id': 'e1' });
    const files = 'courses/a.csv: a header and no rows; courses/b.csv: empty, 0 bytes';
    expect(run.ErrorMessage).toMatch(
      new RegExp(
        `^QualityGateFailed: job courses: the input has 0 rows \\(${files}\\), so \\d dataset rule\\(s\\)`,
      ),
    );
    expect(run.ErrorMessage).toContain('RowCount > 0: FAIL (the input has 0 rows — Value: 0 does not meet');
    const summary = world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })!;
    expect(summary.warnings).toEqual([`dataset courses: the input has 0 rows (${files})`]);
    const failing = summary.quality!.rules.filter((r) => r.result !== 'PASS');
    expect(failing.length).toBeGreaterThan(0);
    for (const r of failing) expect(r.message).toMatch(/^the input has 0 rows — /);
  });

  it('names an empty file among others as a warning, and reads the others', async () => {
    putRaw('courses', 'empty.csv', [header('courses')]);
    const run = await world.run('courses', { '--run_id': 'e2' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    const summary = world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })!;
    expect(summary.warnings).toEqual(['courses/empty.csv: a header and no rows']);
    expect(summary.inputRows).toBe(world.sample.expected.courses.inputRows);
  });
});

describe('runs that fail', () => {
  it('report a SQL error naming the step', async () => {
    const plan = structuredClone(world.plans.courses) as JobPlan;
    const view = plan.actions.find((a) => a.action === 'view' && a.view === 'step_2');
    if (view?.action !== 'view') throw new Error('the courses plan registers no step_2');
    (view.sql as { duckdb: string }).duckdb = view.sql.duckdb.replace(
      '"course_id" AS "course_id"',
      '"no_such" AS "course_id"',
    );
    putPlan('courses', plan);
    const run = await world.run('courses');
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toMatch(/^step_2 \(deduplicate\): Binder Error: .*no_such/s);
  });

  it('report a missing input', async () => {
    const { bucket, key } = parseS3Uri(world.plans.courses.input.path);
    world.s3.deletePrefix(bucket, key);
    const run = await world.run('courses');
    expect(run).toMatchObject({
      JobRunState: 'FAILED',
      ErrorMessage: `PlanError: no input: ${world.plans.courses.input.path} holds no data files`,
    });
  });

  it('report a missing plan and a missing script', async () => {
    const { bucket, key } = parseS3Uri(world.configs.courses.DefaultArguments['--plan_uri']!);
    world.s3.deletePrefix(bucket, key);
    expect((await world.run('courses')).ErrorMessage).toMatch(
      /^PlanError: the job plan s3:\/\/.*courses\.json cannot be read/,
    );
    const script = parseS3Uri(world.configs.students.Command.ScriptLocation);
    world.s3.deletePrefix(script.bucket, script.key);
    expect((await world.run('students')).ErrorMessage).toMatch(
      /^PlanError: the job script .*lakeline_runner\.py cannot be read/,
    );
  });

  it('report a plan of another version', async () => {
    putPlan('courses', { ...world.plans.courses, planVersion: 7 as 6 });
    expect((await world.run('courses')).ErrorMessage).toMatch(/plan version 7 is not 6/);
  });

  it('refuse a file whose header names other columns, as Spark does with enforceSchema off', async () => {
    putRaw('courses', 'other.csv', [
      'course_id,title,department,credits,level',
      'C9001,Algebra,Mathematics,3,intro',
    ]);
    const run = await world.run('courses');
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toBe(
      'CsvHeaderError: courses/other.csv: header has no column "course_name" (expected: course_id, course_name, department, credits, level); extra column "title"',
    );
  });

  it('report a bad bookmark option and a run id that cannot be part of a key', async () => {
    const bad = await world.run('courses', { '--job-bookmark-option': 'job-bookmark-sometimes' });
    expect(bad.ErrorMessage).toMatch(/^GlueArgumentError: --job-bookmark-option must be one of/);
    const slash = await world.run('courses', { '--run_id': 'a/b' });
    expect(slash.ErrorMessage).toBe('GlueArgumentError: run id "a/b" cannot be part of an S3 key');
  });
});

describe('the job API', () => {
  it('is RUNNING until the run ends, and reports the run as Glue does', async () => {
    const JobName = world.configs.courses.Name;
    const { JobRunId } = world.jobs.startJobRun({ JobName, Arguments: { '--run_id': 'api' } });
    expect(JobRunId).toMatch(/^jr_[0-9a-f]{64}$/);
    const running = world.jobs.getJobRun({ JobName, RunId: JobRunId }).JobRun;
    expect(running).toMatchObject({ JobRunState: 'RUNNING', Arguments: { '--run_id': 'api' }, Attempt: 0 });
    expect(running.CompletedOn).toBeUndefined();
    const done = await world.jobs.waitForJobRun({ JobName, RunId: JobRunId });
    expect(done).toMatchObject({
      Id: JobRunId,
      JobName,
      JobRunState: 'SUCCEEDED',
      GlueVersion: '5.0',
      WorkerType: world.configs.courses.WorkerType,
      NumberOfWorkers: world.configs.courses.NumberOfWorkers,
      Timeout: world.configs.courses.Timeout,
      MaxCapacity: world.configs.courses.NumberOfWorkers,
    });
    expect(Number.isInteger(done.ExecutionTime)).toBe(true);
    expect(world.jobs.getJobRuns({ JobName }).JobRuns.map((r) => r.Id)).toEqual([JobRunId]);
    expect(world.jobs.listJobs().JobNames).toHaveLength(4);
    expect(world.jobs.getJob({ JobName }).Job.DefaultArguments['--plan_uri']).toBe(
      world.configs.courses.DefaultArguments['--plan_uri'],
    );
  });

  it('answers an unknown job with EntityNotFoundException', () => {
    const call = () => world.jobs.startJobRun({ JobName: 'no-such-job' });
    expect(call).toThrow(AwsServiceError);
    expect(call).toThrow(expect.objectContaining({ name: 'EntityNotFoundException' }));
    expect(() => world.jobs.getJobRun({ JobName: world.configs.courses.Name, RunId: 'jr_x' })).toThrow(
      expect.objectContaining({ name: 'EntityNotFoundException' }),
    );
  });

  it('refuses a run past MaxConcurrentRuns with ConcurrentRunsExceededException', async () => {
    const JobName = world.configs.courses.Name;
    const { JobRunId } = world.jobs.startJobRun({ JobName });
    expect(() => world.jobs.startJobRun({ JobName })).toThrow(
      expect.objectContaining({ name: 'ConcurrentRunsExceededException' }),
    );
    expect((await world.jobs.waitForJobRun({ JobName, RunId: JobRunId })).JobRunState).toBe('SUCCEEDED');
    const next = world.jobs.startJobRun({ JobName });
    expect((await world.jobs.waitForJobRun({ JobName, RunId: next.JobRunId })).JobRunState).toBe('SUCCEEDED');
  });

  it('stops a run on request: STOPPED, no ErrorMessage, nothing committed', async () => {
    const JobName = world.configs.students.Name;
    const { JobRunId } = world.jobs.startJobRun({ JobName });
    const stop = world.jobs.batchStopJobRun({ JobName, JobRunIds: [JobRunId, 'jr_unknown'] });
    expect(stop.SuccessfulSubmissions).toEqual([{ JobName, JobRunId }]);
    expect(stop.Errors.map((e) => e.JobRunId)).toEqual(['jr_unknown']);
    expect(world.jobs.getJobRun({ JobName, RunId: JobRunId }).JobRun.JobRunState).toBe('STOPPING');
    const run = await world.jobs.waitForJobRun({ JobName, RunId: JobRunId });
    expect(run.JobRunState).toBe('STOPPED');
    expect(run.ErrorMessage).toBeUndefined();
    expect(() => world.jobs.getJobBookmark({ JobName })).toThrow(/not found/);
  });
});

describe('a run past its Timeout', () => {
  it('ends TIMEOUT', async () => {
    await world.close();
    // A Glue minute of 0.01 ms: the students job's 60-minute timeout passes before it can finish.
    world = await glueWorld({ rows: 120, dirty: 0, minuteMs: 0.01 });
    const run = await world.run('students');
    expect(run.JobRunState).toBe('TIMEOUT');
    expect(run.ErrorMessage).toBe(`Job run timed out after ${world.configs.students.Timeout} minute(s)`);
  });
});
