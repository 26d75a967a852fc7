import { describe, expect, it } from 'vitest';
import { definePipeline, derive, highWaterMark, job, processedDataset, sql, t } from '../../core/index.js';
import { crawlerConfig, csvClassifierConfig, glueJobRole, jobConfig } from '../../glue-scripts/index.js';
import {
  validateClassifierConfig,
  validateCrawlerConfig,
  validateJobConfig,
} from '../../glue-scripts/schemas/index.js';
import { departmentStatsJob } from '../fixtures/department-stats-job.js';
import { dev, jobNamed, pipeline } from './fixtures.js';

const crawler = (name: string) => pipeline.crawlers.find((c) => c.name === name)!;

describe('crawler configs', () => {
  it.each([
    {
      name: 'raw',
      Name: 'student-enrollment-dev-raw-crawler',
      DatabaseName: 'student_enrollment_dev_raw',
      paths: ['students/', 'courses/', 'instructors/', 'enrollments/'].map(
        (p) => `s3://lakeline-dev-data/student-enrollment/raw/${p}`,
      ),
      classifiers: ['student-enrollment-dev-csv'],
    },
    {
      name: 'processed',
      Name: 'student-enrollment-dev-processed-crawler',
      DatabaseName: 'student_enrollment_dev_processed',
      paths: ['students/', 'courses/', 'instructors/', 'enrollments/'].map(
        (p) => `s3://lakeline-dev-data/student-enrollment/processed/${p}`,
      ),
      classifiers: undefined,
    },
  ])('$name: CreateCrawler input', ({ name, Name, DatabaseName, paths, classifiers }) => {
    const config = crawlerConfig(pipeline, dev, crawler(name));
    expect(config.Name).toBe(Name);
    expect(config.Role).toBe('arn:aws:iam::111111111111:role/student-enrollment-dev-glue');
    expect(config.DatabaseName).toBe(DatabaseName);
    expect(config.Targets.S3Targets.map((t) => t.Path)).toEqual(paths);
    expect(config.Classifiers).toEqual(classifiers);
    expect(config.SchemaChangePolicy).toEqual({
      UpdateBehavior: 'UPDATE_IN_DATABASE',
      DeleteBehavior: 'LOG',
    });
    expect(config.RecrawlPolicy).toEqual({ RecrawlBehavior: 'CRAWL_EVERYTHING' });
    expect(JSON.parse(config.Configuration)).toEqual({
      CrawlerOutput: {
        Partitions: { AddOrUpdateBehavior: 'InheritFromTable' },
        Tables: { AddOrUpdateBehavior: 'MergeNewColumns' },
      },
      // bucket/student-enrollment(1)/<layer>(2)/<dataset>(3): `term=…` folders stay partitions.
      Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 3 },
      Version: 1,
    });
    expect(config.Tags).toEqual({ 'lakeline:pipeline': 'student-enrollment', 'lakeline:stage': 'dev' });
    expect(validateCrawlerConfig(config)).toEqual([]);
  });

  it('declares the CSV header present, so all-string files (students) keep their column names', () => {
    const config = csvClassifierConfig(pipeline, dev);
    expect(config.CsvClassifier).toMatchObject({
      Name: 'student-enrollment-dev-csv',
      ContainsHeader: 'PRESENT',
      Delimiter: ',',
    });
    expect(validateClassifierConfig(config)).toEqual([]);
  });

  it('rejects a config with an unknown field or a bad Configuration string', () => {
    const config = crawlerConfig(pipeline, dev, crawler('raw'));
    expect(validateCrawlerConfig({ ...config, Schedule: 'cron(0 3 * * ? *)' })).toEqual([
      '/: must NOT have additional properties (Schedule)',
    ]);
    expect(validateCrawlerConfig({ ...config, Configuration: '{"Version": 2}' })).toEqual([
      '/Configuration: must be a JSON object with "Version": 1.0',
    ]);
  });
});

describe('job configs', () => {
  it.each(pipeline.jobs.map((j) => ({ name: j.name, job: j })))('$name: CreateJob input', ({ name, job }) => {
    const config = jobConfig(pipeline, dev, job);
    expect(config).toMatchObject({
      Name: `student-enrollment-dev-${name}`,
      Role: 'arn:aws:iam::111111111111:role/student-enrollment-dev-glue',
      Command: {
        Name: 'glueetl',
        ScriptLocation: 's3://lakeline-dev-data/student-enrollment/scripts/lakeline_runner.py',
        PythonVersion: '3',
      },
      GlueVersion: '5.0',
      WorkerType: job.workerType,
      NumberOfWorkers: job.numberOfWorkers,
      Timeout: job.timeoutMinutes,
      MaxRetries: job.maxRetries,
      ExecutionProperty: { MaxConcurrentRuns: 1 },
    });
    expect(config.DefaultArguments).toMatchObject({
      '--job-bookmark-option': 'job-bookmark-enable',
      '--enable-metrics': 'true',
      '--plan_uri': `s3://lakeline-dev-data/student-enrollment/plans/${name}.json`,
      '--TempDir': `s3://lakeline-dev-data/student-enrollment/temp/${name}/`,
    });
    expect(validateJobConfig(config)).toEqual([]);
  });

  it('runs a job without bookmarks when it reads all of its input every run (bookmark: false)', () => {
    const courses = jobNamed('courses');
    const rebuilt = job({ ...courses, bookmark: false });
    expect(rebuilt.bookmark).toBe(false);
    expect(jobConfig(pipeline, dev, rebuilt).DefaultArguments['--job-bookmark-option']).toBe(
      'job-bookmark-disable',
    );
    // An incremental read never takes a bookmark, whatever it is given.
    expect(job({ ...courses, bookmark: true, incremental: highWaterMark() }).bookmark).toBe(false);
  });

  it('rejects a job without bookmarks set or with a plan that is not JSON', () => {
    const config = jobConfig(pipeline, dev, jobNamed('courses'));
    const { '--job-bookmark-option': _omitted, ...args } = config.DefaultArguments;
    expect(validateJobConfig({ ...config, DefaultArguments: args }).join('\n')).toMatch(
      /job-bookmark-option/,
    );
    expect(
      validateJobConfig({
        ...config,
        DefaultArguments: { ...config.DefaultArguments, '--plan_uri': 's3://b/plan.yaml' },
      }).length,
    ).toBeGreaterThan(0);
  });
});

