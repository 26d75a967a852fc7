/**
 * The functions' artifacts: a bundle that is the same bytes at every synth, the zip holding
 * exactly it, CreateFunction's input, and an execution role derived from what the function declares.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthTree } from '../../cli/synth-tree.js';
import { validateTree } from '../../cli/validate-tree.js';
import {
  type Artifact,
  artifactBytes,
  findStage,
  lambdaFunction,
  artifactLayout as layout,
  PipelineDefinitionError,
  processedDataset,
  readZip,
} from '../../core/index.js';
import { synthFunctions } from '../../lambda-functions/index.js';
import { fixtureFunction, lambdaPipeline } from '../fixtures/lambda/lambda-pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-functions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const invoices = processedDataset({ name: 'invoices' });
const reader = lambdaFunction({
  name: 'reader',
  entry: fixtureFunction('echo.ts'),
  runtime: 'nodejs20.x',
  reads: [invoices],
  writes: [processedDataset({ name: 'reports' })],
  grants: [
    {
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['arn:aws:secretsmanager:eu-west-1:111111111111:secret:api'],
    },
  ],
});
const pipeline = lambdaPipeline([reader]);
const dev = findStage(pipeline, 'dev');
const synth = (): Map<string, Artifact> => new Map(synthFunctions(pipeline, dev).map((a) => [a.path, a]));
const files = synth();

describe('synthFunctions', () => {
  it('writes a bundle, a zip, a config and a role per function', () => {
    expect([...files.keys()]).toEqual([
      'lambda/echo/index.mjs',
      'lambda/echo.zip',
      'lambda/echo/function.json',
      'iam/lambda-echo-role.json',
      'lambda/reader/index.mjs',
      'lambda/reader.zip',
      'lambda/reader/function.json',
      'iam/lambda-reader-role.json',
    ]);
  });

  it('bundles the entry and what it imports into one ES module, the SDK left out', () => {
    const bundle = files.get(layout.lambdaBundles.path('echo'))!.content;
    expect(bundle).toContain('var greet = (who) =>');
    expect(bundle).toMatch(/export \{\s+handler\s+\};/);
    expect(bundle).not.toMatch(/from ["']\.\/greeting/);
  });

  it('is the same bytes at every synth, zip included', () => {
    const again = synth();
    for (const [path, a] of files)
      expect(artifactBytes(again.get(path)!).equals(artifactBytes(a))).toBe(true);
  });

  it('zips exactly the bundle as index.mjs, readable by unzip', () => {
    const zip = artifactBytes(files.get(layout.lambdaZips.path('echo'))!);
    expect(readZip(zip).map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual([
      ['index.mjs', files.get(layout.lambdaBundles.path('echo'))!.content],
    ]);
    const path = join(dir, 'echo.zip');
    writeFileSync(path, zip);
    expect(execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' })).toBe('index.mjs\n');
  });

  it('runs: the bundle imports and answers in Node', async () => {
    const path = join(dir, 'index.mjs');
    writeFileSync(path, files.get(layout.lambdaBundles.path('echo'))!.content);
    const { handler } = (await import(path)) as {
      handler: (e: unknown, c: unknown) => Promise<{ greeting: string }>;
    };
    process.env.WHO = 'tests';
    const answer = await handler({ a: 1 }, { functionName: 'f', awsRequestId: 'r' });
    delete process.env.WHO;
    expect(answer.greeting).toBe('hello, tests');
  });

  it("gives CreateFunction's input with the role, runtime and environment", () => {
    expect(JSON.parse(files.get(layout.lambdaConfigs.path('echo'))!.content)).toEqual({
      Architectures: ['x86_64'],
      Description: 'echo of lambda-fixture (dev)',
      Environment: { Variables: { WHO: 'invoicing' } },
      FunctionName: 'lambda-fixture-dev-echo',
      Handler: 'index.handler',
      MemorySize: 128,
      PackageType: 'Zip',
      Role: 'arn:aws:iam::111111111111:role/lambda-fixture-dev-echo-fn-role',
      Runtime: 'nodejs22.x',
      Tags: { 'lakeline:pipeline': 'lambda-fixture', 'lakeline:stage': 'dev' },
      Timeout: 10,
    });
  });

  it('lets the role write its logs, read and write its datasets, and do what it declares', () => {
    const role = JSON.parse(files.get(layout.lambdaRole('reader'))!.content);
    expect(role.RoleName).toBe('lambda-fixture-dev-reader-fn-role');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'lambda.amazonaws.com' });
    const statements = role.Policies[0].PolicyDocument.Statement as {
      Sid?: string;
      Action: string[];
      Resource: string[];
      Condition?: unknown;
    }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid ?? s.Action.join(','), s]));
    expect(bySid.Logs!.Resource).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/lambda-fixture-dev-reader',
      'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/lambda-fixture-dev-reader:*',
    ]);
    expect(bySid.ReadDatasets).toMatchObject({
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::lakeline-dev-data/lambda-fixture/processed/invoices/*'],
    });
    expect(bySid.WriteDatasets!.Resource).toEqual([
      'arn:aws:s3:::lakeline-dev-data/lambda-fixture/processed/reports/*',
    ]);
    expect(bySid.ListDatasets!.Condition).toEqual({
      StringLike: {
        's3:prefix': ['lambda-fixture/processed/invoices/*', 'lambda-fixture/processed/reports/*'],
      },
    });
    expect(statements.some((s) => s.Action.includes('secretsmanager:GetSecretValue'))).toBe(true);
    expect(statements.flatMap((s) => s.Action).some((a) => a.includes('*'))).toBe(false);
  });

  it('passes validate: the zips read back and the manifest holds their bytes’ digests', () => {
    const tree = synthTree(pipeline, dev);
    expect(validateTree(tree)).toEqual([]);
    const manifest = JSON.parse(tree.find((a) => a.path === layout.manifest)!.content) as {
      files: { path: string; bytes: number }[];
    };
    const zip = manifest.files.find((f) => f.path === layout.lambdaZips.path('echo'))!;
    expect(zip.bytes).toBe(artifactBytes(files.get(zip.path)!).length);
  });

  it('reports a module that does not bundle at the task, with esbuild’s message', () => {
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, "import { nothing } from './nowhere.js';\nexport const handler = () => nothing;\n");
    const p = lambdaPipeline([lambdaFunction({ name: 'broken', entry: broken })]);
    expect(() => synthFunctions(p, dev)).toThrow(PipelineDefinitionError);
    expect(() => synthFunctions(p, dev)).toThrow(
      /tasks › broken › entry: the function does not bundle: .*Could not resolve "\.\/nowhere\.js"/,
    );
  });
});
