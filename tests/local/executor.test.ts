import { describe, expect, it } from 'vitest';
import {
  AwsServiceError,
  createAslExecutor,
  type ExecutionEvent,
  type JsonValue,
  type TaskHandler,
  UnknownResourceError,
} from '../../local/executor/index.js';

const context = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:run-1',
  executionName: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
  stateMachineName: 'sm',
  startTime: '2026-01-01T00:00:00.000Z',
};

const ECHO = 'arn:aws:states:::aws-sdk:test:echo';
const FLAKY = 'arn:aws:states:::aws-sdk:test:flaky';

function flaky(failures: number): TaskHandler {
  return async (input, invocation) => {
    if (invocation.attempt <= failures)
      throw new AwsServiceError('Test.ThrottlingException', `attempt ${invocation.attempt}`);
    return { ok: true, attempt: invocation.attempt, input };
  };
}

const definition = (maxAttempts: number): JsonValue => ({
  StartAt: 'Wait an hour',
  States: {
    'Wait an hour': { Type: 'Wait', Seconds: 3600, Next: 'Both' },
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Echo',
          States: {
            Echo: { Type: 'Task', Resource: ECHO, Parameters: { 'run.$': '$$.Execution.Name' }, End: true },
          },
        },
        {
          StartAt: 'Flaky',
          States: {
            Flaky: {
              Type: 'Task',
              Resource: FLAKY,
              Retry: [
                { ErrorEquals: ['Test.ThrottlingException'], IntervalSeconds: 60, MaxAttempts: maxAttempts },
              ],
              End: true,
            },
          },
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      End: true,
    },
    Failed: { Type: 'Fail', Error: 'Pipeline.Failed', Cause: 'a branch failed' },
  },
});

describe('the ASL executor', () => {
  const resolve = (failures: number) => (resource: string) =>
    ({ [ECHO]: (async (input) => input) as TaskHandler, [FLAKY]: flaky(failures) })[resource];

  it('serves Tasks by Resource ARN, passes the context, and takes no real time for Wait or retries', async () => {
    const events: ExecutionEvent[] = [];
    const started = Date.now();
    const result = await createAslExecutor().run(
      definition(3),
      {},
      {
        resolve: resolve(2),
        context,
        onEvent: (e) => events.push(e),
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result).toEqual({
      status: 'SUCCEEDED',
      output: [{ run: 'run-1' }, { ok: true, attempt: 3, input: {} }],
    });
    expect(
      events.filter((e) => e.type === 'StateRetried').map((e) => e.type === 'StateRetried' && e.attempt),
    ).toEqual([1, 2]);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('takes the Catch path when the retries run out', async () => {
    const result = await createAslExecutor().run(definition(1), {}, { resolve: resolve(5), context });
    expect(result).toEqual({ status: 'FAILED', error: 'Pipeline.Failed', cause: 'a branch failed' });
  });

  it('refuses a definition naming a resource nothing serves, before running anything', async () => {
    const run = createAslExecutor().run(
      definition(1),
      {},
      { resolve: (r) => (r === ECHO ? async (i) => i : undefined), context },
    );
    await expect(run).rejects.toThrow(UnknownResourceError);
    await expect(run).rejects.toThrow(`no local service serves ${FLAKY} (state "Flaky")`);
  });
});
