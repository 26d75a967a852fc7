/**
 * The aggregate step: validated against the columns it reads, compiled for both engines, and run
 * on DuckDB through the plan's actions (the tests' stand-in engine). Groups are computed from the
 * kept rows only; rows rejected before it still reach quarantine with their reasons, and a group
 * is quarantined like a row (a measure that does not fit its type, a failed row rule after it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aggregate,
  column as c,
  columnSpec,
  deduplicate,
  dq,
  LOCAL_STAGE,
  measure,
  quality,
  rawDataset,
  rowsBalance,
  type Step,
  standardize,
  t,
} from '../../../core/index.js';
import { jobPlan } from '../../../glue-scripts/index.js';
import { accountedRows } from '../../../local/glue/plan-summary.js';
import { rows, runPlan } from '../../glue-scripts/duckdb-engine.js';
import { deps, viewSql } from '../../glue-scripts/fixtures.js';
import { oneJobPipeline } from './one-job-pipeline.js';

const enrollments = rawDataset({
  name: 'enrollments',
  prefix: 'enrollments/',
  format: 'csv',
  columns: [
    c('id', t.string(8), { nullable: false }),
    c('course', t.string(8)),
    c('marks', t.decimal(5, 2)),
    c('updated', t.int()),
  ],
});

const pipelineWith = (steps: readonly Step[]) => oneJobPipeline(enrollments, 'course_stats', steps);

const typed = standardize([
  columnSpec('id'),
  columnSpec('course'),
  columnSpec('marks'),
  columnSpec('updated'),
]);
const latest = deduplicate({ keys: ['id'], orderBy: 'updated' });
const byCourse = aggregate({
  groupBy: ['course'],
  measures: [
    measure('enrollments', 'count'),
    measure('avg_marks', 'avg', 'marks', t.decimal(7, 2)),
    measure('top_marks', 'max', 'marks'),
    // Three digits: a course whose marks add up to 1000 or more does not fit, and is quarantined.
    measure('total_marks', 'sum', 'marks', t.decimal(3, 0)),
  ],
});
const complete = quality({ ruleset: 'course_stats', rowRules: [dq.isComplete('course')] });

// E3's marks do not convert; E4 is read twice (the older one a duplicate); C1's total is 1070;
// E6 has no course, so its group fails the rule after the aggregate.
const CSV = [
  'id,course,marks,updated',
  'E1,C1,80,1',
  'E2,C1,90,1',
  'E7,C1,900,1',
  'E3,C2,abc,1',
  'E4,C2,70,1',
  'E4,C2,75,2',
  'E5,C3,50,1',
  'E6,,60,1',
].join('\n');

describe('aggregate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-aggregate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses unknown and non-numeric columns, twice-named outputs and a job that aggregates twice, with the path', () => {
    const bad = aggregate({
      groupBy: ['course', 'room'],
      measures: [measure('course', 'count'), measure('avg_id', 'avg', 'id'), measure('total', 'sum')],
    });
    expect(() => pipelineWith([typed, bad, byCourse])).toThrow(
      /steps\[1\] \(aggregate\) › groupBy\[1\]: unknown column "room"[\s\S]*measures\[1\] › column: avg of "id", a string\(8\) column[\s\S]*measures\[2\]: sum needs a column[\s\S]*the output column "course" is named twice[\s\S]*steps\[2\] \(aggregate\): steps\[1\] already aggregates/,
    );
    expect(() => pipelineWith([aggregate({})])).toThrow(/no group-by column and no measure/);
    expect(() => pipelineWith([typed, byCourse, latest])).toThrow(/steps\[2\] deduplicates the groups/);
  });

  it('declares the group-by columns then the measures, and traces a measure to its column', () => {
    const { pipeline, job: statsJob } = pipelineWith([typed, latest, byCourse, complete]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, statsJob, deps);
    expect(plan.output.columns).toEqual([
      { name: 'course', type: t.string(8), nullable: true },
      { name: 'enrollments', type: t.bigint(), nullable: false },
      { name: 'avg_marks', type: t.decimal(7, 2), nullable: true },
      { name: 'top_marks', type: t.decimal(5, 2), nullable: true },
      { name: 'total_marks', type: t.decimal(3, 0), nullable: true },
    ]);
    const spark = viewSql(plan, 'step_3').spark;
    expect(spark).toContain('CAST(-row_number() OVER (ORDER BY `course` ASC NULLS LAST) AS BIGINT)');
    expect(spark).toContain(' UNION ALL SELECT `course` AS `course`, CAST(NULL AS BIGINT) AS `enrollments`');
    expect(spark).not.toContain("'cast:enrollments'");
    expect(spark).toContain('GROUP BY `course`');
  });

  it('counts distinct values, not NULLs, as a BIGINT that is never NULL', async () => {
    const distinct = aggregate({
      groupBy: ['course'],
      measures: [measure('rows', 'count'), measure('versions', 'count_distinct', 'updated')],
    });
    const { pipeline, job: statsJob } = pipelineWith([typed, distinct]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, statsJob, deps);
    expect(plan.output.columns.slice(1)).toEqual([
      { name: 'rows', type: t.bigint(), nullable: false },
      { name: 'versions', type: t.bigint(), nullable: false },
    ]);
    const file = join(dir, 'distinct.csv');
    writeFileSync(file, `${CSV}\nE8,C3,40,\n`);
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await runPlan(conn, plan, { file, references: {}, rowRules: {} });
    const kept = await rows(conn, `${plan.split.kept.duckdb} ORDER BY course NULLS LAST`);
    // C1: three rows of version 1; C2: E3 does not convert, E4 twice (1 and 2); C3: one version and a NULL.
    expect(kept.map((r) => [r.course, r.rows, r.versions])).toEqual([
      ['C1', '3', '1'],
      ['C2', '2', '2'],
      ['C3', '2', '1'],
      [null, '1', '1'],
    ]);
  });

  it('groups the kept rows on DuckDB; earlier rejects and failing groups go to quarantine', async () => {
    const { pipeline, job: statsJob } = pipelineWith([typed, latest, byCourse, complete]);
    const plan = jobPlan(pipeline, LOCAL_STAGE, statsJob, deps);
    const file = join(dir, 'enrollments.csv');
    writeFileSync(file, `${CSV}\n`);
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const rule = plan.quality!.rowRules[0]!;
    await runPlan(conn, plan, { file, references: {}, rowRules: { [rule]: 'course IS NOT NULL' } });

    const kept = await rows(conn, `${plan.split.kept.duckdb} ORDER BY course`);
    expect(kept).toEqual([
      { course: 'C2', enrollments: '1', avg_marks: '75.00', top_marks: '75.00', total_marks: '75' },
      { course: 'C3', enrollments: '1', avg_marks: '50.00', top_marks: '50.00', total_marks: '50' },
    ]);
    const rejected = await rows(conn, `${plan.split.rejected.duckdb} ORDER BY _lakeline_reasons`);
    expect(
      rejected.map((r) => [r.course, r.enrollments, r._lakeline_source_id, r._lakeline_reasons]),
    ).toEqual([
      ['C2', null, 'E3', 'cast:marks'],
      ['C1', '3', null, 'cast:total_marks'],
      [null, '1', null, 'dq:course_stats'],
    ]);

    // 8 rows read: 1 duplicate, 1 rejected before the aggregate, 6 grouped into 4 groups, 2 of
    // them quarantined (a total that does not fit, a rule after the aggregate).
    expect(plan.accounting).toEqual({ kind: 'grainChanging', step: 3 });
    const [counts] = await rows(conn, plan.split.counts.duckdb);
    const accounted = accountedRows(plan, counts!);
    expect(accounted).toEqual({
      inputRows: 8,
      outputRows: 2,
      quarantinedRows: 3,
      duplicateRows: 1,
      accounting: 'grainChanging',
      groupedRows: 6,
      quarantinedGroups: 2,
    });
    expect(rowsBalance(accounted)).toBe(true);
    expect(
      accounted.outputRows + (accounted.accounting === 'grainChanging' ? accounted.quarantinedGroups : 0),
    ).toBe(4);
  });
});
