import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sfnEndpoint } from '../../../local/endpoint/sfn-endpoint.js';
import { errorName, pollUntil, REGION, type SdkWorld, sdkWorld } from './sdk-world.js';

let world: SdkWorld;
let sfn: SFNClient;
let topicArn: string;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';

const choiceMachine = {
  Comment: 'Pass, Choice, Wait and Succeed',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'count.$': '$.count', greeting: 'hello' }, Next: 'Big?' },
    'Big?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericGreaterThan: 10, Next: 'Wait a day' }],
      Default: 'Small',
    },
    'Wait a day': { Type: 'Wait', Seconds: 86400, Next: 'Done' },
    Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const notifyMachine = (topic: string, retried: string) => ({
  StartAt: 'Notify',
  States: {
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: topic, 'Message.$': '$.message', Subject: 'lakeline' },
      ResultPath: '$.published',
      Retry: [{ ErrorEquals: [retried], IntervalSeconds: 60, MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      End: true,
    },
    Failed: { Type: 'Fail', Error: 'Pipeline.NotifyFailed', Cause: 'the topic could not be reached' },
  },
});

async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return pollUntil(
    () => sfn.send(new DescribeExecutionCommand({ executionArn })),
    (d) => d.status !== 'RUNNING',
  );
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

async function create(name: string, definition: object): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return out.stateMachineArn!;
}

beforeAll(async () => {
  world = await sdkWorld((cloud) => [sfnEndpoint(cloud)]);
  sfn = new SFNClient(world.client);
  topicArn = world.cloud.sns.createTopic({ Name: 'pipeline-events' }).TopicArn;
});
afterAll(async () => {
  sfn?.destroy();
  await world?.close();
});

describe('state machines', () => {
  it('are created (idempotently), described, updated, listed and deleted', async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'choices',
        definition: JSON.stringify(choiceMachine),
        roleArn: ROLE,
        type: 'STANDARD',
        tags: [{ key: 'team', value: 'data' }],
      }),
    );
    expect(created.stateMachineArn).toBe(`arn:aws:states:${REGION}:000000000000:stateMachine:choices`);
    expect(created.creationDate).toBeInstanceOf(Date);
    const again = await sfn.send(
      new CreateStateMachineCommand({
        name: 'choices',
        definition: JSON.stringify(choiceMachine),
        roleArn: ROLE,
      }),
    );
    expect(again.stateMachineArn).toBe(created.stateMachineArn);

    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(described).toMatchObject({ name: 'choices', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(JSON.parse(described.definition!)).toEqual(choiceMachine);

    const updated = { ...choiceMachine, Comment: 'updated' };
    const update = await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: JSON.stringify(updated),
      }),
    );
    expect(update.updateDate).toBeInstanceOf(Date);
    const after = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(JSON.parse(after.definition!).Comment).toBe('updated');
    expect(after.revisionId).not.toBe(described.revisionId);

    await create('to-delete', choiceMachine);
    const names = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name);
    expect(names).toEqual(['choices', 'to-delete']);
    const paged = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    expect(paged.stateMachines?.map((m) => m.name)).toEqual(['choices']);
    expect(paged.nextToken).toBeTruthy();
    const deleteArn = `arn:aws:states:${REGION}:000000000000:stateMachine:to-delete`;
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: deleteArn }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: deleteArn }));
    expect(await errorName(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: deleteArn })))).toBe(
      'StateMachineDoesNotExist',
    );
  });

  it('are checked as Step Functions checks them', async () => {
    const invalid = (definition: string, name = 'bad') =>
      errorName(sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE })));
    expect(await invalid('{ not json')).toBe('InvalidDefinition');
    expect(
      await invalid(JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Pass', End: true } } })),
    ).toBe('InvalidDefinition');
    // A Task whose resource no local service serves cannot run here.
    const lambda = {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:000000000000:function:f', End: true },
      },
    };
    expect(await invalid(JSON.stringify(lambda))).toBe('InvalidDefinition');
    expect(await invalid(JSON.stringify(choiceMachine), 'has space')).toBe('InvalidName');
    expect(await invalid(JSON.stringify({ ...choiceMachine, Comment: 'other' }), 'choices')).toBe(
      'StateMachineAlreadyExists',
    );
    expect(
      await errorName(
        sfn.send(
          new CreateStateMachineCommand({
            name: 'x',
            definition: JSON.stringify(choiceMachine),
            roleArn: 'nope',
          }),
        ),
      ),
    ).toBe('InvalidArn');
    expect(
      await errorName(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' }))),
    ).toBe('InvalidArn');
  });

  it('are tagged, starting from the tags given at creation', async () => {
    const resourceArn = `arn:aws:states:${REGION}:000000000000:stateMachine:choices`;
    const tags = async () => (await sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
    expect(await tags()).toEqual([{ key: 'team', value: 'data' }]);
    await sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'stage', value: 'dev' }] }));
    expect(await tags()).toEqual([
      { key: 'team', value: 'data' },
      { key: 'stage', value: 'dev' },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] }));
    expect(await tags()).toEqual([{ key: 'stage', value: 'dev' }]);
    expect(
      await errorName(
        sfn.send(
          new ListTagsForResourceCommand({ resourceArn: `${resourceArn.replace('choices', 'missing')}` }),
        ),
      ),
    ).toBe('ResourceNotFound');
  });
});

