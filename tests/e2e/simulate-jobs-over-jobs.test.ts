/**
 * A job over another job's output, end to end: the flagship with a gold job reading the courses
 * job's processed output. The graph runs it after the courses job; it reads Parquet from the
 * processed layer, and run.json counts it under the dataset it writes.
 */
import { describe, expect, it } from 'vitest';
import {
  definePipeline,
  derive,
  dq,
  job,
  processedDataset,
  quality,
  sql,
  t,
  taskGraph,
} from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { makeWorld, processedRows, run } from './simulate-world.js';

const world = makeWorld(120, 0.1);

const courses = flagship.jobs.find((j) => j.name === 'courses')!;
const courseHours = job({
  name: 'course-hours',
  input: courses.output,
  steps: [
    derive({ as: 'contact_hours', type: t.int(), expr: sql.binary('*', sql.col('credits'), sql.lit(15)) }),
    quality({ ruleset: 'course_hours', datasetRules: [dq.rowCount('>', 0)] }),
  ],
  output: processedDataset({ name: 'course_hours' }),
});
const pipeline = definePipeline({ ...flagship, tasks: [...flagship.tasks, courseHours] });

describe('a job over another job’s output', () => {
  it('runs after the job it reads; the job checking references against the raw courses does not wait for it', () => {
    const { dependencies } = taskGraph(pipeline);
    expect(dependencies.get(courseHours)).toContain(courses);
    // Its input is named as the raw dataset the enrollments check against, and is not that dataset.
    const enrollments = flagship.jobs.find((j) => j.name === 'enrollments')!;
    expect(dependencies.get(enrollments)).not.toContain(courseHours);
  });

  it('reads the processed output, and run.json counts it under what it writes', async () => {
    const { run: record, workdir } = await run(world, { pipeline });
    expect(record.status).toBe('SUCCEEDED');
    const coursesOut = record.datasets.courses!;
    const hours = record.datasets.course_hours!;
    expect(hours.inputRows).toBe(coursesOut.outputRows);
    expect(hours.outputRows + hours.quarantinedRows + hours.duplicateRows).toBe(hours.inputRows);
    const rows = (await processedRows(workdir))
      .map((j) => JSON.parse(j) as Record<string, unknown>)
      .filter((r) => 'contact_hours' in r);
    expect(rows.length).toBe(hours.outputRows);
    for (const r of rows) expect(r.contact_hours).toBe((r.credits as number) * 15);
  });
});
