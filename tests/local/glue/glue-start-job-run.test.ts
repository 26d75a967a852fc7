/**
 * The Step Functions handlers of the Glue job resources: what `.sync` returns when the run
 * succeeds, the States.TaskFailed it raises with the JobRun as cause when the run fails or is
 * stopped, the Glue.* names of API errors, and the same seen through the ASL executor.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AwsServiceError,
  createAslExecutor,
  type JsonValue,
  type TaskInvocation,
} from '../../../local/executor/index.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { glueGetJobRun } from '../../../local/services/glue-get-job-run.js';
import { glueStartJobRun, glueStartJobRunSync } from '../../../local/services/glue-start-job-run.js';
import { type GlueWorld, glueWorld } from './glue-world.js';

const SYNC = 'arn:aws:states:::glue:startJobRun.sync';
const START = 'arn:aws:states:::glue:startJobRun';
const GET = 'arn:aws:states:::aws-sdk:glue:getJobRun';

const context = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:exec-7',
  executionName: 'exec-7',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
  stateMachineName: 'sm',
  startTime: '2026-01-01T00:00:00.000Z',
};
const invocation = (resource: string): TaskInvocation => ({
  stateName: 'Run job',
  resource,
  attempt: 1,
  context,
});

let world: GlueWorld;
beforeEach(async () => {
  world = await glueWorld({ rows: 60, dirty: 0 });
});
afterEach(() => world?.close());

const removeInput = () => {
  const { bucket, key } = parseS3Uri(world.plans.courses.input.path);
  world.s3.deletePrefix(bucket, key);
};

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the task to fail');
}

describe('glue:startJobRun.sync', () => {
  it('returns the JobRun of a run that succeeded, timestamps as epoch milliseconds', async () => {
    const JobName = world.configs.courses.Name;
    const output = (await glueStartJobRunSync(world.jobs)(
      { JobName, Arguments: { '--run_id': 'exec-7' } },
      invocation(SYNC),
    )) as Record<string, JsonValue>;
    expect(output).toMatchObject({ JobName, JobRunState: 'SUCCEEDED', Arguments: { '--run_id': 'exec-7' } });
    expect(output.Id).toMatch(/^jr_/);
    expect(typeof output.StartedOn).toBe('number');
    expect(output.CompletedOn as number).toBeGreaterThanOrEqual(output.StartedOn as number);
    expect(output.ErrorMessage).toBeUndefined();
    expect(Object.keys(output)).toEqual([...Object.keys(output)].sort());
    // The run summary the next state reads is there.
    const summaryUri = world.plans.courses.runSummary.uri.replace('{run_id}', 'exec-7');
    const { bucket, key } = parseS3Uri(summaryUri);
    expect(JSON.parse(world.s3.get(bucket, key).toString()).inputRows).toBe(
      world.sample.expected.courses.inputRows,
    );
  });

  it('fails with States.TaskFailed and the JobRun as cause when the run FAILED', async () => {
    removeInput();
    const e = await rejection(
      glueStartJobRunSync(world.jobs)({ JobName: world.configs.courses.Name }, invocation(SYNC)),
    );
    expect(e).toBeInstanceOf(AwsServiceError);
    expect(e.name).toBe('States.TaskFailed');
    const cause = JSON.parse(e.message);
    expect(cause).toMatchObject({ JobName: world.configs.courses.Name, JobRunState: 'FAILED' });
    expect(cause.ErrorMessage).toMatch(/^PlanError: no input/);
  });

  it('fails with States.TaskFailed when the run is STOPPED', async () => {
    const JobName = world.configs.students.Name;
    const task = glueStartJobRunSync(world.jobs)({ JobName }, invocation(SYNC));
    const [running] = world.jobs.getJobRuns({ JobName }).JobRuns;
    world.jobs.batchStopJobRun({ JobName, JobRunIds: [running!.Id] });
    const e = await rejection(task);
    expect(e.name).toBe('States.TaskFailed');
    expect(JSON.parse(e.message)).toMatchObject({ Id: running!.Id, JobRunState: 'STOPPED' });
  });

  it('names StartJobRun errors as Step Functions does: Glue.<exception>', async () => {
    const unknown = await rejection(glueStartJobRunSync(world.jobs)({ JobName: 'nope' }, invocation(SYNC)));
    expect(unknown.name).toBe('Glue.EntityNotFoundException');
    const JobName = world.configs.courses.Name;
    const { JobRunId } = world.jobs.startJobRun({ JobName });
    const busy = await rejection(glueStartJobRunSync(world.jobs)({ JobName }, invocation(SYNC)));
    expect(busy.name).toBe('Glue.ConcurrentRunsExceededException');
    await world.jobs.waitForJobRun({ JobName, RunId: JobRunId });
  });
});

describe('glue:startJobRun and aws-sdk:glue:getJobRun', () => {
  it('return at once with the run id and job name, then report the run with ISO timestamps', async () => {
    const JobName = world.configs.courses.Name;
    const started = (await glueStartJobRun(world.jobs)({ JobName }, invocation(START))) as {
      JobName: string;
      JobRunId: string;
    };
    expect(started).toEqual({ JobName, JobRunId: expect.stringMatching(/^jr_/) });
    const first = (await glueGetJobRun(world.jobs)(
      { JobName, RunId: started.JobRunId },
      invocation(GET),
    )) as {
      JobRun: Record<string, JsonValue>;
    };
    expect(first.JobRun.JobRunState).toBe('RUNNING');
    await world.jobs.waitForJobRun({ JobName, RunId: started.JobRunId });
    const last = (await glueGetJobRun(world.jobs)({ JobName, RunId: started.JobRunId }, invocation(GET))) as {
      JobRun: Record<string, JsonValue>;
    };
    expect(last.JobRun.JobRunState).toBe('SUCCEEDED');
    expect(last.JobRun.CompletedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const missing = await rejection(
      glueGetJobRun(world.jobs)({ JobName, RunId: 'jr_none' }, invocation(GET)),
    );
    expect(missing.name).toBe('Glue.EntityNotFoundException');
  });
});

describe('through the state-machine executor', () => {
  const definition = (jobName: string): JsonValue => ({
    StartAt: 'Run job',
    States: {
      'Run job': {
        Type: 'Task',
        Resource: SYNC,
        Parameters: { JobName: jobName, Arguments: { '--run_id.$': '$$.Execution.Name' } },
        ResultSelector: { 'state.$': '$.JobRunState', 'id.$': '$.Id' },
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Job failed', ResultPath: '$.error' }],
        End: true,
      },
      'Job failed': { Type: 'Pass', End: true },
    },
  });
  const resolve = (resource: string) => (resource === SYNC ? glueStartJobRunSync(world.jobs) : undefined);

  it('runs the job under the execution name and passes its JobRun on', async () => {
    const result = await createAslExecutor().run(
      definition(world.configs.courses.Name),
      {},
      { resolve, context },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { state: 'SUCCEEDED' } });
    const summaryUri = world.plans.courses.runSummary.uri.replace('{run_id}', 'exec-7');
    expect(() => world.s3.get(parseS3Uri(summaryUri).bucket, parseS3Uri(summaryUri).key)).not.toThrow();
  });

  it('lets a Catch on States.TaskFailed take a failed run', async () => {
    removeInput();
    const result = await createAslExecutor().run(
      definition(world.configs.courses.Name),
      {},
      { resolve, context },
    );
    expect(result.status).toBe('SUCCEEDED');
    const output = (result as unknown as { output: { error: { Error: string; Cause: string } } }).output;
    expect(output.error.Error).toBe('States.TaskFailed');
    expect(JSON.parse(output.error.Cause)).toMatchObject({ JobRunState: 'FAILED' });
  });
});
