import { describe, expect, it } from 'vitest';
import {
  column as c,
  columnSpec,
  deduplicate,
  definePipeline,
  detectPii,
  dq,
  type Job,
  job,
  LOCAL_STAGE,
  notifications,
  type Pipeline,
  PipelineDefinitionError,
  piiColumn,
  piiText,
  processedDataset,
  quality,
  rawDataset,
  type Step,
  standardize,
  t,
} from '../../core/index.js';
import { type JobPlan, jobPlan } from '../../glue-scripts/index.js';
import { validatePlan } from '../../glue-scripts/schemas/index.js';
import { deps, dev, findingsOf, jobNamed, pipeline, viewSql } from './fixtures.js';

// ---------------------------------------------------------------- a small job, SQL spelled out

const people = rawDataset({
  name: 'people',
  prefix: 'people/',
  format: 'csv',
  columns: [
    c('id', t.string(8), { nullable: false }),
    c('score', t.int()),
    c('email', t.string(), { pii: 'EMAIL' }),
    c('updated', t.date()),
  ],
});

function miniPipeline(steps: readonly Step[]): { pipeline: Pipeline; job: Job } {
  const peopleJob = job({
    name: 'people',
    input: people,
    steps,
    output: processedDataset({ name: 'people' }),
  });
  const p = definePipeline({
    name: 'mini',
    description: 'one small job',
    datasets: [people],
    crawlers: [],
    jobs: [peopleJob],
    notifications: notifications({ topic: 'notifications' }),
    stages: [LOCAL_STAGE],
  });
  return { pipeline: p, job: peopleJob };
}

const mini = miniPipeline([
  standardize([
    columnSpec('id', { case: 'upper' }),
    columnSpec('score', { nullValues: ['n/a'] }),
    columnSpec('email', { case: 'lower' }),
    columnSpec('updated', { format: 'yyyy-MM-dd' }),
  ]),
  detectPii([piiColumn('email', { EMAIL: 'SHA256_HASH' })]),
  deduplicate({ keys: ['id'], orderBy: 'updated' }),
  quality({ ruleset: 'people', rowRules: [dq.isComplete('id')], datasetRules: [dq.rowCount('>', 0)] }),
]);
const miniPlan = jobPlan(mini.pipeline, LOCAL_STAGE, mini.job, deps);

const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}';
const BOOK = (q: string) =>
  [
    `${q}_lakeline_row${q}`,
    `${q}_lakeline_raw${q}`,
    `${q}_lakeline_reasons${q}`,
    `${q}_lakeline_duplicate${q}`,
  ]
    .map((n) => `${n} AS ${n}`)
    .join(', ');