describe('executions', () => {
  it('run Pass, Choice, Wait and Succeed to SUCCEEDED, with the history of every state', async () => {
    const stateMachineArn = `arn:aws:states:${REGION}:000000000000:stateMachine:choices`;
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'big', input: JSON.stringify({ count: 42 }) }),
    );
    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:000000000000:execution:choices:big`);
    expect(started.startDate).toBeInstanceOf(Date);

    const done = await finished(started.executionArn!);
    expect(done).toMatchObject({ status: 'SUCCEEDED', name: 'big', stateMachineArn });
    expect(JSON.parse(done.output!)).toEqual({ count: 42, greeting: 'hello' });
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());

    const events = await history(started.executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events.every((e) => e.timestamp instanceof Date)).toBe(true);
    expect(events[0]?.executionStartedEventDetails).toMatchObject({ input: '{"count":42}', roleArn: ROLE });
    expect(events[1]?.stateEnteredEventDetails).toMatchObject({ name: 'Prepare', input: '{"count":42}' });
    expect(JSON.parse(events[2]!.stateExitedEventDetails!.output!)).toEqual({ count: 42, greeting: 'hello' });
    expect(events[3]?.stateEnteredEventDetails?.name).toBe('Big?');
    expect(JSON.parse(events[9]!.executionSucceededEventDetails!.output!)).toEqual({
      count: 42,
      greeting: 'hello',
    });

    const small = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"count":1}' }));
    expect(JSON.parse((await finished(small.executionArn!)).output!)).toMatchObject({ size: 'small' });
    const listed = (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
    expect(listed.map((e) => e.executionArn)).toEqual([small.executionArn, started.executionArn]);
    expect(listed.every((e) => e.status === 'SUCCEEDED')).toBe(true);
  });

  it('page the history, newest first when asked, and leave out the data when asked', async () => {
    const executionArn = `arn:aws:states:${REGION}:000000000000:execution:choices:big`;
    const first = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 4, reverseOrder: true }),
    );
    expect(first.events?.map((e) => e.id)).toEqual([10, 9, 8, 7]);
    const second = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 4,
        reverseOrder: true,
        nextToken: first.nextToken,
      }),
    );
    expect(second.events?.map((e) => e.id)).toEqual([6, 5, 4, 3]);
    const bare = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(bare.events?.[1]?.stateEnteredEventDetails).toEqual({
      name: 'Prepare',
      inputDetails: { truncated: false },
    });
    expect(
      await errorName(sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'not-a-token' }))),
    ).toBe('InvalidToken');
  });

  it('serve a Task by the local SNS, and record a retried and caught failure as TaskFailed', async () => {
    const ok = await create('notify', notifyMachine(topicArn, 'SNS.ThrottledException'));
    const run = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ok, input: '{"message":"loaded"}' }),
    );
    const done = await finished(run.executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).published.MessageId).toBeTruthy();
    expect(world.cloud.sns.messages().map((m) => [m.topic, m.subject, m.message])).toEqual([
      [topicArn, 'lakeline', 'loaded'],
    ]);
    const events = await history(run.executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);

    const missingTopic = topicArn.replace('pipeline-events', 'missing');
    const failing = await create('notify-missing', notifyMachine(missingTopic, 'SNS.NotFoundException'));
    const failed = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: failing, input: '{"message":"x"}' }),
    );
    const result = await finished(failed.executionArn!);
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'Pipeline.NotifyFailed',
      cause: 'the topic could not be reached',
    });
    const failedEvents = await history(failed.executionArn!);
    expect(failedEvents.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskFailed',
      'TaskFailed',
      'TaskStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(failedEvents[2]?.taskFailedEventDetails).toMatchObject({
      resourceType: 'sns',
      resource: 'publish',
      error: 'SNS.NotFoundException',
    });
    expect(failedEvents[6]?.executionFailedEventDetails).toEqual({
      error: 'Pipeline.NotifyFailed',
      cause: 'the topic could not be reached',
    });
  });

  it('answer the errors Step Functions answers', async () => {
    const stateMachineArn = `arn:aws:states:${REGION}:000000000000:stateMachine:choices`;
    expect(
      await errorName(
        sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'big', input: '{"count":3}' })),
      ),
    ).toBe('ExecutionAlreadyExists');
    expect(await errorName(sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{oops' })))).toBe(
      'InvalidExecutionInput',
    );
    expect(
      await errorName(
        sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn.replace('choices', 'gone') })),
      ),
    ).toBe('StateMachineDoesNotExist');
    expect(
      await errorName(
        sfn.send(
          new DescribeExecutionCommand({
            executionArn: `arn:aws:states:${REGION}:000000000000:execution:choices:nope`,
          }),
        ),
      ),
    ).toBe('ExecutionDoesNotExist');
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: 't', output: '{}' })))).toBe(
      'UnknownOperationException',
    );
  });
});
