import { loadPipelines } from '../pipelines.js';
import { synthTree } from '../synth-tree.js';
import { checkedCounts, validateTree } from '../validate-tree.js';

/**
 * Loading a pipeline validates its definition (definePipeline throws with every problem); then
 * each stage's tree is synthesized in memory and checked.
 */
export async function validateCommand(
  names: readonly string[],
  options: { pipelines: string },
): Promise<number> {
  const pipelines = await loadPipelines(options.pipelines, names);
  let failures = 0;
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      const artifacts = synthTree(pipeline, stage);
      const problems = validateTree(artifacts);
      if (problems.length === 0) {
        process.stdout.write(
          `ok   ${pipeline.name} (${stage.name}): ${artifacts.length} files, ${checkedCounts(artifacts)} checked\n`,
        );
      } else {
        failures += problems.length;
        process.stdout.write(`FAIL ${pipeline.name} (${stage.name}): ${problems.length} problems\n`);
        for (const p of problems) process.stdout.write(`  ${p.path}: ${p.problem}\n`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}
