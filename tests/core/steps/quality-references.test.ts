/**
 * ReferentialIntegrity in a quality step: the factory's DQDL, what validation refuses, and what the
 * job then reads (it waits for the job writing the reference, its role reads that output, its plan
 * reads it into a view and names it to the evaluators by alias).
 */
import { describe, expect, it } from 'vitest';
import {
  type DqRuleExpr,
  definePipeline,
  derive,
  dq,
  job,
  type LayeredPipelineSpec,
  lookup,
  processedDataset,
  quality,
  referenceCheck,
  referentialIntegrityParts,
  type Step,
  sql,
  t,
  taskGraph,
} from '../../../core/index.js';
import { glueJobRole, jobPlan } from '../../../glue-scripts/index.js';
import { validatePlan } from '../../../glue-scripts/schemas/index.js';
import { emitRule, parseRule } from '../../../quality-rules/index.js';
import {
  customersJob,
  customers as customersRaw,
  miniSpec,
  ordersJob,
} from '../../fixtures/mini-pipeline.js';
import { dev } from '../../glue-scripts/fixtures.js';
import { problems } from '../problems.js';

const customers = customersJob.output;

describe('dq.referentialIntegrity', () => {
  const CASES: readonly [DqRuleExpr, string][] = [
    [
      dq.referentialIntegrity('customer_id', customers, 'customer_id'),
      'ReferentialIntegrity "customer_id" "customers.customer_id" = 1',
    ],
    [
      dq.referentialIntegrity(['city', 'state'], customers, ['ref_city', 'ref_state'], dq.compare('>=', 0.9)),
      'ReferentialIntegrity "city,state" "customers.{ref_city,ref_state}" >= 0.9',
    ],
  ];
  for (const [rule, text] of CASES) {
    it(text, () => {
      expect(emitRule(rule)).toBe(text);
      expect(parseRule(text)).toEqual(rule);
    });
  }

  it('reads back its parts as Glue does, braces or not', () => {
    expect(referentialIntegrityParts(parseRule('ReferentialIntegrity "a, b" "ref.x.{k1, k2}" = 1'))).toEqual({
      columns: ['a', 'b'],
      alias: 'ref.x',
      keys: ['k1', 'k2'],
    });
    expect(referentialIntegrityParts(parseRule('ReferentialIntegrity "a" "ref.k" = 1'))).toEqual({
      columns: ['a'],
      alias: 'ref',
      keys: ['k'],
    });
    expect(referentialIntegrityParts(parseRule('ReferentialIntegrity "a" "ref" = 1'))).toBeNull();
    expect(referentialIntegrityParts(dq.isComplete('a'))).toBeNull();
  });
});

/** The mini pipeline with the orders job's quality step given these rules. */
function withOrderRules(rules: {
  rowRules?: DqRuleExpr[];
  datasetRules?: DqRuleExpr[];
}): LayeredPipelineSpec {
  // Without the processed crawler, which reads the customers output (and runs after both jobs).
  const spec = { ...miniSpec(), crawlers: miniSpec().crawlers.filter((c) => c.layer === 'raw') };
  const steps = ordersJob.steps.map((s) =>
    s.kind === 'quality'
      ? quality({ ruleset: 'orders', rowRules: rules.rowRules ?? [], datasetRules: rules.datasetRules ?? [] })
      : s,
  );
  return { ...spec, jobs: [customersJob, job({ ...ordersJob, steps })] };
}

const RI = dq.referentialIntegrity('customer_id', customers, 'customer_id');
const at = (group: string) => `mini-shop › jobs › orders › steps[2] (quality) › ${group}`;

