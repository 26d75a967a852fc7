/**
 * Lambda functions through deploy, with the real SDK clients against `lakeline local serve`:
 * created from the tree's zip, unchanged on a second plan, updated (code and configuration) when
 * the pipeline changes them, invocable through the SDK, and removed by destroy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, treeDir, writeTree } from '../../cli/synth-tree.js';
import { ArtifactTree, findStage, lambdaFunction, type Pipeline } from '../../core/index.js';
import {
  applyDestroy,
  applyPlan,
  type Clients,
  createClients,
  destroyClients,
  planDestroy,
  planTree,
  type TreePlan,
} from '../../deploy/index.js';
import { type LocalServer, serveLocal } from '../../local/endpoint/index.js';
import { fixtureFunction, lambdaPipeline } from '../fixtures/lambda/lambda-pipeline.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-deploy-lambda-'));
const out = join(root, 'out');
let server: LocalServer;
let clients: Clients;

function synth(p: Pipeline): ArtifactTree {
  const stage = findStage(p, 'local');
  const dir = treeDir(out, p, stage);
  writeTree(dir, synthTree(p, stage));
  return new ArtifactTree(dir);
}

const functionChanges = (plan: TreePlan) =>
  plan.changes
    .filter((c) => c.resource.type === 'AWS::Lambda::Function' && c.action !== 'none')
    .map((c) => `${c.action} ${c.resource.name} ${c.changes.map((x) => x.field).join(',')}`.trim());

const later = lambdaFunction({ name: 'later', entry: fixtureFunction('echo.ts') });

beforeAll(async () => {
  server = await serveLocal({ workdir: join(root, 'account'), trees: [join(out, 'local')], port: 0 });
  clients = createClients({ region: 'us-east-1', endpoint: server.url });
});

afterAll(async () => {
  destroyClients(clients);
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('deploying Lambda functions', () => {
  it('creates each function from its zip, with its role, and then plans no change', async () => {
    const tree = synth(lambdaPipeline([later]));
    const plan = await planTree(tree, clients);
    expect(functionChanges(plan)).toEqual([
      'create lambda-fixture-local-echo',
      'create lambda-fixture-local-later',
    ]);
    const types = plan.changes.map((c) => c.resource.type);
    expect(types.indexOf('AWS::IAM::Role')).toBeLessThan(types.indexOf('AWS::Lambda::Function'));
    expect(types.indexOf('AWS::Lambda::Function')).toBeLessThan(
      types.indexOf('AWS::StepFunctions::StateMachine'),
    );
    await applyPlan(plan, clients);
    expect(functionChanges(await planTree(tree, clients))).toEqual([]);
    const got = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'lambda-fixture-local-echo' }),
    );
    expect(got.Configuration).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 10,
      Role: 'arn:aws:iam::000000000000:role/lambda-fixture-local-echo-fn-role',
      Environment: { Variables: { WHO: 'invoicing' } },
    });
    expect(got.Tags).toMatchObject({ 'lakeline:pipeline': 'lambda-fixture', 'lakeline:stage': 'local' });
  });

  it('uploads the code only when the zip changed, and updates the changed configuration', async () => {
    const changed = lambdaFunction({ ...later, entry: fixtureFunction('environment.ts'), memoryMb: 512 });
    const tree = synth(lambdaPipeline([changed]));
    const plan = await planTree(tree, clients);
    expect(functionChanges(plan)).toEqual(['update lambda-fixture-local-later CodeSha256,MemorySize']);
    await applyPlan(plan, clients);
    expect(functionChanges(await planTree(tree, clients))).toEqual([]);
    const answer = await clients.lambda.send(
      new InvokeCommand({ FunctionName: 'lambda-fixture-local-later', Payload: Buffer.from('{}') }),
    );
    expect(answer.FunctionError).toBeUndefined();
    const env = JSON.parse(Buffer.from(answer.Payload!).toString('utf8')) as Record<string, string>;
    // The new code runs, with the new memory size, its SDK pointed at the endpoint serving it.
    expect(env).toMatchObject({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_ENDPOINT_URL: server.url });
  });

  it('refuses an Invoke payload that is not JSON, as Lambda does', async () => {
    const answer = await clients.lambda
      .send(
        new InvokeCommand({
          FunctionName: 'lambda-fixture-local-echo',
          Payload: Buffer.from('{not json'),
        }),
      )
      .catch((e: Error) => e);
    expect(answer).toMatchObject({ name: 'InvalidRequestContentException' });
  });

  it('destroys the functions it created', async () => {
    const tree = synth(lambdaPipeline([later]));
    const steps = await planDestroy(tree, clients);
    const fns = steps.filter((s) => s.resource.type === 'AWS::Lambda::Function');
    expect(fns.map((s) => s.action)).toEqual(['delete', 'delete']);
    await applyDestroy(steps, clients);
    await expect(
      clients.lambda.send(new GetFunctionCommand({ FunctionName: 'lambda-fixture-local-echo' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
