import { relative } from 'node:path';
import { findStage } from '../../core/index.js';
import { loadPipelines } from '../pipelines.js';
import { synthTree, treeDir, writeTree } from '../synth-tree.js';

/** Counts files per top-level folder, for a one-line summary of the tree. */
function summarize(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const top = p.includes('/') ? `${p.slice(0, p.indexOf('/'))}/` : p;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n === 1 && !k.endsWith('/') ? k : `${k} ${n}`)).join(', ');
}

export async function synthCommand(
  names: readonly string[],
  options: { pipelines: string; stage: string; out: string },
): Promise<number> {
  const pipelines = await loadPipelines(options.pipelines, names);
  for (const pipeline of pipelines) {
    const stage = findStage(pipeline, options.stage);
    const artifacts = synthTree(pipeline, stage);
    const dir = treeDir(options.out, pipeline, stage);
    writeTree(dir, artifacts);
    process.stdout.write(
      `synthesized ${pipeline.name} for stage ${stage.name}: ${artifacts.length} files in ${relative(process.cwd(), dir) || '.'}/\n` +
        `  ${summarize(artifacts.map((a) => a.path))}\n`,
    );
  }
  return 0;
}