describe('validation', () => {
  it('accepts a dataset rule naming another job output and its columns', () => {
    expect(problems(withOrderRules({ datasetRules: [RI, dq.or(dq.rowCount('=', 0), RI)] }))).toEqual([]);
  });

  const CASES: readonly [name: string, rules: Parameters<typeof withOrderRules>[0], message: string][] = [
    [
      'a row rule',
      { rowRules: [dq.and(dq.isComplete('order_id'), RI)] },
      `${at('rowRules[0]')}: ReferentialIntegrity is judged on the whole dataset: Glue gives it no outcome per row, so it cannot quarantine rows\n` +
        '  fix: move it to datasetRules (or quarantine orphan rows with a referenceCheck step)',
    ],
    [
      'a dataset no job writes',
      {
        datasetRules: [
          dq.referentialIntegrity('customer_id', processedDataset({ name: 'clients' }), 'customer_id'),
        ],
      },
      `${at('datasetRules[0]')}: no job of the pipeline writes a dataset named "clients"\n  fix: name the output of another job: customers`,
    ],
    [
      "the job's own output",
      { datasetRules: [dq.referentialIntegrity('customer_id', ordersJob.output, 'customer_id')] },
      `${at('datasetRules[0]')}: a job cannot check referential integrity against its own output\n  fix: reference another job's output`,
    ],
    [
      'a column the reference does not have',
      { datasetRules: [dq.referentialIntegrity('customer_id', customers, 'id')] },
      `${at('datasetRules[0]')}: unknown column "id" in the output of job customers\n` +
        '  fix: use one of the columns available there: customer_id, email, country, signed_up',
    ],
    [
      'a column this view does not have',
      { datasetRules: [dq.referentialIntegrity('client_id', customers, 'customer_id')] },
      `${at('datasetRules[0]')}: unknown column "client_id" in a data-quality rule\n` +
        '  fix: use one of the columns available there: order_id, customer_id, amount, ordered_at',
    ],
    [
      'columns of types a join cannot compare',
      { datasetRules: [dq.referentialIntegrity('amount', customers, 'customer_id')] },
      `${at('datasetRules[0]')}: column "amount" is decimal here but "customer_id" is string in the output of job customers\n` +
        '  fix: give both the same type (standardize or derive)',
    ],
    [
      'as many columns as keys',
      { datasetRules: [dq.referentialIntegrity(['customer_id', 'order_id'], customers, 'customer_id')] },
      `${at('datasetRules[0]')}: ReferentialIntegrity compares 2 column(s) with 1 of "customers"\n` +
        '  fix: name as many reference columns as columns, in matching order',
    ],
    [
      'a reference not of the form alias.columns',
      { datasetRules: [parseRule('ReferentialIntegrity "customer_id" "customers" = 1')] },
      `${at('datasetRules[0]')}: the reference of a ReferentialIntegrity rule is not of the form "<dataset>.<column>" or "<dataset>.{<column>,…}"\n` +
        '  fix: build the rule with dq.referentialIntegrity(columns, dataset, keys)',
    ],
  ];
  for (const [name, rules, message] of CASES) {
    it(`refuses ${name}`, () => {
      expect(problems(withOrderRules(rules))).toEqual([message]);
    });
  }
});