describe('step SQL, per dialect', () => {
  const cases: {
    what: string;
    sql: (p: JobPlan) => { spark: string; duckdb: string };
    spark: string;
    duckdb: string;
  }[] = [
    {
      what: 'input → step_0: bookkeeping starts; unparsed records are rejected as malformed',
      sql: (p) => viewSql(p, 'step_0'),
      spark:
        "SELECT `id` AS `id`, `score` AS `score`, `email` AS `email`, `updated` AS `updated`, `_lakeline_row` AS `_lakeline_row`, `_lakeline_raw` AS `_lakeline_raw`, CASE WHEN `_lakeline_raw` IS NOT NULL THEN coalesce(`_lakeline_raw_reason`, 'malformed') END AS `_lakeline_reasons`, FALSE AS `_lakeline_duplicate` FROM `input`",
      duckdb:
        'SELECT "id" AS "id", "score" AS "score", "email" AS "email", "updated" AS "updated", "_lakeline_row" AS "_lakeline_row", "_lakeline_raw" AS "_lakeline_raw", CASE WHEN "_lakeline_raw" IS NOT NULL THEN coalesce("_lakeline_raw_reason", \'malformed\') END AS "_lakeline_reasons", FALSE AS "_lakeline_duplicate" FROM "input"',
    },
    {
      what: 'standardize: clean once, convert, flag what is present but does not convert',
      sql: (p) => viewSql(p, 'step_1'),
      spark:
        "SELECT `s`.`id` AS `id`, TRY_CAST(`s`.`score` AS INT) AS `score`, `s`.`email` AS `email`, to_date(`s`.`updated`, 'yyyy-MM-dd') AS `updated`, `s`.`_lakeline_row` AS `_lakeline_row`, `s`.`_lakeline_raw` AS `_lakeline_raw`, nullif(concat_ws(';', `s`.`_lakeline_reasons`, CASE WHEN length(`s`.`id`) > 8 THEN 'cast:id' END, CASE WHEN `s`.`score` IS NOT NULL AND TRY_CAST(`s`.`score` AS INT) IS NULL THEN 'cast:score' END, CASE WHEN `s`.`updated` IS NOT NULL AND to_date(`s`.`updated`, 'yyyy-MM-dd') IS NULL THEN 'cast:updated' END), '') AS `_lakeline_reasons`, `s`.`_lakeline_duplicate` AS `_lakeline_duplicate` FROM (SELECT upper(CASE WHEN trim(`id`) IN ('') THEN NULL ELSE trim(`id`) END) AS `id`, CASE WHEN trim(`score`) IN ('', 'n/a') THEN NULL ELSE trim(`score`) END AS `score`, lower(CASE WHEN trim(`email`) IN ('') THEN NULL ELSE trim(`email`) END) AS `email`, CASE WHEN trim(`updated`) IN ('') THEN NULL ELSE trim(`updated`) END AS `updated`, " +
        BOOK('`') +
        ' FROM `step_0`) AS `s`',
      duckdb:
        'SELECT "s"."id" AS "id", TRY_CAST("s"."score" AS INTEGER) AS "score", "s"."email" AS "email", CAST(try_strptime("s"."updated", \'%Y-%m-%d\') AS DATE) AS "updated", "s"."_lakeline_row" AS "_lakeline_row", "s"."_lakeline_raw" AS "_lakeline_raw", nullif(concat_ws(\';\', "s"."_lakeline_reasons", CASE WHEN length("s"."id") > 8 THEN \'cast:id\' END, CASE WHEN "s"."score" IS NOT NULL AND TRY_CAST("s"."score" AS INTEGER) IS NULL THEN \'cast:score\' END, CASE WHEN "s"."updated" IS NOT NULL AND CAST(try_strptime("s"."updated", \'%Y-%m-%d\') AS DATE) IS NULL THEN \'cast:updated\' END), \'\') AS "_lakeline_reasons", "s"."_lakeline_duplicate" AS "_lakeline_duplicate" FROM (SELECT upper(CASE WHEN trim("id") IN (\'\') THEN NULL ELSE trim("id") END) AS "id", CASE WHEN trim("score") IN (\'\', \'n/a\') THEN NULL ELSE trim("score") END AS "score", lower(CASE WHEN trim("email") IN (\'\') THEN NULL ELSE trim("email") END) AS "email", CASE WHEN trim("updated") IN (\'\') THEN NULL ELSE trim("updated") END AS "updated", ' +
        BOOK('"') +
        ' FROM "step_0") AS "s"',
    },
    {
      what: 'detectPii, column mode: every non-null value hashed',
      sql: (p) => viewSql(p, 'step_2'),
      spark:
        'SELECT `id` AS `id`, `score` AS `score`, CASE WHEN `email` IS NULL THEN NULL ELSE sha2(`email`, 256) END AS `email`, `updated` AS `updated`, ' +
        BOOK('`') +
        ' FROM `step_1`',
      duckdb:
        'SELECT "id" AS "id", "score" AS "score", CASE WHEN "email" IS NULL THEN NULL ELSE sha256("email") END AS "email", "updated" AS "updated", ' +
        BOOK('"') +
        ' FROM "step_1"',
    },
    {
      what: 'detectPii findings: values that look like the entity',
      sql: (p) => findingsOf(p, 2).sql,
      spark: `SELECT CAST(coalesce(sum(CASE WHEN \`email\` IS NOT NULL AND (\`email\` RLIKE '${EMAIL}') THEN 1 ELSE 0 END), 0) AS BIGINT) AS \`EMAIL\` FROM \`step_1\``,
      duckdb: `SELECT CAST(coalesce(sum(CASE WHEN "email" IS NOT NULL AND regexp_matches("email", '${EMAIL}') THEN 1 ELSE 0 END), 0) AS BIGINT) AS "EMAIL" FROM "step_1"`,
    },
    {
      what: 'deduplicate: older versions among the kept rows become duplicates',
      sql: (p) => viewSql(p, 'step_3'),
      spark:
        'SELECT `id` AS `id`, `score` AS `score`, `email` AS `email`, `updated` AS `updated`, `_lakeline_row` AS `_lakeline_row`, `_lakeline_raw` AS `_lakeline_raw`, `_lakeline_reasons` AS `_lakeline_reasons`, `_lakeline_duplicate` OR `_lakeline_reasons` IS NULL AND NOT `_lakeline_duplicate` AND `id` IS NOT NULL AND row_number() OVER (PARTITION BY `id`, `_lakeline_reasons` IS NULL AND NOT `_lakeline_duplicate` AND `id` IS NOT NULL ORDER BY `updated` DESC, `_lakeline_row` DESC) > 1 AS `_lakeline_duplicate` FROM `step_2`',
      duckdb:
        'SELECT "id" AS "id", "score" AS "score", "email" AS "email", "updated" AS "updated", "_lakeline_row" AS "_lakeline_row", "_lakeline_raw" AS "_lakeline_raw", "_lakeline_reasons" AS "_lakeline_reasons", "_lakeline_duplicate" OR "_lakeline_reasons" IS NULL AND NOT "_lakeline_duplicate" AND "id" IS NOT NULL AND row_number() OVER (PARTITION BY "id", "_lakeline_reasons" IS NULL AND NOT "_lakeline_duplicate" AND "id" IS NOT NULL ORDER BY "updated" DESC, "_lakeline_row" DESC) > 1 AS "_lakeline_duplicate" FROM "step_2"',
    },
    {
      what: 'quality: rows the engine found failing a row rule are rejected',
      sql: (p) => viewSql(p, 'step_4'),
      spark:
        "SELECT `s`.`id` AS `id`, `s`.`score` AS `score`, `s`.`email` AS `email`, `s`.`updated` AS `updated`, `s`.`_lakeline_row` AS `_lakeline_row`, `s`.`_lakeline_raw` AS `_lakeline_raw`, nullif(concat_ws(';', `s`.`_lakeline_reasons`, CASE WHEN `d`.`_lakeline_row` IS NOT NULL THEN 'dq:people' END), '') AS `_lakeline_reasons`, `s`.`_lakeline_duplicate` AS `_lakeline_duplicate` FROM `step_3` AS `s` LEFT JOIN `dq_4` AS `d` ON `s`.`_lakeline_row` = `d`.`_lakeline_row`",
      duckdb:
        'SELECT "s"."id" AS "id", "s"."score" AS "score", "s"."email" AS "email", "s"."updated" AS "updated", "s"."_lakeline_row" AS "_lakeline_row", "s"."_lakeline_raw" AS "_lakeline_raw", nullif(concat_ws(\';\', "s"."_lakeline_reasons", CASE WHEN "d"."_lakeline_row" IS NOT NULL THEN \'dq:people\' END), \'\') AS "_lakeline_reasons", "s"."_lakeline_duplicate" AS "_lakeline_duplicate" FROM "step_3" AS "s" LEFT JOIN "dq_4" AS "d" ON "s"."_lakeline_row" = "d"."_lakeline_row"',
    },
    {
      what: 'kept rows: output columns only',
      sql: (p) => p.split.kept,
      spark:
        'SELECT `id` AS `id`, `score` AS `score`, `email` AS `email`, `updated` AS `updated` FROM `step_4` WHERE `_lakeline_reasons` IS NULL AND NOT `_lakeline_duplicate`',
      duckdb:
        'SELECT "id" AS "id", "score" AS "score", "email" AS "email", "updated" AS "updated" FROM "step_4" WHERE "_lakeline_reasons" IS NULL AND NOT "_lakeline_duplicate"',
    },
    {
      what: 'rejected rows: with the input values that hold no personal data, reasons, failed rules, raw text with PII redacted',
      sql: (p) => p.split.rejected,
      spark:
        "SELECT `s`.`id` AS `id`, `s`.`score` AS `score`, `s`.`email` AS `email`, `s`.`updated` AS `updated`, `i`.`id` AS `_lakeline_source_id`, `i`.`score` AS `_lakeline_source_score`, `i`.`updated` AS `_lakeline_source_updated`, `s`.`_lakeline_reasons` AS `_lakeline_reasons`, `d`.`_lakeline_failed_rules` AS `_lakeline_failed_rules`, regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(`s`.`_lakeline_raw`, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}', '*******'), '([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}|3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5})', '*******'), '[0-9]{3}-[0-9]{2}-[0-9]{4}', '*******'), '([+]?1[ .-]?)?([(][0-9]{3}[)]|[0-9]{3})[ .-]?[0-9]{3}[ .-]?[0-9]{4}', '*******'), '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}', '*******') AS `_lakeline_raw` FROM `step_4` AS `s` LEFT JOIN `input` AS `i` ON `i`.`_lakeline_row` = `s`.`_lakeline_row` LEFT JOIN `dq_4` AS `d` ON `d`.`_lakeline_row` = `s`.`_lakeline_row` WHERE `s`.`_lakeline_reasons` IS NOT NULL AND NOT `s`.`_lakeline_duplicate`",
      duckdb:
        'SELECT "s"."id" AS "id", "s"."score" AS "score", "s"."email" AS "email", "s"."updated" AS "updated", "i"."id" AS "_lakeline_source_id", "i"."score" AS "_lakeline_source_score", "i"."updated" AS "_lakeline_source_updated", "s"."_lakeline_reasons" AS "_lakeline_reasons", "d"."_lakeline_failed_rules" AS "_lakeline_failed_rules", regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace("s"."_lakeline_raw", \'[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}\', \'*******\', \'g\'), \'([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}|3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5})\', \'*******\', \'g\'), \'[0-9]{3}-[0-9]{2}-[0-9]{4}\', \'*******\', \'g\'), \'([+]?1[ .-]?)?([(][0-9]{3}[)]|[0-9]{3})[ .-]?[0-9]{3}[ .-]?[0-9]{4}\', \'*******\', \'g\'), \'(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\', \'*******\', \'g\') AS "_lakeline_raw" FROM "step_4" AS "s" LEFT JOIN "input" AS "i" ON "i"."_lakeline_row" = "s"."_lakeline_row" LEFT JOIN "dq_4" AS "d" ON "d"."_lakeline_row" = "s"."_lakeline_row" WHERE "s"."_lakeline_reasons" IS NOT NULL AND NOT "s"."_lakeline_duplicate"',
    },
  ];

  it.each(cases)('$what', ({ sql, spark, duckdb }) => {
    expect(sql(miniPlan)).toEqual({ spark, duckdb });
  });

  it('quality: what the engine evaluates, and the rule texts it evaluates', () => {
    const quality = miniPlan.quality!;
    expect(miniPlan.actions.filter((a) => a.action.startsWith('evaluate'))).toEqual([
      { action: 'evaluateRows', step: 4, reads: ['step_3'] },
      { action: 'evaluateDataset', step: 4 },
    ]);
    expect(quality).toMatchObject({
      ruleset: 'people',
      dqdlPath: 's3://lakeline-local/mini/quality/people.dqdl',
      rowRules: ['IsComplete "id"'],
      datasetRules: ['RowCount > 0'],
      gate: ['RowCount > 0'],
      outcomesView: 'dq_4',
    });
    expect(quality.rowInput.duckdb).toBe(
      'SELECT "id" AS "id", "score" AS "score", "email" AS "email", "updated" AS "updated", "_lakeline_row" AS "_lakeline_row" FROM "step_3" WHERE "_lakeline_reasons" IS NULL AND NOT "_lakeline_duplicate"',
    );
    expect(quality.datasetInput.spark).toBe(
      'SELECT `id` AS `id`, `score` AS `score`, `email` AS `email`, `updated` AS `updated` FROM `step_4` WHERE `_lakeline_reasons` IS NULL AND NOT `_lakeline_duplicate`',
    );
  });
});

