/**
 * The lambdaFunction task kind end to end: a pipeline of functions synthesized for the local
 * stage and simulated. A function answers into the state, another writes to the run's S3 through
 * the AWS SDK the runtime provides, and a function's thrown error fails the run with its own name
 * through the failure route.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { findStage, LOCAL_STAGE, lambdaFunction, type Pipeline } from '../../core/index.js';
import { simulate } from '../../local/simulate.js';
import { workdirLayout } from '../../local/world.js';
import { fixtureFunction, lambdaPipeline } from '../fixtures/lambda/lambda-pipeline.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-lambda-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(pipeline: Pipeline) {
  const workdir = mkdtempSync(join(root, 'workdir-'));
  const tree = join(workdir, 'tree');
  writeTree(tree, synthTree(pipeline, findStage(pipeline, 'local')));
  const result = await simulate({ tree, workdir, input: join(root, 'no-input'), warehouse: 'pglite' });
  return { ...result, workdir };
}

const store = lambdaFunction({
  name: 'store',
  entry: fixtureFunction('store.ts'),
  payload: {
    bucket: LOCAL_STAGE.bucket,
    key: 'lambda-fixture/processed/stored.txt',
    run: '$$.Execution.Name',
  },
});

describe('a pipeline of Lambda functions, simulated', () => {
  it('invokes each function from the tree’s zip; one reaches the run’s S3 through the SDK', async () => {
    const { run: record, executionName, workdir } = await run(lambdaPipeline([store]));
    expect(record.status).toBe('SUCCEEDED');
    expect(record.states.map((s) => [s.name, s.status])).toEqual([
      ['Invoke echo', 'SUCCEEDED'],
      ['Invoke store', 'SUCCEEDED'],
      ['Notify success', 'SUCCEEDED'],
      ['Pipeline succeeded', 'SUCCEEDED'],
    ]);
    const stored = join(workdirLayout(workdir).s3, LOCAL_STAGE.bucket, 'lambda-fixture/processed/stored.txt');
    expect(readFileSync(stored, 'utf8')).toBe(`stored by run ${executionName}`);
    const log = readFileSync(
      join(workdirLayout(workdir).lambda, 'logs', 'lambda-fixture-local-store.log'),
      'utf8',
    );
    expect(log).toMatch(/\tINFO\tstored lambda-fixture\/processed\/stored\.txt\n/);
  });

  it('fails the run with the error the function threw, through the failure route', async () => {
    const reject = lambdaFunction({
      name: 'reject',
      entry: fixtureFunction('reject.ts'),
      payload: { invoice: 'INV-9' },
    });
    const { run: record } = await run(lambdaPipeline([reject]));
    expect(record.status).toBe('FAILED');
    expect(record.error).toMatch(/InvoiceRejected/);
    expect(record.states.find((s) => s.name === 'Invoke reject')).toMatchObject({
      status: 'FAILED',
      attempts: 1,
    });
    expect(record.notifications.map((n) => n.subject)).toEqual([
      'lakeline lambda-fixture (local): run failed',
    ]);
  });
});