describe('what the job reads', () => {
  const pipeline = definePipeline(
    withOrderRules({
      datasetRules: [
        dq.isPrimaryKey('order_id'),
        dq.referentialIntegrity('customer_id', customers, 'customer_id', dq.compare('>=', 0.95)),
        dq.referentialIntegrity(['customer_id', 'order_id'], customers, ['customer_id', 'country']),
      ],
    }),
  );
  const orders = pipeline.jobs.find((j) => j.name === 'orders')!;
  const plan = jobPlan(pipeline, dev, orders, { emitRule });

  const plain = definePipeline(withOrderRules({ datasetRules: [dq.isPrimaryKey('order_id')] }));
  // The jobs share one role, whose writes include reading what they write: the inputs' statement.
  const readable = (p: typeof pipeline) =>
    glueJobRole(p, dev).Policies[0]!.PolicyDocument.Statement.find((s) => s.Sid === 'ReadInputs')!.Resource;

  it('waits for the job writing the reference', () => {
    const waits = (p: typeof pipeline) =>
      taskGraph(p)
        .dependencies.get(p.jobs.find((j) => j.name === 'orders')!)
        ?.map((t) => t.name);
    expect(waits(plain)).toEqual(['raw']);
    expect(waits(pipeline)).toEqual(['raw', 'customers']);
  });

  it('reads the reference into a view, once, with the key columns the rules read', () => {
    expect(plan.references).toEqual([
      {
        dataset: 'customers',
        job: 'customers',
        view: 'dq_ref_customers',
        path: 's3://lakeline-dev-data/mini-shop/processed/customers/',
        format: 'parquet',
        partitionBy: [],
        columns: [
          { name: 'customer_id', type: t.string(16), nullable: false },
          { name: 'country', type: t.string(2), nullable: true },
        ],
      },
    ]);
    expect(plan.actions.slice(0, 3).map((a) => a.action)).toEqual(['readInput', 'readReference', 'view']);
    expect(plan.quality?.references).toEqual([{ alias: 'customers', view: 'dq_ref_customers' }]);
    expect(plan.quality?.datasetRules).toContain(
      'ReferentialIntegrity "customer_id,order_id" "customers.{customer_id,country}" = 1',
    );
    expect(validatePlan(plan)).toEqual([]);
  });

  it('a plan naming a view it does not read is refused', () => {
    const broken = { ...plan, references: [] };
    expect(validatePlan(broken)).toEqual([
      "/quality/references/0: view dq_ref_customers is not among the plan's references",
    ]);
  });

  it("the job's role reads the reference's prefix", () => {
    const prefix = 'arn:aws:s3:::lakeline-dev-data/mini-shop/processed/customers/*';
    expect(readable(plain)).not.toContain(prefix);
    expect(readable(pipeline)).toContain(prefix);
  });

  it('a job over a partitioned output reads the partition columns it compares as typed', () => {
    const days = job({
      name: 'order-days',
      input: ordersJob.output,
      steps: [
        derive({ as: 'big', type: t.boolean(), expr: sql.binary('>', sql.col('amount'), sql.lit(100)) }),
        quality({
          ruleset: 'order_days',
          datasetRules: [dq.referentialIntegrity('customer_id', ordersJob.output, 'customer_id')],
        }),
      ],
      output: processedDataset({ name: 'order_days' }),
    });
    const spec = miniSpec();
    const gold = definePipeline({ ...spec, jobs: [...spec.jobs, days] });
    const goldPlan = jobPlan(gold, dev, gold.jobs.find((j) => j.name === 'order-days')!, { emitRule });
    expect(goldPlan.references).toMatchObject([
      { view: 'dq_ref_orders', partitionBy: ['customer_id'], columns: [{ name: 'customer_id' }] },
    ]);
    expect(validatePlan(goldPlan)).toEqual([]);
  });

  it('a referenceCheck, a lookup and a rule over the same output each read it once per view', () => {
    // The check names the raw customers dataset, the lookup and the rule the customers output: the
    // check and the lookup share `ref_customers` (the same job's output), the rule reads its own view.
    const steps = ordersJob.steps.flatMap((s): Step[] =>
      s.kind !== 'quality'
        ? [s]
        : [
            referenceCheck({ column: 'customer_id', references: customersRaw, key: 'customer_id' }),
            lookup({
              from: customers,
              on: { column: 'customer_id', key: 'customer_id' },
              columns: [{ column: 'country', as: 'customer_country' }],
            }),
            quality({
              ruleset: 'orders',
              datasetRules: [
                dq.referentialIntegrity(['customer_id', 'customer_country'], customers, [
                  'customer_id',
                  'country',
                ]),
              ],
            }),
          ],
    );
    const spec = { ...miniSpec(), crawlers: miniSpec().crawlers.filter((c) => c.layer === 'raw') };
    const all = definePipeline({ ...spec, jobs: [customersJob, job({ ...ordersJob, steps })] });
    const allOrders = all.jobs.find((j) => j.name === 'orders')!;
    const allPlan = jobPlan(all, dev, allOrders, { emitRule });
    expect(allPlan.references.map((r) => [r.view, r.dataset, r.job, r.columns.map((c) => c.name)])).toEqual([
      ['ref_customers', 'customers', 'customers', ['customer_id', 'country']],
      ['dq_ref_customers', 'customers', 'customers', ['customer_id', 'country']],
    ]);
    const registered = allPlan.actions.flatMap((a) =>
      a.action === 'readReference' ? [a.reference.view] : [],
    );
    expect(registered).toEqual(['ref_customers', 'dq_ref_customers']);
    expect(allPlan.quality?.references).toEqual([{ alias: 'customers', view: 'dq_ref_customers' }]);
    expect(validatePlan(JSON.parse(JSON.stringify(allPlan)))).toEqual([]);
    // The job waits once for the customers job, and its role reads that output's prefix.
    expect(
      taskGraph(all)
        .dependencies.get(allOrders)
        ?.map((t) => t.name),
    ).toEqual(['raw', 'customers']);
    expect(readable(all)).toContain('arn:aws:s3:::lakeline-dev-data/mini-shop/processed/customers/*');
  });
});
