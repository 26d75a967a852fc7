/** A Glue crawler over datasets of one layer, run as a task: start, then poll until it is done. */
import { datasetKey, type ProcessedDataset, type RawDataset } from '../model/dataset.js';
import { afterOf, none, type TaskKind, type TaskNode } from './task-kind.js';

/** A Glue crawler over the raw layer (the given raw datasets) or the processed layer (job outputs). */
export interface Crawler extends TaskNode {
  readonly kind: 'crawler';
  readonly layer: 'raw' | 'processed';
  readonly datasets: readonly (RawDataset | ProcessedDataset)[];
}

export function crawler(spec: {
  name: string;
  layer: 'raw' | 'processed';
  datasets: readonly (RawDataset | ProcessedDataset)[];
  after?: readonly TaskNode[];
}): Crawler {
  return Object.freeze({
    kind: 'crawler',
    name: spec.name,
    layer: spec.layer,
    datasets: Object.freeze([...spec.datasets]),
    after: afterOf(spec.after),
  });
}

export const crawlKind: TaskKind<Crawler> = {
  kind: 'crawler',
  section: 'crawlers',
  reads: (node) => node.datasets,
  writes: none,
  catalogs: (node) => node.datasets,
  validate: ({ pipeline, node, path, report }) => {
    const outputs = new Set(pipeline.jobs.map((j) => datasetKey(j.output)));
    node.datasets.forEach((d, i) => {
      const ok =
        node.layer === 'raw'
          ? d.kind === 'rawDataset' && pipeline.datasets.includes(d)
          : d.kind === 'processedDataset' && outputs.has(datasetKey(d));
      if (!ok) {
        report(
          [...path, `datasets[${i}]`],
          `"${d.name}" is not a ${node.layer} dataset of this pipeline`,
          `list ${node.layer === 'raw' ? 'raw datasets' : 'job outputs'} only`,
        );
      }
    });
  },
};
