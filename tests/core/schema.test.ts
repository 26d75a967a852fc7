import { describe, expect, it } from 'vitest';
import { jobSchemas } from '../../core/index.js';
import { customersJob } from '../fixtures/mini-pipeline.js';

describe('jobSchemas', () => {
  it('tracks columns and untreated PII through the steps', () => {
    const schemas = jobSchemas(customersJob);
    expect(schemas).toHaveLength(customersJob.steps.length + 1);
    const beforePii = schemas[1]!;
    const afterPii = schemas[2]!;
    expect(beforePii.find((c) => c.name === 'email')?.pii).toBe('EMAIL');
    expect(afterPii.find((c) => c.name === 'email')?.pii).toBeUndefined();
    expect(afterPii.map((c) => [c.name, c.type.kind])).toEqual([
      ['customer_id', 'string'],
      ['email', 'string'],
      ['country', 'string'],
      ['signed_up', 'date'],
    ]);
  });
});
