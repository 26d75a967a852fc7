import { describe, expect, it } from 'vitest';
import {
  columnSpec,
  concat,
  detectPii,
  dq,
  fk,
  job,
  type LayeredPipelineSpec,
  LOCAL_STAGE,
  piiText,
  processedDataset,
  quality,
  rawDataset,
  referenceCheck,
  stage,
  standardize,
} from '../../core/index.js';
import { customersJob, miniSpec, orders, ordersJob } from '../fixtures/mini-pipeline.js';
import { problems } from './problems.js';

function withoutWarehouse(spec: LayeredPipelineSpec): LayeredPipelineSpec {
  const { warehouse: _dropped, ...rest } = spec;
  return rest;
}

const withOrdersSteps = (steps: Parameters<typeof job>[0]['steps']): LayeredPipelineSpec => {
  const spec = miniSpec();
  const broken = job({ name: 'orders', input: orders, steps, output: ordersJob.output });
  return { ...spec, jobs: [customersJob, broken] };
};

describe('definePipeline validation', () => {
  it('accepts the fixture', () => {
    expect(problems(miniSpec())).toEqual([]);
  });

  const cases: { name: string; spec: () => LayeredPipelineSpec; message: string }[] = [
    {
      name: 'an unknown column in a transform',
      spec: () =>
        withOrdersSteps([
          standardize([columnSpec('order_id'), columnSpec('customer_id'), columnSpec('ordered_at')]),
          concat({ columns: ['order_id', 'amount'], as: 'label' }),
        ]),
      message:
        'mini-shop › jobs › orders › steps[1] (concat) › columns[1]: unknown column "amount" at this step\n' +
        '  fix: use one of the columns available there: order_id, customer_id, ordered_at',
    },
    {
      name: 'a DQ rule on a missing column',
      spec: () =>
        withOrdersSteps([
          standardize([columnSpec('order_id'), columnSpec('amount')]),
          quality({ ruleset: 'orders', rowRules: [dq.isComplete('order_id'), dq.inRange('discount', 0, 1)] }),
        ]),
      message:
        'mini-shop › jobs › orders › steps[1] (quality) › rowRules[1]: unknown column "discount" in a data-quality rule\n' +
        '  fix: use one of the columns available there: order_id, amount',
    },
    {
      name: 'a fact key referencing no dimension',
      spec: () => {
        const spec = miniSpec();
        const wh = spec.warehouse!;
        const f = wh.facts[0]!;
        return {
          ...spec,
          warehouse: { ...wh, facts: [{ ...f, foreignKeys: [fk('client_dim', 'customer_id')] }] },
        };
      },
      message:
        'mini-shop › warehouse › facts › order_fact › foreignKeys[0] › dimension: references no dimension "client_dim"\n' +
        '  fix: use one of: customer_dim',
    },
    {
      name: 'a duplicate dataset name',
      spec: () => {
        const spec = miniSpec();
        const twin = rawDataset({ ...orders, name: 'customers', prefix: 'customers2/' });
        return { ...spec, datasets: [...spec.datasets, twin] };
      },
      message:
        'mini-shop › datasets[2] › name: duplicate dataset name "customers"\n  fix: give each dataset its own name',
    },
    {
      name: 'an invalid stage',
      spec: () => ({
        ...miniSpec(),
        stages: [
          LOCAL_STAGE,
          stage({
            name: 'prod',
            account: '12345',
            region: 'eu-west-1',
            bucket: 'shop-prod',
            redshift: { workgroup: 'wg', database: 'db', copyRoleName: 'copy' },
          }),
        ],
      }),
      message:
        'mini-shop › stages › prod › account: "12345" is not a 12-digit AWS account id\n  fix: use the account id',
    },
    {
      name: 'a stage with both a workgroup and a cluster',
      spec: () => ({
        ...miniSpec(),
        stages: [
          LOCAL_STAGE,
          stage({
            name: 'dev',
            account: '123456789012',
            region: 'eu-west-1',
            bucket: 'shop-dev',
            redshift: { workgroup: 'wg', clusterIdentifier: 'c1', database: 'db', copyRoleName: 'copy' },
          }),
        ],
      }),
      message:
        'mini-shop › stages › dev › warehouse: set exactly one of workgroup and clusterIdentifier\n' +
        '  fix: name the Serverless workgroup or the cluster',
    },
    {
      name: 'no local stage',
      spec: () => ({ ...miniSpec(), stages: [] }),
      message:
        'mini-shop › stages: there is no `local` stage\n  fix: add LOCAL_STAGE so the pipeline can be simulated',
    },
    {
      name: 'PII that reaches processed data untreated',
      spec: () => {
        const spec = miniSpec();
        const untreated = job({
          name: 'customers',
          input: customersJob.input,
          steps: [standardize([columnSpec('customer_id'), columnSpec('email')])],
          output: customersJob.output,
        });
        return withoutWarehouse({ ...spec, jobs: [untreated, ordersJob] });
      },
      message:
        'mini-shop › jobs › customers › steps: column "email" holds EMAIL and would reach processed data untreated\n' +
        "  fix: add a detectPii step with piiColumn('email', { EMAIL: 'REDACT' }) (or PARTIAL_REDACT / SHA256_HASH)",
    },
    {
      name: 'a hash asked for inside free text',
      spec: () =>
        withOrdersSteps([
          standardize([columnSpec('order_id')]),
          detectPii([piiText('order_id', { EMAIL: 'SHA256_HASH' })]),
        ]),
      message:
        'mini-shop › jobs › orders › steps[1] (detectPii) › rules[0] › entities › EMAIL: SHA256_HASH replaces a whole value, so it cannot apply to matches inside free text\n' +
        '  fix: use REDACT or PARTIAL_REDACT for text, or piiColumn() for a column that holds only the entity',
    },
    {
      name: 'a job checking references against its own output',
      spec: () =>
        withOrdersSteps([
          standardize([columnSpec('order_id'), columnSpec('customer_id')]),
          referenceCheck({ column: 'customer_id', references: orders, key: 'order_id' }),
        ]),
      message:
        'mini-shop › jobs › orders › steps[1] (referenceCheck) › references: a job cannot check references against its own output\n' +
        '  fix: reference another dataset',
    },
    {
      name: 'a date format on a non-date column',
      spec: () => withOrdersSteps([standardize([columnSpec('order_id', { format: 'yyyy-MM-dd' })])]),
      message:
        'mini-shop › jobs › orders › steps[0] (standardize) › columns[0] › format: a format is given but the column is string\n' +
        '  fix: cast to date or timestamp, or drop the format',
    },
    {
      name: 'a partition column missing from the output',
      spec: () => {
        const spec = miniSpec();
        const j = job({
          ...ordersJob,
          output: processedDataset({ name: 'orders', partitionBy: ['region'] }),
        });
        return withoutWarehouse({ ...spec, jobs: [customersJob, j] });
      },
      message:
        'mini-shop › jobs › orders › output › partitionBy[0]: unknown column "region" in the job output\n' +
        '  fix: use one of the columns available there: order_id, customer_id, amount, ordered_at',
    },
    {
      name: 'a role on an unknown table',
      spec: () => {
        const spec = miniSpec();
        const wh = spec.warehouse!;
        const r = wh.roles[0]!;
        return {
          ...spec,
          warehouse: {
            ...wh,
            roles: [{ ...r, tables: [...r.tables, { kind: 'tableAccess', table: 'orders_fact' }] }],
          },
        };
      },
      message:
        'mini-shop › warehouse › roles › shop_reader › tables[2] › table: unknown table "orders_fact"\n' +
        '  fix: use one of: customer_dim, order_fact',
    },
  ];

  it.each(cases)('reports $name', ({ spec, message }) => {
    expect(problems(spec())).toContain(message);
  });

  it('accepts a job over a partitioned output, and says when a processed input is not read as written', () => {
    const spec = miniSpec();
    const partitioned = job({
      ...ordersJob,
      output: processedDataset({ name: 'orders', partitionBy: ['customer_id'] }),
    });
    const over = (input: ReturnType<typeof processedDataset>) =>
      withoutWarehouse({
        ...spec,
        jobs: [
          customersJob,
          partitioned,
          job({ name: 'gold', input, steps: [], output: processedDataset({ name: 'gold' }) }),
        ],
      });
    expect(problems(over(partitioned.output))).toEqual([]);
    // A handle of its own: neither the producer's partitioning nor its columns.
    const found = problems(over(processedDataset({ name: 'orders' })));
    expect(found).toContain(
      'mini-shop › jobs › gold › input: "orders" is read as partitioned by () but job "orders" writes it partitioned by (customer_id)\n' +
        "  fix: read `orders`'s own `output` handle",
    );
    expect(
      found.some((m) =>
        m.includes('"orders" is read with the columns (none) but job "orders" writes (order_id string'),
      ),
    ).toBe(true);
  });

  it('reports every problem at once', () => {
    const spec = withOrdersSteps([
      standardize([columnSpec('order_id'), columnSpec('customer_id'), columnSpec('nope')]),
      qualityOnMissingColumn(),
    ]);
    const found = problems(withoutWarehouse(spec));
    expect(found.length).toBe(2);
    expect(found[0]).toContain('columns[2] › source: unknown column "nope"');
    expect(found[1]).toContain('rowRules[0]: unknown column "missing"');
  });
});

function qualityOnMissingColumn() {
  return quality({ ruleset: 'orders', rowRules: [dq.isComplete('missing')] });
}
