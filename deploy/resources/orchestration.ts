/**
 * The state machine (state-machine.asl.json, run by the role in iam/state-machine-role.json) and
 * its EventBridge Scheduler schedule (scheduler/schedule.json).
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { stateMachineName } from '../../core/index.js';
import { type DeployContext, ownPrefix } from '../context.js';
import { awsCall, readOrMissing } from '../errors.js';
import { type Fields, project, type Resource, removedTagKeys, taggedFor } from '../resource.js';
import { roleArn } from './iam.js';

export function stateMachineArn(ctx: DeployContext): string {
  return `arn:aws:states:${ctx.region}:${ctx.account}:stateMachine:${stateMachineName(ctx.pipeline, { name: ctx.stage })}`;
}

export function stateMachineResource(ctx: DeployContext): Resource {
  const name = stateMachineName(ctx.pipeline, { name: ctx.stage });
  const arn = stateMachineArn(ctx);
  const label = `state machine ${name}`;
  const text = ctx.tree.text('state-machine.asl.json');
  const role = roleArn(ctx, 'iam/state-machine-role.json');
  const desired = { definition: JSON.parse(text), roleArn: role, tags: ctx.tags };
  const tagList = Object.entries(ctx.tags).map(([key, value]) => ({ key, value }));
  return {
    type: 'AWS::StepFunctions::StateMachine',
    name,
    desired,
    async read({ sfn }) {
      const got = await readOrMissing(label, 'DescribeStateMachine', ['StateMachineDoesNotExist'], () =>
        sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
      );
      if (got === undefined) return undefined;
      const tags = await awsCall(label, 'ListTagsForResource', () =>
        sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
      );
      return {
        definition: JSON.parse(got.definition ?? 'null'),
        roleArn: got.roleArn,
        tags: Object.fromEntries((tags.tags ?? []).map((t) => [t.key, t.value])),
      };
    },
    async create({ sfn }) {
      await awsCall(label, 'CreateStateMachine', () =>
        sfn.send(
          new CreateStateMachineCommand({
            name,
            definition: text,
            roleArn: role,
            type: 'STANDARD',
            tags: tagList,
          }),
        ),
      );
    },
    async update({ sfn }, changes, current) {
      if (changes.some((c) => c.field !== 'tags')) {
        await awsCall(label, 'UpdateStateMachine', () =>
          sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: text, roleArn: role })),
        );
      }
      if (changes.some((c) => c.field === 'tags')) {
        await awsCall(label, 'TagResource', () =>
          sfn.send(new TagResourceCommand({ resourceArn: arn, tags: tagList })),
        );
        const removed = removedTagKeys(current.tags, ctx.tags);
        if (removed.length > 0) {
          await awsCall(label, 'UntagResource', () =>
            sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: removed })),
          );
        }
      }
    },
    async delete({ sfn }) {
      await awsCall(label, 'DeleteStateMachine', () =>
        sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })),
      );
    },
    owned: (current) => taggedFor(current.tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

/** EventBridge Scheduler cannot tag a schedule (only its group): it is the pipeline's by its name. */
export function scheduleResources(ctx: DeployContext): Resource[] {
  if (!ctx.tree.has('scheduler/schedule.json')) return [];
  const schedule = ctx.tree.json<CreateScheduleCommandInput>('scheduler/schedule.json');
  const name = schedule.Name!;
  const group = schedule.GroupName ?? 'default';
  const label = `schedule ${group}/${name}`;
  const { Name: _, GroupName: __, ClientToken: ___, ...settings } = schedule;
  return [
    {
      type: 'AWS::Scheduler::Schedule',
      name: `${group}/${name}`,
      desired: settings as Fields,
      async read({ scheduler }) {
        const got = await readOrMissing(label, 'GetSchedule', ['ResourceNotFoundException'], () =>
          scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group })),
        );
        return got === undefined ? undefined : (project(got, settings) as Fields);
      },
      async create({ scheduler }) {
        await awsCall(label, 'CreateSchedule', () => scheduler.send(new CreateScheduleCommand(schedule)));
      },
      async update({ scheduler }) {
        await awsCall(label, 'UpdateSchedule', () =>
          scheduler.send(new UpdateScheduleCommand(schedule as never)),
        );
      },
      async delete({ scheduler }) {
        await awsCall(label, 'DeleteSchedule', () =>
          scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: group })),
        );
      },
      owned: () => name.startsWith(ownPrefix(ctx)),
    },
  ];
}
