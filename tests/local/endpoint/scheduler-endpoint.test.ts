import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerEndpoint } from '../../../local/endpoint/scheduler-endpoint.js';
import { errorName, REGION, type SdkWorld, sdkWorld } from './sdk-world.js';

let world: SdkWorld;
let scheduler: SchedulerClient;
const ARN = `arn:aws:scheduler:${REGION}:000000000000`;

/** The shape of the synthesized schedule (`artifactLayout.schedule`). */
const nightly: CreateScheduleCommandInput = {
  Name: 'pipeline-nightly',
  GroupName: 'default',
  Description: 'Starts the pipeline.',
  ScheduleExpression: 'cron(0 3 * * ? *)',
  ScheduleExpressionTimezone: 'UTC',
  State: 'DISABLED',
  ActionAfterCompletion: 'NONE',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: {
    Arn: `arn:aws:states:${REGION}:000000000000:stateMachine:pipeline`,
    RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
    Input: '{"trigger":"schedule"}',
    RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
  },
};

beforeAll(async () => {
  world = await sdkWorld((cloud) => [schedulerEndpoint(cloud)]);
  scheduler = new SchedulerClient(world.client);
});
afterAll(async () => {
  scheduler?.destroy();
  await world?.close();
});

describe('schedules', () => {
  it('are created, read back whole, replaced by UpdateSchedule, listed and deleted', async () => {
    const created = await scheduler.send(new CreateScheduleCommand(nightly));
    expect(created.ScheduleArn).toBe(`${ARN}:schedule/default/pipeline-nightly`);

    const got = await scheduler.send(
      new GetScheduleCommand({ Name: 'pipeline-nightly', GroupName: 'default' }),
    );
    expect(got).toMatchObject({
      Arn: created.ScheduleArn,
      GroupName: 'default',
      State: 'DISABLED',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Target: nightly.Target,
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    expect(got.CreationDate).toBeInstanceOf(Date);

    const start = new Date('2030-01-01T00:00:00Z');
    await scheduler.send(
      new UpdateScheduleCommand({
        Name: 'pipeline-nightly',
        ScheduleExpression: 'rate(6 hours)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: { Arn: nightly.Target!.Arn, RoleArn: nightly.Target!.RoleArn },
        StartDate: start,
      }),
    );
    const updated = await scheduler.send(new GetScheduleCommand({ Name: 'pipeline-nightly' }));
    expect(updated).toMatchObject({ ScheduleExpression: 'rate(6 hours)', State: 'ENABLED' });
    expect(updated.StartDate?.toISOString()).toBe(start.toISOString());
    expect(updated.Description).toBeUndefined();
    expect(updated.Target?.Input).toBeUndefined();
    expect(updated.CreationDate?.getTime()).toBe(got.CreationDate?.getTime());

    await scheduler.send(
      new CreateScheduleCommand({ ...nightly, Name: 'adhoc', ScheduleExpression: 'at(2030-01-01T03:00:00)' }),
    );
    const listed = await scheduler.send(new ListSchedulesCommand({}));
    expect(listed.Schedules?.map((s) => [s.Name, s.State, s.Target?.Arn])).toEqual([
      ['adhoc', 'DISABLED', nightly.Target!.Arn],
      ['pipeline-nightly', 'ENABLED', nightly.Target!.Arn],
    ]);
    expect((await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'pipe' }))).Schedules).toHaveLength(
      1,
    );
    expect(
      (await scheduler.send(new ListSchedulesCommand({ State: 'DISABLED' }))).Schedules?.map((s) => s.Name),
    ).toEqual(['adhoc']);
    const page = await scheduler.send(new ListSchedulesCommand({ MaxResults: 1 }));
    expect(page.Schedules?.map((s) => s.Name)).toEqual(['adhoc']);
    const next = await scheduler.send(new ListSchedulesCommand({ MaxResults: 1, NextToken: page.NextToken }));
    expect(next.Schedules?.map((s) => s.Name)).toEqual(['pipeline-nightly']);

    await scheduler.send(new DeleteScheduleCommand({ Name: 'adhoc' }));
    expect(await errorName(scheduler.send(new GetScheduleCommand({ Name: 'adhoc' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await errorName(scheduler.send(new DeleteScheduleCommand({ Name: 'adhoc' })))).toBe(
      'ResourceNotFoundException',
    );
  });

  it('answer the errors Scheduler answers', async () => {
    expect(await errorName(scheduler.send(new CreateScheduleCommand(nightly)))).toBe('ConflictException');
    expect(
      await errorName(
        scheduler.send(new CreateScheduleCommand({ ...nightly, Name: 'x', ScheduleExpression: 'every day' })),
      ),
    ).toBe('ValidationException');
    expect(
      await errorName(
        scheduler.send(
          new CreateScheduleCommand({ ...nightly, Name: 'x', ScheduleExpression: 'rate(1 hours)' }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await errorName(
        scheduler.send(
          new CreateScheduleCommand({ ...nightly, Name: 'x', FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await errorName(
        scheduler.send(new CreateScheduleCommand({ ...nightly, Name: 'x', GroupName: 'missing' })),
      ),
    ).toBe('ResourceNotFoundException');
    expect(
      await errorName(
        scheduler.send(new CreateScheduleCommand({ ...nightly, Name: 'x', Target: undefined } as never)),
      ),
    ).toBe('ValidationException');
  });
});

describe('schedule groups', () => {
  it('start with default, are created with tags, read, listed, and deleted with their schedules', async () => {
    const created = await scheduler.send(
      new CreateScheduleGroupCommand({ Name: 'pipelines', Tags: [{ Key: 'team', Value: 'data' }] }),
    );
    expect(created.ScheduleGroupArn).toBe(`${ARN}:schedule-group/pipelines`);
    const group = await scheduler.send(new GetScheduleGroupCommand({ Name: 'pipelines' }));
    expect(group).toMatchObject({ Name: 'pipelines', State: 'ACTIVE', Arn: created.ScheduleGroupArn });
    expect(group.CreationDate).toBeInstanceOf(Date);
    const groups = await scheduler.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups?.map((g) => g.Name)).toEqual(['default', 'pipelines']);

    await scheduler.send(new CreateScheduleCommand({ ...nightly, GroupName: 'pipelines' }));
    expect(
      (await scheduler.send(new ListSchedulesCommand({ GroupName: 'pipelines' }))).Schedules,
    ).toHaveLength(1);
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: 'pipelines' }));
    expect(await errorName(scheduler.send(new GetScheduleGroupCommand({ Name: 'pipelines' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await errorName(scheduler.send(new GetScheduleCommand({ Name: nightly.Name, GroupName: 'pipelines' }))),
    ).toBe('ResourceNotFoundException');
    // The schedule of the same name in the default group is untouched.
    expect((await scheduler.send(new GetScheduleCommand({ Name: nightly.Name }))).GroupName).toBe('default');
    expect(await errorName(scheduler.send(new DeleteScheduleGroupCommand({ Name: 'default' })))).toBe(
      'ValidationException',
    );
    expect(await errorName(scheduler.send(new CreateScheduleGroupCommand({ Name: 'default' })))).toBe(
      'ConflictException',
    );
  });

  it('carry tags; schedules do not', async () => {
    await scheduler.send(
      new CreateScheduleGroupCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'data' }] }),
    );
    const ResourceArn = `${ARN}:schedule-group/tagged`;
    const tags = async () => (await scheduler.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags;
    expect(await tags()).toEqual([{ Key: 'team', Value: 'data' }]);
    await scheduler.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: 'stage', Value: 'dev' }] }));
    expect(await tags()).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'stage', Value: 'dev' },
    ]);
    await scheduler.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['team', 'stage'] }));
    expect(await tags()).toEqual([]);
    expect(
      await errorName(
        scheduler.send(
          new ListTagsForResourceCommand({ ResourceArn: `${ARN}:schedule/default/pipeline-nightly` }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await errorName(
        scheduler.send(new ListTagsForResourceCommand({ ResourceArn: `${ARN}:schedule-group/missing` })),
      ),
    ).toBe('ResourceNotFoundException');
  });
});

describe('the protocol', () => {
  it('answers a route it does not serve with 404 UnknownOperationException', async () => {
    const response = await fetch(`${world.endpoint.url}/schedules/x/runs`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${REGION}/scheduler/aws4_request, SignedHeaders=host, Signature=x`,
      },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const patch = await fetch(`${world.endpoint.url}/schedules/x`, {
      method: 'PATCH',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${REGION}/scheduler/aws4_request, SignedHeaders=host, Signature=x`,
      },
    });
    expect(patch.status).toBe(404);
    expect(((await patch.json()) as { message: string }).message).toMatch(
      /serves no PATCH on \/schedules\/x/,
    );
  });
});