// ---------------------------------------------------------------- the flagship

describe('flagship plans', () => {
  const plans = [LOCAL_STAGE, dev].flatMap((stage) =>
    pipeline.jobs.map((j) => ({ stage: stage.name, job: j.name, plan: jobPlan(pipeline, stage, j, deps) })),
  );

  it.each(plans)('$stage/$job passes the plan schema, as written to disk', ({ plan }) => {
    expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toEqual([]);
  });

  it.each(plans)(
    '$stage/$job: every step has SQL for both engines, reading the view before it',
    ({ plan }) => {
      plan.steps.forEach((step, i) => {
        expect(step.view).toBe(`step_${i + 1}`);
        const view = plan.actions.find((a) => a.action === 'view' && a.view === step.view);
        expect(view?.action === 'view' && view.reads[0]).toBe(`step_${i}`);
        expect(viewSql(plan, step.view).spark).toContain(`FROM \`step_${i}\``);
        expect(viewSql(plan, step.view).duckdb).toContain(`FROM "step_${i}"`);
      });
    },
  );

  it('enrollments: references, outputs, quarantine and run summary where the other folders look', () => {
    const plan = jobPlan(pipeline, dev, jobNamed('enrollments'), deps);
    expect(plan.references.map((r) => [r.view, r.path, r.columns.map((c) => c.name)])).toEqual([
      ['ref_students', 's3://lakeline-dev-data/student-enrollment/processed/students/', ['student_id']],
      ['ref_courses', 's3://lakeline-dev-data/student-enrollment/processed/courses/', ['course_id']],
      [
        'ref_instructors',
        's3://lakeline-dev-data/student-enrollment/processed/instructors/',
        ['instructor_id'],
      ],
    ]);
    expect(plan.input).toMatchObject({
      path: 's3://lakeline-dev-data/student-enrollment/raw/enrollments/',
      format: 'csv',
      csv: { header: true, delimiter: ',', quote: '"', escape: '"' },
      transformationCtx: 'source_enrollments',
    });
    expect(plan.input.columns.every((col) => col.type.kind === 'string')).toBe(true);
    expect(plan.output).toMatchObject({
      path: 's3://lakeline-dev-data/student-enrollment/processed/enrollments/',
      format: 'parquet',
      compression: 'snappy',
      partitionBy: ['term'],
      database: 'student_enrollment_dev_processed',
    });
    expect(plan.output.columns.find((col) => col.name === 'marks')?.type).toEqual(t.decimal(5, 2));
    expect(plan.quarantine.path).toBe(
      's3://lakeline-dev-data/student-enrollment/quarantine/enrollments/run_id={run_id}/',
    );
    // notes holds free text with personal data in it: its input value is never copied to quarantine.
    expect(plan.quarantine.record.source.map((s) => s.column)).not.toContain('notes');
    expect(plan.qualityResults?.path).toBe(
      's3://lakeline-dev-data/student-enrollment/quality/results/enrollments/run_id={run_id}/results.json',
    );
    expect(plan.runSummary).toEqual({
      bucket: 'lakeline-dev-data',
      key: 'student-enrollment/runs/{run_id}/enrollments.json',
      uri: 's3://lakeline-dev-data/student-enrollment/runs/{run_id}/enrollments.json',
    });
    expect(plan.engines.spark.conf).toEqual({
      'spark.sql.ansi.enabled': 'false',
      'spark.sql.legacy.timeParserPolicy': 'CORRECTED',
    });
    const pii = plan.actions.find((a) => a.action === 'countFindings');
    expect(pii?.action === 'countFindings' && pii.entities).toEqual([
      'EMAIL',
      'CREDIT_CARD',
      'USA_SSN',
      'PHONE_NUMBER',
    ]);
  });

  it('students: the declared personal data stays out of the quarantined input values', () => {
    const plan = jobPlan(pipeline, dev, jobNamed('students'), deps);
    expect(plan.quarantine.record.source.map((s) => s.column)).toEqual([
      'student_id',
      'first_name',
      'last_name',
      'date_of_birth',
      'country',
      'enrolled_since',
    ]);
    expect(plan.output.columns.map((col) => col.name)).toContain('full_name');
  });

  it('carries the quality rules as canonical text with the .dqdl beside them', () => {
    const plan = jobPlan(pipeline, dev, jobNamed('courses'), deps);
    expect(plan.quality).toMatchObject({
      ruleset: 'courses',
      dqdlPath: 's3://lakeline-dev-data/student-enrollment/quality/courses.dqdl',
      rowRules: [
        'IsComplete "course_id"',
        '(ColumnValues "credits" >= 1) and (ColumnValues "credits" <= 10)',
      ],
      datasetRules: ['IsPrimaryKey "course_id"', 'RowCount > 0'],
      evaluationContext: 'student-enrollment-dev-courses',
    });
  });

  it('is deterministic', () => {
    const a = JSON.stringify(jobPlan(pipeline, dev, jobNamed('enrollments'), deps));
    const b = JSON.stringify(jobPlan(pipeline, dev, jobNamed('enrollments'), deps));
    expect(a).toBe(b);
  });
});

