/**
 * The Redshift Data API Task handlers inside a state machine run by the simulator's executor, in
 * the shape the pipeline's Redshift pattern has: BatchExecuteStatement, then Wait (zero time
 * locally) and DescribeStatement until FINISHED, or FAILED/ABORTED; then ExecuteStatement and
 * GetStatementResult to read a count back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteWarehouse } from '../../../local/engines/index.js';
import {
  createAslExecutor,
  type ExecutionEvent,
  type ExecutionResult,
  type JsonValue,
  type TaskHandler,
} from '../../../local/executor/index.js';
import { LocalRedshiftData } from '../../../local/redshift/index.js';
import { redshiftDataBatchExecuteStatement } from '../../../local/services/redshift-data-batch-execute-statement.js';
import { redshiftDataDescribeStatement } from '../../../local/services/redshift-data-describe-statement.js';
import { redshiftDataExecuteStatement } from '../../../local/services/redshift-data-execute-statement.js';
import { redshiftDataGetStatementResult } from '../../../local/services/redshift-data-get-statement-result.js';
import { LocalS3, scratch } from './fixtures.js';

const BATCH = 'arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement';
const EXECUTE = 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement';
const DESCRIBE = 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement';
const RESULT = 'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult';

const context = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:run-1',
  executionName: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
  stateMachineName: 'sm',
  startTime: '2026-01-01T00:00:00.000Z',
};

/** Start → (Wait → Describe → Check)* → next, as state-machines/patterns/redshift-statement.ts renders it. */
function poll(prefix: string, start: Record<string, JsonValue>, next: string): Record<string, JsonValue> {
  const status = `$.${prefix}.status`;
  return {
    [`Start ${prefix}`]: {
      Type: 'Task',
      ...start,
      ResultSelector: { 'Id.$': '$.Id' },
      ResultPath: `$.${prefix}.started`,
      Catch: [{ ErrorEquals: ['RedshiftData.ValidationException'], ResultPath: '$.error', Next: 'Rejected' }],
      Next: `Wait ${prefix}`,
    },
    [`Wait ${prefix}`]: { Type: 'Wait', Seconds: 15, Next: `Get ${prefix}` },
    [`Get ${prefix}`]: {
      Type: 'Task',
      Resource: DESCRIBE,
      Parameters: { 'Id.$': `$.${prefix}.started.Id` },
      ResultPath: status,
      Next: `Check ${prefix}`,
    },
    [`Check ${prefix}`]: {
      Type: 'Choice',
      Choices: [
        { Variable: `${status}.Status`, StringEquals: 'FINISHED', Next: next },
        {
          Or: [
            { Variable: `${status}.Status`, StringEquals: 'FAILED' },
            { Variable: `${status}.Status`, StringEquals: 'ABORTED' },
          ],
          Next: `${prefix} failed`,
        },
      ],
      Default: `Wait ${prefix}`,
    },
    // As the pattern records it before taking the failure route (which here ends the run).
    [`${prefix} failed`]: {
      Type: 'Pass',
      Parameters: {
        Error: 'Lakeline.StatementFailed',
        'Cause.$': `States.Format('{} ended {}: {}', ${status}.Id, ${status}.Status, ${status}.Error)`,
      },
      ResultPath: '$.error',
      End: true,
    },
  };
}

function definition(sqls: string[], connection: Record<string, JsonValue>): JsonValue {
  return {
    StartAt: 'Start load',
    States: {
      ...poll('load', { Resource: BATCH, Parameters: { ...connection, Sqls: sqls } }, 'Start count'),
      ...poll(
        'count',
        { Resource: EXECUTE, Parameters: { ...connection, Sql: 'SELECT count(*) AS n FROM staged' } },
        'Read count',
      ),
      'Read count': {
        Type: 'Task',
        Resource: RESULT,
        Parameters: { 'Id.$': '$.count.started.Id' },
        ResultSelector: { 'rows.$': '$.Records[0][0].longValue', 'column.$': '$.ColumnMetadata[0].name' },
        ResultPath: '$.count.result',
        End: true,
      },
      Rejected: { Type: 'Pass', End: true },
    },
  };
}

