/** The lambdaFunction task kind's factory and validation: each mistake reported with its path and a fix. */
import { describe, expect, it } from 'vitest';
import { definePipeline, LOCAL_STAGE, lambdaFunction, notifications, taskGraph } from '../../core/index.js';
import { dev, echo, fixtureFunction } from '../fixtures/lambda/lambda-pipeline.js';
import { customersJob, miniSpec } from '../fixtures/mini-pipeline.js';
import { problems } from './problems.js';

const spec = (fn: ReturnType<typeof lambdaFunction>) => ({
  name: 'lambda-fixture',
  description: 'd',
  datasets: [],
  tasks: [fn],
  notifications: notifications({ topic: 'events' }),
  stages: [LOCAL_STAGE, dev],
});

const entry = fixtureFunction('echo.ts');

describe('lambdaFunction()', () => {
  it('fills in the defaults: handler, runtime, memory, timeout, the state input as payload', () => {
    const fn = lambdaFunction({ name: 'parse', entry });
    expect(fn).toMatchObject({
      kind: 'lambdaFunction',
      entry: entry.pathname,
      handler: 'handler',
      runtime: 'nodejs22.x',
      memoryMb: 256,
      timeoutSeconds: 60,
      environment: {},
      payload: '$',
      reads: [],
      writes: [],
    });
    expect(Object.isFrozen(fn)).toBe(true);
  });

  it('makes a valid pipeline with the fixture function', () => {
    expect(problems(spec(echo))).toEqual([]);
  });

  it.each([
    [{ entry: new URL('./functions/missing.ts', entry) }, /entry: \S+missing\.ts does not exist/],
    [{ entry: 'functions/echo.ts' }, /entry: "functions\/echo\.ts" is not an absolute file path/],
    [
      { entry: new URL('./lambda-pipeline.ts', new URL('..', entry)).pathname.replace('.ts', '.json') },
      /does not exist/,
    ],
    [{ handler: 'not-a-name' }, /handler: "not-a-name" is not an export name/],
    [{ runtime: 'nodejs18.x' as 'nodejs22.x' }, /runtime: "nodejs18.x" is not a supported runtime/],
    [{ memoryMb: 64 }, /memoryMb: 64 MB is outside Lambda's 128–10240/],
    [{ memoryMb: 10241 }, /memoryMb: 10241 MB/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds: 0 s is outside Lambda's 1–900/],
    [{ timeoutSeconds: 901 }, /timeoutSeconds: 901 s/],
    [{ timeoutSeconds: 1.5 }, /timeoutSeconds: 1.5 s/],
    [{ environment: { '1X': 'a' } }, /environment › 1X: "1X" is not a valid variable name/],
    [
      { environment: { AWS_REGION: 'eu-west-1' } },
      /environment › AWS_REGION: AWS_REGION is set by the Lambda runtime/,
    ],
    [
      { environment: { API_KEY: 'abc123' } },
      /environment › API_KEY: looks like a secret[\s\S]*fix: keep it in Secrets Manager and pass its ARN \(e\.g\. API_KEY_SECRET_ARN\)/,
    ],
    [{ environment: { DB_PASSWORD: 'hunter2' } }, /environment › DB_PASSWORD: looks like a secret/],
    [{ environment: { SETTING: 'AKIAABCDEFGHIJKLMNOP' } }, /environment › SETTING: looks like a secret/],
    [
      { environment: { BIG: 'x'.repeat(4100) } },
      /environment: the variables take 4103 bytes; Lambda allows 4096/,
    ],
    [{ payload: { 'key.$': '$.x' } }, /payload › key\.\$: a key ending in \.\$ is written by lakeline/],
    [{ payload: { list: ['$.a'] } }, /payload › list › \[0\]: "\$\.a" is inside a list/],
    [{ payload: '$..deep' }, /payload: "\$\.\.deep" is not a JSONPath/],
    [
      { grants: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }] },
      /grants\[0\]: "s3:\*" is a wildcard action/,
    ],
    [
      { name: 'a-function-name-long-enough-to-overflow-the-role-name' },
      /the function's role \S+ \(stage local\) is longer than the 64 characters IAM allows/,
    ],
  ])('refuses %j', (change, message) => {
    const fn = lambdaFunction({ name: 'parse', entry, ...change });
    expect(problems(spec(fn)).join('\n')).toMatch(message);
  });

  it('accepts a secret passed by ARN, and paths of the state and the context', () => {
    const fn = lambdaFunction({
      name: 'parse',
      entry,
      environment: { API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:api' },
      payload: { key: '$.detail.object.key', run: '$$.Execution.Name', all: '$', list: [1, 'two'] },
    });
    expect(problems(spec(fn))).toEqual([]);
  });

  it('waits for the job writing the dataset it reads', () => {
    const mini = definePipeline(miniSpec());
    const fn = lambdaFunction({ name: 'report', entry, reads: [customersJob.output] });
    const p = definePipeline({ ...mini, tasks: [fn, ...mini.tasks] });
    const graph = taskGraph(p);
    expect(graph.dependencies.get(fn)?.map((t) => t.name)).toContain('customers');
  });
});
