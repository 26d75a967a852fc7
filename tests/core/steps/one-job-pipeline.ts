/** A pipeline of one job over one raw dataset, as the step kinds' tests run their steps in. */
import {
  definePipeline,
  job,
  LOCAL_STAGE,
  notifications,
  processedDataset,
  type RawDataset,
  type Step,
} from '../../../core/index.js';

export function oneJobPipeline(input: RawDataset, output: string, steps: readonly Step[]) {
  const only = job({
    name: output.replaceAll('_', '-'),
    input,
    steps,
    output: processedDataset({ name: output }),
  });
  const pipeline = definePipeline({
    name: 'steps',
    description: `one job: ${output}`,
    datasets: [input],
    crawlers: [],
    jobs: [only],
    notifications: notifications({ topic: 'alerts' }),
    stages: [LOCAL_STAGE],
  });
  return { pipeline, job: only };
}