describe('Glue role', () => {
  const role = glueJobRole(pipeline, dev);
  const statements = role.Policies[0]!.PolicyDocument.Statement;
  const allowed = (action: string) =>
    statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);

  it('is assumed by Glue and named as the configs name it', () => {
    expect(role.RoleName).toBe('student-enrollment-dev-glue');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal.Service).toBe('glue.amazonaws.com');
  });

  it('names every action', () => {
    for (const s of statements) for (const a of s.Action) expect(a).not.toContain('*');
  });

  it('reads the raw inputs, the plans, the runner and the outputs a reference check needs', () => {
    const prefix = 'arn:aws:s3:::lakeline-dev-data/student-enrollment';
    const readable = allowed('s3:GetObject');
    expect(readable).toEqual(
      expect.arrayContaining([
        `${prefix}/raw/enrollments/*`,
        `${prefix}/plans/enrollments.json`,
        `${prefix}/scripts/lakeline_runner.py`,
        `${prefix}/processed/students/*`,
      ]),
    );
    expect(readable.some((r) => r.includes('/quality/students.dqdl'))).toBe(false);
  });

  it("reads another job's output where a job reads it: the processed layer, not raw", () => {
    const courses = pipeline.jobs.find((j) => j.name === 'courses')!;
    const stats = departmentStatsJob(courses.output);
    const onStats = job({
      name: 'department-report',
      input: stats.output,
      steps: [derive({ as: 'label', type: t.string(80), expr: sql.col('department') })],
      output: processedDataset({ name: 'department_report' }),
    });
    const gold = definePipeline({ ...pipeline, tasks: [...pipeline.tasks, stats, onStats] });
    const readable = glueJobRole(gold, dev)
      .Policies[0]!.PolicyDocument.Statement.filter((s) => s.Action.includes('s3:GetObject'))
      .flatMap((s) => s.Resource);
    const prefix = 'arn:aws:s3:::lakeline-dev-data/student-enrollment';
    expect(readable).toContain(`${prefix}/processed/${stats.output.prefix}*`);
    expect(readable).not.toContain(`${prefix}/raw/${stats.output.prefix}*`);
  });

  it('writes only outputs, quarantine, DQ results, run summaries and temp', () => {
    const prefix = 'arn:aws:s3:::lakeline-dev-data/student-enrollment';
    const writable = allowed('s3:PutObject');
    expect(writable).toContain(`${prefix}/processed/enrollments/*`);
    expect(writable).toContain(`${prefix}/quarantine/enrollments/*`);
    expect(writable).toContain(`${prefix}/quality/results/enrollments/*`);
    expect(writable).toContain(`${prefix}/runs/*/enrollments.json`);
    for (const r of writable) expect(r).toMatch(/\/(processed|quarantine|quality\/results|runs|temp)\//);
  });

  it('lists only the pipeline prefixes and fills only its own catalog databases', () => {
    const list = statements.find((s) => s.Action.includes('s3:ListBucket'))!;
    expect(list.Resource).toEqual(['arn:aws:s3:::lakeline-dev-data']);
    const prefixes = (list.Condition as { StringLike: { 's3:prefix': string[] } }).StringLike['s3:prefix'];
    for (const p of prefixes) expect(p.startsWith('student-enrollment/')).toBe(true);
    expect(allowed('glue:CreateTable')).toEqual([
      'arn:aws:glue:eu-west-1:111111111111:catalog',
      'arn:aws:glue:eu-west-1:111111111111:database/student_enrollment_dev_processed',
      'arn:aws:glue:eu-west-1:111111111111:database/student_enrollment_dev_raw',
      'arn:aws:glue:eu-west-1:111111111111:table/student_enrollment_dev_processed/*',
      'arn:aws:glue:eu-west-1:111111111111:table/student_enrollment_dev_raw/*',
    ]);
    expect(allowed('glue:PublishDataQuality')).toEqual([
      'arn:aws:glue:eu-west-1:111111111111:dataQualityRuleset/*',
    ]);
  });

  it('puts metrics only in the Glue namespaces', () => {
    const metrics = statements.find((s) => s.Action.includes('cloudwatch:PutMetricData'))!;
    expect(metrics.Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': ['Glue', 'Glue Data Quality'] },
    });
  });
});
