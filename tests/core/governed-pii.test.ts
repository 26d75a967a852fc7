/**
 * detectPii's GOVERN: the column stays in clear, tagged governed, and validation holds every reader
 * that is not entitled to clear values to a mask (warehouse) or a column exclusion (Lake Formation).
 */
import { describe, expect, it } from 'vitest';
import {
  access,
  columnSpec,
  detectPii,
  governance,
  job,
  jobOutputSchema,
  type LayeredPipelineSpec,
  lakeGrant,
  type MaskKind,
  mart,
  piiColumn,
  piiText,
  principal,
  processedDataset,
  role,
  standardize,
  t,
  warehouse,
  wcol,
} from '../../core/index.js';
import { customersJob, miniSpec } from '../fixtures/mini-pipeline.js';
import { problems } from './problems.js';

/** The mini pipeline with the customers' e-mail governed instead of hashed. */
const governedJob = job({
  name: 'customers',
  input: customersJob.input,
  steps: customersJob.steps.map((s) =>
    s.kind === 'detectPii' ? detectPii([piiColumn('email', { EMAIL: 'GOVERN' })]) : s,
  ),
  output: customersJob.output,
});

function spec(
  options: {
    masks?: Readonly<Record<string, MaskKind>>;
    columns?: string[];
    grant?: Partial<Parameters<typeof lakeGrant>[0]>;
  } = {},
): LayeredPipelineSpec {
  const mini = miniSpec();
  const wh = mini.warehouse!;
  return {
    ...mini,
    jobs: [governedJob, ...mini.jobs.slice(1)],
    warehouse: warehouse({
      ...wh,
      roles: [
        role({ name: 'shop_engineer', mode: 'read-write', tables: [access('customer_dim')] }),
        role({
          name: 'shop_reader',
          mode: 'read-only',
          tables: [
            access('customer_dim', {
              ...(options.masks === undefined ? {} : { masks: options.masks }),
              ...(options.columns === undefined ? {} : { columns: options.columns }),
            }),
          ],
        }),
      ],
    }),
    governance: governance({
      admins: [principal('admin')],
      grants: [
        lakeGrant({
          principal: principal('analyst'),
          dataset: governedJob.output,
          permissions: ['SELECT'],
          ...options.grant,
        }),
      ],
    }),
  };
}

describe('governed personal data', () => {
  it('stays in the output in clear, tagged with what it holds', () => {
    const email = jobOutputSchema(governedJob).find((c) => c.name === 'email');
    expect(email).toMatchObject({ name: 'email', governed: 'EMAIL' });
    expect(email).not.toHaveProperty('pii');
  });

  it('stays governed in a job over that output, so grants on it are checked too', () => {
    const silver = job({
      name: 'customer-contacts',
      input: governedJob.output,
      bookmark: false,
      steps: [standardize([columnSpec('customer_id'), columnSpec('email')])],
      output: processedDataset({ name: 'customer_contacts' }),
    });
    expect(jobOutputSchema(silver).find((c) => c.name === 'email')).toMatchObject({ governed: 'EMAIL' });
    const withSilver = spec({ masks: { email_hash: 'hash' }, grant: { excludeColumns: ['email'] } });
    const found = problems({
      ...withSilver,
      jobs: [...withSilver.jobs, silver],
      governance: governance({
        admins: [principal('admin')],
        grants: [
          lakeGrant({ principal: principal('analyst'), dataset: silver.output, permissions: ['SELECT'] }),
        ],
      }),
    });
    expect(found).toEqual([
      'mini-shop › governance › grants[0] › excludeColumns: customer_contacts.email holds EMAIL in clear (detectPii GOVERN), and analyst would read it\n' +
        "  fix: exclude it (excludeColumns: ['email']), or set clearPii: true if analyst may read personal data in clear",
    ]);
  });

  it('is refused unmasked to a read-only role and unexcluded from a lake grant', () => {
    expect(problems(spec())).toEqual([
      'mini-shop › warehouse › roles › shop_reader › tables[0] › masks: customer_dim.email_hash holds EMAIL in clear (detectPii GOVERN), and read-only role shop_reader would read it unmasked\n' +
        "  fix: mask it (masks: { email_hash: 'partial' }, or 'email', 'hash', 'full'), or leave it out of columns",
      'mini-shop › governance › grants[0] › excludeColumns: customers.email holds EMAIL in clear (detectPii GOVERN), and analyst would read it\n' +
        "  fix: exclude it (excludeColumns: ['email']), or set clearPii: true if analyst may read personal data in clear",
    ]);
  });

  it('is accepted masked, left out of the columns, excluded, or granted clear on purpose', () => {
    expect(problems(spec({ masks: { email_hash: 'hash' }, grant: { excludeColumns: ['email'] } }))).toEqual(
      [],
    );
    expect(
      problems(
        spec({ columns: ['customer_key', 'country'], grant: { columns: ['customer_id', 'country'] } }),
      ),
    ).toEqual([]);
    expect(problems(spec({ masks: { email_hash: 'full' }, grant: { clearPii: true } }))).toEqual([]);
  });

  it('is held to a mask in a mart loaded from it too', () => {
    const base = spec({ masks: { email_hash: 'hash' }, grant: { excludeColumns: ['email'] } });
    const contacts = mart({
      name: 'customer_contacts',
      source: governedJob.output,
      columns: [wcol('customer_id', t.string(16)), wcol('contact', t.string(256), 'email')],
    });
    const withMart = (masks?: Readonly<Record<string, MaskKind>>) =>
      problems({
        ...base,
        warehouse: warehouse({
          ...base.warehouse!,
          marts: [contacts],
          roles: [
            ...base.warehouse!.roles,
            role({
              name: 'shop_analyst',
              mode: 'read-only',
              tables: [access('customer_contacts', masks === undefined ? {} : { masks })],
            }),
          ],
        }),
      });
    expect(withMart()).toEqual([
      'mini-shop › warehouse › roles › shop_analyst › tables[0] › masks: customer_contacts.contact holds EMAIL in clear (detectPii GOVERN), and read-only role shop_analyst would read it unmasked\n' +
        "  fix: mask it (masks: { contact: 'partial' }, or 'email', 'hash', 'full'), or leave it out of columns",
    ]);
    expect(withMart({ contact: 'email' })).toEqual([]);
  });

  it('is a whole column: free text cannot be governed', () => {
    const textJob = job({
      ...governedJob,
      steps: governedJob.steps.map((s) =>
        s.kind === 'detectPii' ? detectPii([piiText('email', { EMAIL: 'GOVERN' })]) : s,
      ),
    });
    expect(
      problems({ ...spec({ masks: { email_hash: 'hash' } }), jobs: [textJob, ...miniSpec().jobs.slice(1)] }),
    ).toContainEqual(expect.stringContaining('free text cannot be governed column by column'));
  });
});
