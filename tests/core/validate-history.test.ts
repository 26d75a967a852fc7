/** What validation says about SCD Type 2 dimensions and the fact lookups that read them. */
import { describe, expect, it } from 'vitest';
import {
  access,
  type Dimension,
  type Fact,
  fk,
  type LayeredPipelineSpec,
  role,
  type Scd2Options,
  type Scd2Strategy,
  scd2,
  t,
  wcol,
} from '../../core/index.js';
import { miniSpec } from '../fixtures/mini-pipeline.js';
import { CHECK_STRATEGY, scd2Spec, TIMESTAMP_STRATEGY } from '../fixtures/scd2-pipeline.js';
import { problems } from './problems.js';

/** The fixture with its one dimension (or fact) changed. */
function bend(change: { dimension?: Partial<Dimension>; fact?: Partial<Fact> }): LayeredPipelineSpec {
  const spec = scd2Spec();
  const wh = spec.warehouse!;
  return {
    ...spec,
    warehouse: {
      ...wh,
      dimensions: [{ ...wh.dimensions[0]!, ...change.dimension }],
      facts: [{ ...wh.facts[0]!, ...change.fact }],
    },
  };
}

const history = (strategy: Scd2Strategy, options?: Scd2Options) => ({ history: scd2(strategy, options) });
const DIM = 'history-shop › warehouse › dimensions › dim_customers';
const FK = 'history-shop › warehouse › facts › fct_orders › foreignKeys[0]';

describe('SCD Type 2 validation', () => {
  it.each([
    ['timestamp', TIMESTAMP_STRATEGY, {}],
    ['check', CHECK_STRATEGY, {}],
    ['timestamp, invalidate', TIMESTAMP_STRATEGY, { hardDeletes: 'invalidate' }],
    [
      'check, new_record, far-future valid_to',
      CHECK_STRATEGY,
      { hardDeletes: 'new_record', validToOpen: '9999-12-31' },
    ],
  ] as const)('accepts %s', (_name, strategy, options) => {
    expect(problems(scd2Spec(strategy, options))).toEqual([]);
  });

  const cases: { name: string; spec: () => LayeredPipelineSpec; message: string }[] = [
    {
      name: 'an updatedAt the source does not have',
      spec: () => bend({ dimension: history({ strategy: 'timestamp', updatedAt: 'changed_at' }) }),
      message:
        `${DIM} › history › updatedAt: unknown column "changed_at" in customers\n` +
        '  fix: use one of the columns available there: customer_id, segment, city, updated_at',
    },
    {
      name: 'an updatedAt that is not a point in time',
      spec: () => bend({ dimension: history({ strategy: 'timestamp', updatedAt: 'city' }) }),
      message:
        `${DIM} › history › updatedAt: "city" in customers is a string(32) column, not a point in time\n` +
        '  fix: use a timestamp or date column: updated_at',
    },
    {
      name: 'a checked column the dimension does not load',
      spec: () => bend({ dimension: history({ strategy: 'check', columns: ['segment', 'updated_at'] }) }),
      message:
        `${DIM} › history › columns[1]: "updated_at" is in customers but not loaded into the dimension, so there is nothing to compare it with\n` +
        "  fix: add wcol('updated_at', …) to the dimension's columns",
    },
    {
      name: 'a checked column that exists nowhere',
      spec: () => bend({ dimension: history({ strategy: 'check', columns: ['tier'] }) }),
      message: `${DIM} › history › columns[0]: unknown column "tier" in dim_customers\n  fix: use one of: segment, city`,
    },
    {
      name: 'a check with no columns',
      spec: () => bend({ dimension: history({ strategy: 'check', columns: [] }) }),
      message: `${DIM} › history › columns: no columns to compare\n  fix: list the columns whose change makes a new version`,
    },
    {
      name: 'a far-future valid_to that is not a date',
      spec: () => bend({ dimension: history(TIMESTAMP_STRATEGY, { validToOpen: '9999-13-31' }) }),
      message:
        `${DIM} › history › validToOpen: "9999-13-31" is not a date (YYYY-MM-DD, optionally with HH:MM:SS)\n` +
        "  fix: use null or a far-future date such as '9999-12-31'",
    },
    {
      name: 'a declared column named as a column the history adds',
      spec: () =>
        bend({
          dimension: {
            columns: [wcol('segment', t.string(16)), wcol('is_deleted', t.boolean(), 'city')],
            ...history(TIMESTAMP_STRATEGY, { hardDeletes: 'new_record' }),
          },
        }),
      message: `${DIM} › is_deleted: "is_deleted" is a column SCD Type 2 history adds to the dimension\n  fix: rename the declared column`,
    },
    {
      name: 'a lookup of a dimension with history without the event time',
      spec: () => bend({ fact: { foreignKeys: [fk('dim_customers', 'customer_id', 'customer_key')] } }),
      message:
        `${FK} › at: "dim_customers" keeps SCD Type 2 history, so the lookup needs the fact's event time\n` +
        "  fix: name the fact's event-time column: fk('dim_customers', 'customer_id', 'customer_key', { at: '<column>' })",
    },
    {
      name: 'an event time that is not a point in time',
      spec: () =>
        bend({
          fact: { foreignKeys: [fk('dim_customers', 'customer_id', 'customer_key', { at: 'amount' })] },
        }),
      message:
        `${FK} › at: "amount" in orders is a decimal(10,2) column, not a point in time\n` +
        '  fix: use a timestamp or date column: ordered_at',
    },
    {
      name: 'an event time on a lookup of a dimension without history',
      spec: () => {
        const spec = miniSpec();
        const wh = spec.warehouse!;
        const f = wh.facts[0]!;
        const key = fk('customer_dim', 'customer_id', 'customer_key', { at: 'ordered_at' });
        return { ...spec, warehouse: { ...wh, facts: [{ ...f, foreignKeys: [key] }] } };
      },
      message:
        'mini-shop › warehouse › facts › order_fact › foreignKeys[0] › at: "customer_dim" keeps no history, so there is one version of each row to look up\n' +
        '  fix: drop at, or declare history: scd2(…) on customer_dim',
    },
  ];

  it.each(cases)('reports $name, with its path and fix', ({ spec, message }) => {
    expect(problems(spec())).toEqual([message]);
  });

  it('lets a role name the columns the history adds', () => {
    const spec = scd2Spec();
    const wh = spec.warehouse!;
    const reader = role({
      name: 'shop_reader',
      mode: 'read-only',
      tables: [access('dim_customers', { columns: ['customer_id', 'valid_from', 'is_current'] })],
    });
    expect(problems({ ...spec, warehouse: { ...wh, roles: [reader] } })).toEqual([]);
  });
});
