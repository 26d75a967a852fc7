/** Raw partition folders and incremental reads: what validation refuses, each with its path. */
import { describe, expect, it } from 'vitest';
import {
  column as c,
  highWaterMark,
  ingestionStateKey,
  job,
  latestExtract,
  rawDataset,
  readColumns,
  t,
  validatePipeline,
} from '../../core/index.js';
import { customers, customersJob, eventsJob, incrementalPipeline } from '../fixtures/incremental-pipeline.js';

const problems = (change: (p: ReturnType<typeof incrementalPipeline>) => object): string[] =>
  validatePipeline({ ...incrementalPipeline(), ...change(incrementalPipeline()) } as never).map(
    (e) => `${e.path.join(' › ')}: ${e.problem}`,
  );

describe('raw partitions and incremental reads', () => {
  it('a job reads the partition columns after the file columns; the state has one key', () => {
    expect(readColumns(customers).map((col) => col.name)).toEqual([
      'customer_id',
      'segment',
      'updated_at',
      'ingestion_date',
    ]);
    expect(ingestionStateKey('bronze-increments')).toBe('bronze-increments/state/ingestion_state.json');
    expect(validatePipeline(incrementalPipeline())).toEqual([]);
  });

  it.each([
    [
      'a partition that is also a file column',
      [c('ingestion_date', t.string())],
      { name: 'ingestion_date', type: t.date() },
      /both a column of the files and a partition folder/,
    ],
    [
      'a partition type a folder cannot hold',
      [],
      { name: 'amount', type: t.double() },
      /type double is not supported/,
    ],
    [
      'a partition name that is not snake_case',
      [],
      { name: 'Day', type: t.date() },
      /not a valid partition column name/,
    ],
  ])('refuses %s', (_, extra, partition, message) => {
    const dataset = rawDataset({
      name: 'customers',
      prefix: 'customers/',
      format: 'csv',
      columns: [...customers.columns, ...extra],
      partitionedBy: [partition],
    });
    const found = problems((p) => ({ datasets: [dataset, ...p.datasets.slice(1)] }));
    expect(
      found.some((f) => f.startsWith('datasets › customers › partitionedBy[0]') && message.test(f)),
    ).toBe(true);
  });

  it.each([
    [
      'a mark column the files do not hold',
      highWaterMark({ column: 'nope' }),
      customers,
      /"nope" is not a column of the files/,
    ],
    [
      'a mark column of a type without order',
      highWaterMark({ column: 'flag' }),
      undefined,
      /does not order values/,
    ],
    [
      'nothing to tell new from old',
      highWaterMark(),
      rawDataset({ name: 'customers', prefix: 'customers/', format: 'csv', columns: customers.columns }),
      /nothing tells new data from old/,
    ],
  ])('refuses %s', (_, mark, dataset, message) => {
    const input =
      dataset ??
      rawDataset({
        name: 'customers',
        prefix: 'customers/',
        format: 'csv',
        columns: [...customers.columns, c('flag', t.boolean())],
        partitionedBy: [{ name: 'ingestion_date', type: t.date() }],
      });
    const j = job({ ...customersJob, input, incremental: mark });
    const found = problems((p) => ({
      datasets: [input, ...p.datasets.slice(1)],
      tasks: [...p.crawlers, j, eventsJob],
      jobs: [j, eventsJob],
    }));
    expect(found.some((f) => f.startsWith('jobs › bronze-customers › incremental') && message.test(f))).toBe(
      true,
    );
  });

  it('refuses a latest-extract read of a dataset without partition folders, saying how to declare them', () => {
    const input = rawDataset({
      name: 'customers',
      prefix: 'customers/',
      format: 'csv',
      columns: customers.columns,
    });
    const j = job({ ...customersJob, input, steps: [], incremental: latestExtract() });
    const p = incrementalPipeline();
    const errors = validatePipeline({
      ...p,
      datasets: [input, ...p.datasets.slice(1)],
      crawlers: [],
      tasks: [j, eventsJob],
      jobs: [j, eventsJob],
    } as never);
    expect(errors.map((e) => [e.path.join(' › '), e.problem, e.fix])).toEqual([
      [
        'jobs › bronze-customers › incremental',
        '"customers" has no partition folders, so no extract can be told from the next',
        "declare the dataset's `partitionedBy` (`[{ name: 'ingestion_date', type: t.date() }]`) and land each full extract in a folder of its own",
      ],
    ]);
  });

  it('a latest-extract read of a partitioned dataset is valid and needs no mark column', () => {
    const j = job({ ...customersJob, incremental: latestExtract() });
    expect(j.incremental).toEqual({ kind: 'latestExtract' });
    expect(problems((p) => ({ tasks: [...p.crawlers, j, eventsJob], jobs: [j, eventsJob] }))).toEqual([]);
  });

  it("refuses a latest-extract read of another job's output", () => {
    const j = job({
      ...eventsJob,
      name: 'silver',
      input: customersJob.output,
      incremental: latestExtract(),
      steps: [],
      output: { ...eventsJob.output, name: 'silver' },
    });
    const found = problems((p) => ({ tasks: [...p.tasks, j], jobs: [...p.jobs, j] }));
    expect(found).toContain(
      'jobs › silver › incremental: "bronze_customers" is another job\'s output; only raw datasets are read incrementally',
    );
  });

  it('refuses two jobs reading one dataset incrementally', () => {
    const again = job({ ...customersJob, name: 'again', output: { ...customersJob.output, name: 'again' } });
    const found = problems((p) => ({ tasks: [...p.tasks, again], jobs: [...p.jobs, again] }));
    expect(found.some((f) => /reads "customers" incrementally too/.test(f))).toBe(true);
  });
});
