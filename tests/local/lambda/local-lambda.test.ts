/**
 * The local Lambda runs a function's zip as the Lambda Node runtime would: in a child process,
 * the event in, the answer or the error as Lambda reports it out, its timeout and memory enforced,
 * its output logged as CloudWatch-style lines. The `lambda:invoke` Task handler turns a failure
 * into the error Step Functions names.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaFunction, zipArchive } from '../../../core/index.js';
import { BUNDLE_FILE, bundleFunction } from '../../../lambda-functions/index.js';
import { AwsServiceError, type TaskInvocation } from '../../../local/executor/types.js';
import { LocalLambda, NO_ENDPOINT } from '../../../local/lambda/local-lambda.js';
import { lambdaInvoke } from '../../../local/services/lambda-invoke.js';
import { fixtureFunction, lambdaPipeline } from '../../fixtures/lambda/lambda-pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-lambda-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pipeline = lambdaPipeline();
const zipOf = (file: string): Buffer => {
  const fn = lambdaFunction({ name: file.replace('.ts', ''), entry: fixtureFunction(file) });
  return zipArchive([{ name: BUNDLE_FILE, data: Buffer.from(bundleFunction(pipeline, fn)) }]);
};

const lambda = new LocalLambda({ dir, region: 'eu-west-1', account: '111111111111' });
const create = (name: string, file: string, extra: { Timeout?: number; MemorySize?: number } = {}) =>
  lambda.createFunction({
    FunctionName: name,
    Role: 'arn:aws:iam::111111111111:role/r',
    Handler: 'index.handler',
    Runtime: 'nodejs22.x',
    Environment: { Variables: { WHO: 'tests' } },
    ZipFile: zipOf(file),
    ...extra,
  });
create('echo', 'echo.ts');
create('environment', 'environment.ts');
create('reject', 'reject.ts');
create('stall', 'stall.ts', { Timeout: 1 });
create('hog', 'hog.ts', { MemorySize: 128, Timeout: 60 });

const parse = (b: Buffer) => JSON.parse(b.toString('utf8'));
const invocation = {
  stateName: 'Invoke x',
  resource: 'arn:aws:states:::lambda:invoke',
  attempt: 1,
} as TaskInvocation;

describe('LocalLambda', () => {
  it('keeps the zip’s SHA-256 as Lambda reports CodeSha256, base64', () => {
    const { configuration } = lambda.getFunction('echo');
    expect(configuration.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(configuration.FunctionArn).toBe('arn:aws:lambda:eu-west-1:111111111111:function:echo');
  });

  it('runs the function with the event, its environment and the runtime’s context', async () => {
    const out = await lambda.invoke('arn:aws:lambda:eu-west-1:111111111111:function:echo', '{"a":1}');
    expect(out.FunctionError).toBeUndefined();
    expect(parse(out.Payload)).toMatchObject({
      event: { a: 1 },
      greeting: 'hello, tests',
      region: 'eu-west-1',
      functionName: 'echo',
      envFunctionName: 'echo',
    });
  });

  it('points the SDK inside at no endpoint rather than AWS, never with the simulator’s own credentials', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAREALKEYOFTHEHOST1';
    const out = await lambda.invoke('environment', '{}');
    delete process.env.AWS_ACCESS_KEY_ID;
    expect(parse(out.Payload)).toMatchObject({
      AWS_ENDPOINT_URL: NO_ENDPOINT,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/environment',
    });
  });

  it('reports a thrown error with its type, message and trace, as an Unhandled function error', async () => {
    const out = await lambda.invoke('reject', '{"invoice":"INV-7"}');
    expect(out.FunctionError).toBe('Unhandled');
    expect(parse(out.Payload)).toMatchObject({
      errorType: 'InvoiceRejected',
      errorMessage: 'invoice INV-7 has no customer',
    });
  });

  it('ends a function at its timeout', async () => {
    const started = Date.now();
    const out = await lambda.invoke('stall', '{}');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(parse(out.Payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/),
    });
  });

  it('ends a function past its memory size', async () => {
    const out = await lambda.invoke('hog', '{}');
    expect(parse(out.Payload).errorType).toBe('Runtime.OutOfMemory');
  });

  it('logs START, the function’s lines and errors, END and REPORT per invocation', () => {
    const log = readFileSync(lambda.logFile('reject'), 'utf8').split('\n');
    expect(log[0]).toMatch(/^START RequestId: (\S+) Version: \$LATEST$/);
    const id = /RequestId: (\S+)/.exec(log[0]!)![1]!;
    expect(log[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z\\t${id}\\tERROR\\trejecting INV-7$`));
    expect(log).toContain(`END RequestId: ${id}`);
    expect(log.find((l) => l.startsWith('REPORT'))).toMatch(
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB$`,
      ),
    );
  });

  it('refuses an unknown function, a bad payload and a zip that is not one, with Lambda’s errors', async () => {
    await expect(lambda.invoke('nope', '{}')).rejects.toMatchObject({
      name: 'Lambda.ResourceNotFoundException',
    });
    await expect(lambda.invoke('echo', '{not json')).rejects.toMatchObject({
      name: 'Lambda.InvalidRequestContentException',
    });
    expect(() => lambda.updateFunctionCode('echo', Buffer.from('text'))).toThrow(/Could not unzip/);
    expect(() => create('echo', 'echo.ts')).toThrow(/already exist/);
  });
});

describe('the lambda:invoke Task', () => {
  const handler = lambdaInvoke(lambda);

  it('answers Payload, StatusCode and ExecutedVersion', async () => {
    const out = (await handler({ FunctionName: 'echo', Payload: { b: 2 } }, invocation)) as {
      Payload: { event: unknown };
      StatusCode: number;
    };
    expect(out.StatusCode).toBe(200);
    expect(out.Payload.event).toEqual({ b: 2 });
  });

  it.each([
    ['reject', 'InvoiceRejected'],
    ['stall', 'Lambda.Unknown'],
    ['nope', 'Lambda.ResourceNotFoundException'],
  ])('fails %s with %s', async (name, error) => {
    const failure = await handler({ FunctionName: name, Payload: {} }, invocation).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsServiceError);
    expect(failure).toMatchObject({ name: error });
  });
});
