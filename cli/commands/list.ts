import { taskGraph } from '../../core/index.js';
import { loadPipelines } from '../pipelines.js';

export async function listCommand(options: { pipelines: string; json?: boolean }): Promise<number> {
  const pipelines = await loadPipelines(options.pipelines, []);
  const rows = pipelines.map((p) => ({
    name: p.name,
    description: p.description,
    datasets: p.datasets.map((d) => d.name),
    jobs: p.jobs.map((j) => j.name),
    // The order the state machine runs the tasks in: one level after another, a level's tasks side by side.
    tasks: taskGraph(p).levels.map((level) => level.map((t) => ({ kind: t.kind, name: t.name }))),
    stages: p.stages.map((s) => s.name),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const r of rows) {
    const graph = r.tasks.map((level) => level.map((t) => t.name).join(' + ')).join(' → ');
    process.stdout.write(`${r.name}  ${r.description}\n`);
    process.stdout.write(`  datasets: ${r.datasets.join(', ')}\n  jobs:     ${r.jobs.join(', ')}\n`);
    process.stdout.write(`  runs:     ${graph}\n`);
    process.stdout.write(`  stages:   ${r.stages.join(', ')}\n`);
  }
  return 0;
}
