/**
 * A grain-changing job end to end: the flagship with a gold job that aggregates the courses
 * job's output per department. run.json says how each dataset's rows are accounted for: the
 * flagship's jobs preserve rows, the aggregate's counts the rows it grouped and the groups it
 * quarantined, and both identities hold.
 */
import { describe, expect, it } from 'vitest';
import { definePipeline } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { departmentStatsJob } from '../fixtures/department-stats-job.js';
import { makeWorld, processedRows, run } from './simulate-world.js';

const world = makeWorld(120, 0.1);
const courses = flagship.jobs.find((j) => j.name === 'courses')!;
const pipeline = definePipeline({
  ...flagship,
  tasks: [...flagship.tasks, departmentStatsJob(courses.output)],
});

describe('a grain-changing job in run.json', () => {
  it('accounts for the grouped rows and the quarantined groups; the other jobs preserve rows', async () => {
    const { run: record, workdir } = await run(world, { pipeline });
    expect(record.status).toBe('SUCCEEDED');
    for (const dataset of ['students', 'courses', 'instructors', 'enrollments']) {
      const d = record.datasets[dataset]!;
      expect({ dataset, accounting: d.accounting, groupedRows: 'groupedRows' in d }).toEqual({
        dataset,
        accounting: 'rowPreserving',
        groupedRows: false,
      });
    }
    const stats = record.datasets.department_stats!;
    if (stats.accounting !== 'grainChanging') throw new Error(`accounting ${stats.accounting}`);
    expect(stats.inputRows).toBe(record.datasets.courses!.outputRows);
    expect(stats.groupedRows + (stats.quarantinedRows - stats.quarantinedGroups) + stats.duplicateRows).toBe(
      stats.inputRows,
    );
    // Courses of 4 credits and more are quarantined before the aggregate.
    expect(stats.quarantinedRows - stats.quarantinedGroups).toBeGreaterThan(0);
    expect(stats.groupedRows).toBeGreaterThan(0);
    const groups = (await processedRows(workdir))
      .map((j) => JSON.parse(j) as Record<string, unknown>)
      .filter((r) => 'first_course' in r);
    expect(groups.length).toBe(stats.outputRows);
    for (const g of groups) expect(Number(g.courses)).toBeGreaterThan(1);
  });
});
