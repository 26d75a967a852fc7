/**
 * The notify task kind end to end: the flagship announcing the warehouse load as soon as it is
 * done, before the run's own success message, and refusing a notification that waits for nothing.
 */
import { describe, expect, it } from 'vitest';
import { definePipeline, notify } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { makeWorld, run } from './simulate-world.js';

const world = makeWorld(60, 0);
const load = flagship.tasks.find((t) => t.kind === 'warehouseLoad')!;

describe('a notification in the graph', () => {
  it('is published once the tasks it waits for are done, before the run’s own message', async () => {
    const announced = notify({ name: 'warehouse-loaded', subject: 'Warehouse loaded', after: [load] });
    const pipeline = definePipeline({ ...flagship, tasks: [...flagship.tasks, announced] });
    const { run: record } = await run(world, { pipeline });
    expect(record.status).toBe('SUCCEEDED');
    expect(record.notifications.map((n) => n.subject)).toEqual([
      'Warehouse loaded',
      'lakeline student-enrollment (local): run succeeded',
    ]);
    expect(record.notifications[0]!.message).toMatch(
      /^Warehouse loaded\n\nRun run-\S+ of student-enrollment \(local\)\.$/,
    );
    const names = record.states.map((s) => s.name);
    expect(names.indexOf('Notify warehouse-loaded')).toBeGreaterThan(names.indexOf('Start warehouse load'));
  });

  it('that waits for nothing is refused with the path', () => {
    const early = notify({ name: 'too-early', subject: 'Hello' });
    expect(() => definePipeline({ ...flagship, tasks: [...flagship.tasks, early] })).toThrow(
      /tasks › too-early › after: a notification waits for nothing/,
    );
  });
});
