/**
 * Where the local reader knowingly differs from Spark's own CSV reader (local/glue/README.md),
 * shown on the synthesized courses job: a quote that never closes costs only its own line, a
 * quoted field may still span lines, and blank lines are no rows; a record with invalid UTF-8, or
 * longer than 2 MB, is quarantined with a reason that says so (Spark's reader would keep both, the
 * first with U+FFFD in place of the bad bytes). The runner screens CSV the same way
 * (tests/glue-scripts/csv-screen.test.ts holds the two screens to each other).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../core/index.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { duckString } from '../engines/duckdb-quoting.js';
import { type GlueWorld, glueWorld } from './glue-world.js';

let world: GlueWorld;
let summary: RunSummary;
beforeAll(async () => {
  world = await glueWorld({ rows: 60, dirty: 0 });
  const { bucket, key } = parseS3Uri(world.plans.courses.input.path);
  world.s3.put(
    bucket,
    `${key}extra.csv`,
    [
      'course_id,course_name,department,credits,level',
      'C9001,"Algebra,Mathematics,3,intro',
      'C9002,"Linear',
      'Algebra",Mathematics,3,intro',
      '',
      'C9003,Topology,Mathematics,4,""',
      'C9004,Geometry,Mathematics,3,advanced',
    ].join('\n'),
  );
  const text = (s: string) => Buffer.from(s);
  world.s3.put(
    bucket,
    `${key}more.csv`,
    Buffer.concat([
      text('course_id,course_name,department,credits,level\nC9005,Alg'),
      Buffer.from([0xe8]),
      text(`bre,Mathematics,3,intro\nC9006,"${'x'.repeat(2_000_001)}",Mathematics,3,intro\n`),
    ]),
  );
  const run = await world.run('courses', { '--run_id': 'd1' });
  summary = world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })!;
});
afterAll(() => world?.close());

async function quarantined(): Promise<{ reasons: string[]; raw: string }[]> {
  const glob = `${world.path(world.plans.courses.quarantine.path.replace('{run_id}', 'd1'))}/*.json`;
  const rows = await world.query(`SELECT reasons, raw FROM read_json(${duckString(glob)}) ORDER BY raw[1:5]`);
  return rows as { reasons: string[]; raw: string }[];
}

describe('the local CSV reader', () => {
  it('quarantines only the line whose quote never closes, and reads the lines after it', async () => {
    const base = world.sample.expected.courses.inputRows;
    expect(summary).toMatchObject({ inputRows: base + 6, outputRows: base + 3, quarantinedRows: 3 });
    const records = await quarantined();
    expect(records[0]).toEqual({ reasons: ['malformed'], raw: 'C9001,"Algebra,Mathematics,3,intro' });
  });

  it('quarantines a record with invalid UTF-8, and one over 2 MB, saying why', async () => {
    const records = await quarantined();
    expect(records.slice(1).map((r) => r.reasons)).toEqual([
      ['malformed: invalid UTF-8 at byte offset 56 (line 2)'],
      ['malformed: record exceeds the 2 MB record limit (2,000,029 bytes)'],
    ]);
    expect(records[1]!.raw).toBe('C9005,Alg\ufffdbre,Mathematics,3,intro');
  });

  it('keeps a quoted field that spans lines; a quoted empty field is blank text, which standardize nulls', async () => {
    const glob = `${world.path(world.plans.courses.output.path)}**/*.parquet`;
    const rows = await world.query(
      `SELECT course_id, course_name, level FROM read_parquet(${duckString(glob)}) WHERE course_id > 'C9' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { course_id: 'C9002', course_name: 'Linear\nAlgebra', level: 'intro' },
      { course_id: 'C9003', course_name: 'Topology', level: null },
      { course_id: 'C9004', course_name: 'Geometry', level: 'advanced' },
    ]);
  });
});