const CONNECTION = { WorkgroupName: 'lakeline-local', Database: 'dev' };
const work = scratch('handlers');
let redshift: LocalRedshiftData;
let handlers: Record<string, TaskHandler>;

beforeAll(async () => {
  redshift = new LocalRedshiftData({
    warehouse: await PgliteWarehouse.open(),
    s3: new LocalS3(`${work.dir}/s3`),
  });
  handlers = {
    [BATCH]: redshiftDataBatchExecuteStatement(redshift),
    [EXECUTE]: redshiftDataExecuteStatement(redshift),
    [DESCRIBE]: redshiftDataDescribeStatement(redshift),
    [RESULT]: redshiftDataGetStatementResult(redshift),
  };
});
afterAll(async () => {
  await redshift.close();
  work.remove();
});

/** The output of a run that must have succeeded. */
function outputOf<T>(result: ExecutionResult): T {
  if (result.status !== 'SUCCEEDED') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result.output as unknown as T;
}

async function run(sqls: string[], connection: Record<string, JsonValue> = CONNECTION) {
  const events: ExecutionEvent[] = [];
  const result = await createAslExecutor().run(
    definition(sqls, connection),
    {},
    { resolve: (r) => handlers[r], context, onEvent: (e) => events.push(e) },
  );
  const polled = events
    .filter((e): e is Extract<ExecutionEvent, { type: 'StateExited' }> => e.type === 'StateExited')
    .filter((e) => e.state === 'Get load')
    .map((e) => (e.output as { load: { status: { Status: string } } }).load.status.Status);
  return { result, polled };
}

describe('Redshift Data API Tasks in a state machine', () => {
  it('polls a batch until FINISHED, then reads a count back', async () => {
    const { result, polled } = await run([
      'CREATE TABLE staged (id int)',
      'INSERT INTO staged SELECT generate_series(1, 50000)',
      'DELETE FROM staged WHERE id > 40000',
    ]);
    const output = outputOf<{ count: { result: JsonValue }; load: { status: JsonValue } }>(result);
    expect(output.count.result).toEqual({ rows: 40000, column: 'n' });
    // The zero-time poll saw real progress, and did not spin.
    expect(polled.at(-1)).toBe('FINISHED');
    expect(polled.slice(0, -1).every((s) => ['SUBMITTED', 'PICKED', 'STARTED'].includes(s))).toBe(true);
    expect(polled.length).toBeLessThan(20);
    const status = output.load.status as {
      SubStatements: { Status: string; ResultRows: number }[];
      CreatedAt: string;
    };
    expect(status.SubStatements.map((s) => [s.Status, s.ResultRows])).toEqual([
      ['FINISHED', -1],
      ['FINISHED', 50000],
      ['FINISHED', 10000],
    ]);
    expect(status.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('takes the failure route when a statement fails, with the database error', async () => {
    const { result, polled } = await run([
      'INSERT INTO staged VALUES (1)',
      'INSERT INTO staged VALUES (1, 2)',
    ]);
    const error = outputOf<{ error: { Error: string; Cause: string }; count?: unknown }>(result);
    expect(error.error.Error).toBe('Lakeline.StatementFailed');
    expect(error.error.Cause).toMatch(/ended FAILED: ERROR: INSERT has more expressions than target columns/);
    expect(error.count).toBeUndefined();
    expect(polled.at(-1)).toBe('FAILED');
    // The batch was one transaction: its first INSERT is gone too.
    const check = await redshift.executeStatement({ ...CONNECTION, Sql: 'SELECT count(*) FROM staged' });
    await redshift.waitFor(check.Id);
    expect((await redshift.getStatementResult({ Id: check.Id })).Records).toEqual([[{ longValue: 40000 }]]);
  });

  it('names a rejected request RedshiftData.ValidationException, so Catch can match it', async () => {
    const { result } = await run(['SELECT 1'], { Database: 'dev' });
    const output = outputOf<{ error: { Error: string; Cause: string } }>(result);
    expect(output.error).toEqual({
      Error: 'RedshiftData.ValidationException',
      Cause: 'Either ClusterIdentifier or WorkgroupName is required.',
    });
  });
});
