import { describe, expect, it } from 'vitest';
import { policyDocument, roleDefinition, stableJson, WildcardActionError } from '../../core/index.js';

describe('policyDocument', () => {
  it('merges statements on the same resources and sorts actions', () => {
    const doc = policyDocument([
      { actions: ['glue:StartCrawler'], resources: ['arn:c1'] },
      { actions: ['glue:GetCrawler', 'glue:StartCrawler'], resources: ['arn:c1'] },
      { actions: ['sns:Publish'], resources: ['arn:topic'] },
    ]);
    expect(doc.Statement).toEqual([
      { Effect: 'Allow', Action: ['glue:GetCrawler', 'glue:StartCrawler'], Resource: ['arn:c1'] },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: ['arn:topic'] },
    ]);
  });

  it.each(['s3:*', '*', 'glue:Get*'])('refuses the wildcard action %s', (action) => {
    expect(() => policyDocument([{ actions: [action], resources: ['arn:x'] }])).toThrow(WildcardActionError);
  });

  it('keeps statements with conditions apart', () => {
    const doc = policyDocument([
      {
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
      },
      { actions: ['logs:CreateLogGroup'], resources: ['*'] },
    ]);
    expect(doc.Statement).toHaveLength(2);
  });
});

describe('roleDefinition', () => {
  it('renders a trust policy and sorted tags', () => {
    const role = roleDefinition({
      name: 'r',
      description: 'd',
      service: 'glue.amazonaws.com',
      policyName: 'p',
      statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k/*'] }],
      tags: { z: '1', a: '2' },
    });
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal.Service).toBe('glue.amazonaws.com');
    expect(role.Tags).toEqual([
      { Key: 'a', Value: '2' },
      { Key: 'z', Value: '1' },
    ]);
  });
});

describe('stableJson', () => {
  it('serializes equal values to the same bytes whatever the key order', () => {
    expect(stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