describe('what a plan cannot express is refused with the path at fault', () => {
  const refused: { what: string; steps: Step[]; message: RegExp }[] = [
    {
      what: 'partial redaction inside free text',
      steps: [
        standardize([columnSpec('id'), columnSpec('score'), columnSpec('email'), columnSpec('updated')]),
        detectPii([piiText('email', { EMAIL: 'PARTIAL_REDACT' })]),
      ],
      message:
        /steps\[1\] \(detectPii\) › rules\[0\] › entities › EMAIL: PARTIAL_REDACT of matches inside free text/,
    },
    {
      what: 'a redaction text regex replacement would read as a group reference',
      steps: [
        standardize([columnSpec('id'), columnSpec('score'), columnSpec('email'), columnSpec('updated')]),
        detectPii([piiText('email', { EMAIL: 'REDACT' })], { redactText: '$1' }),
      ],
      message: /redactText: "\$1" holds \$ or \\/,
    },
    {
      what: 'two quality steps',
      steps: [
        standardize([columnSpec('id'), columnSpec('score'), columnSpec('email'), columnSpec('updated')]),
        detectPii([piiColumn('email', { EMAIL: 'REDACT' })]),
        quality({ ruleset: 'a', rowRules: [dq.isComplete('id')] }),
        quality({ ruleset: 'b', rowRules: [dq.isComplete('id')] }),
      ],
      message: /mini › jobs › people › steps: a job has at most one quality step/,
    },
  ];

  it.each(refused)('$what', ({ steps, message }) => {
    const { pipeline: p, job: j } = miniPipeline(steps);
    expect(() => jobPlan(p, LOCAL_STAGE, j, deps)).toThrow(message);
    expect(() => jobPlan(p, LOCAL_STAGE, j, deps)).toThrow(PipelineDefinitionError);
  });

  it('a CSV column declared a number that no step converts', () => {
    const unconverted = rawDataset({
      name: 'people',
      prefix: 'people/',
      format: 'csv',
      columns: [c('id', t.string()), c('score', t.int())],
    });
    const j = job({
      name: 'people',
      input: unconverted,
      steps: [deduplicate({ keys: ['id'], orderBy: 'id' })],
      output: processedDataset({ name: 'people' }),
    });
    const p = definePipeline({
      name: 'mini',
      description: 'unconverted',
      datasets: [unconverted],
      crawlers: [],
      jobs: [j],
      notifications: notifications({ topic: 'notifications' }),
      stages: [LOCAL_STAGE],
    });
    expect(() => jobPlan(p, LOCAL_STAGE, j, deps)).toThrow(
      /mini › jobs › people › output › score: column "score" is declared int but reaches the output as string/,
    );
  });
});
