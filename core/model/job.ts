import type { Step } from '../steps/index.js';
import type { ProcessedDataset, RawDataset } from './dataset.js';

export type WorkerType = 'G.1X' | 'G.2X' | 'G.4X' | 'G.025X';

/** A Glue ETL job: reads one raw dataset, applies its steps in order, writes one processed dataset. */
export interface Job {
  readonly kind: 'job';
  readonly name: string;
  readonly input: RawDataset;
  readonly steps: readonly Step[];
  readonly output: ProcessedDataset;
  readonly workerType: WorkerType;
  readonly numberOfWorkers: number;
  readonly timeoutMinutes: number;
  readonly maxRetries: number;
}

export function job(spec: {
  name: string;
  input: RawDataset;
  steps: readonly Step[];
  output: ProcessedDataset;
  workerType?: WorkerType;
  numberOfWorkers?: number;
  timeoutMinutes?: number;
  maxRetries?: number;
}): Job {
  return Object.freeze({
    kind: 'job',
    name: spec.name,
    input: spec.input,
    steps: Object.freeze([...spec.steps]),
    output: spec.output,
    workerType: spec.workerType ?? 'G.1X',
    numberOfWorkers: spec.numberOfWorkers ?? 2,
    timeoutMinutes: spec.timeoutMinutes ?? 60,
    maxRetries: spec.maxRetries ?? 0,
  });
}

/** A Glue crawler over the raw layer (the given raw datasets) or the processed layer (job outputs). */
export interface Crawler {
  readonly kind: 'crawler';
  readonly name: string;
  readonly layer: 'raw' | 'processed';
  readonly datasets: readonly (RawDataset | ProcessedDataset)[];
}

export function crawler(spec: Omit<Crawler, 'kind'>): Crawler {
  return Object.freeze({ kind: 'crawler', ...spec, datasets: Object.freeze([...spec.datasets]) });
}
