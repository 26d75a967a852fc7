/**
 * Where the local engine knowingly differs from Glue (local/glue/README.md), shown on the
 * synthesized courses job: a quote that never closes costs only its own line, a quoted field may
 * still span lines, and blank lines are no rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckString } from '../../../local/engines/index.js';
import type { RunSummary } from '../../../local/glue/plan-summary.js';
import { parseS3Uri } from '../../../local/s3/index.js';
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
  const run = await world.run('courses', { '--run_id': 'd1' });
  summary = world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })!;
});
afterAll(() => world?.close());

describe('the local CSV reader', () => {
  it('quarantines only the line whose quote never closes, and reads the lines after it', async () => {
    const base = world.sample.expected.courses.inputRows;
    expect(summary).toMatchObject({ inputRows: base + 4, outputRows: base + 3, quarantinedRows: 1 });
    const glob = `${world.path(world.plans.courses.quarantine.path.replace('{run_id}', 'd1'))}/*.json`;
    const records = await world.query(`SELECT reasons, raw FROM read_json(${duckString(glob)})`);
    expect(records).toEqual([{ reasons: ['malformed'], raw: 'C9001,"Algebra,Mathematics,3,intro' }]);
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
