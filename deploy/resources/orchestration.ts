/**
 * The state machine (run by the tree's state-machine role) and its EventBridge Scheduler schedule,
 * in the pipeline's schedule group.
 */
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { artifactLayout as layout, stateMachineName } from '../../core/index.js';
import { type DeployContext, ownPrefix } from '../context.js';
import { awsCall, readOrMissing } from '../errors.js';
import {
  type Fields,
  project,
  type Resource,
  removedTagKeys,
  type TagList,
  taggedFor,
  tagList,
  tagMap,
} from '../resource.js';
import { scheduler, sfn } from '../sdk.js';
import { roleArn } from './iam.js';

const {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand: ListScheduleGroupTagsCommand,
  TagResourceCommand: TagScheduleGroupCommand,
  UntagResourceCommand: UntagScheduleGroupCommand,
  UpdateScheduleCommand,
} = scheduler;
const {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} = sfn;

export function stateMachineArn(ctx: DeployContext): string {
  return `arn:aws:states:${ctx.region}:${ctx.account}:stateMachine:${stateMachineName(ctx.pipeline, { name: ctx.stage })}`;
}

export function stateMachineResource(ctx: DeployContext): Resource {
  const name = stateMachineName(ctx.pipeline, { name: ctx.stage });
  const arn = stateMachineArn(ctx);
  const label = `state machine ${name}`;
  const text = ctx.tree.text(layout.stateMachine);
  const role = roleArn(ctx, layout.stateMachineRole);
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

/** The pipeline's schedule group: Scheduler tags groups, not schedules. */
function scheduleGroupResource(ctx: DeployContext): Resource {
  const group = ctx.tree.json<{ Name: string; Tags?: TagList }>(layout.scheduleGroup);
  const name = group.Name;
  const label = `schedule group ${name}`;
  const arn = `arn:aws:scheduler:${ctx.region}:${ctx.account}:schedule-group/${name}`;
  const tags = { ...tagMap(group.Tags), ...ctx.tags };
  return {
    type: 'AWS::Scheduler::ScheduleGroup',
    name,
    desired: { Tags: tags },
    async read({ scheduler }) {
      const got = await readOrMissing(label, 'GetScheduleGroup', ['ResourceNotFoundException'], () =>
        scheduler.send(new GetScheduleGroupCommand({ Name: name })),
      );
      if (got === undefined) return undefined;
      const listed = await awsCall(label, 'ListTagsForResource', () =>
        scheduler.send(new ListScheduleGroupTagsCommand({ ResourceArn: arn })),
      );
      return { Tags: tagMap(listed.Tags) };
    },
    async create({ scheduler }) {
      await awsCall(label, 'CreateScheduleGroup', () =>
        scheduler.send(new CreateScheduleGroupCommand({ Name: name, Tags: tagList(tags) })),
      );
    },
    async update({ scheduler }, _changes, current) {
      await awsCall(label, 'TagResource', () =>
        scheduler.send(new TagScheduleGroupCommand({ ResourceArn: arn, Tags: tagList(tags) })),
      );
      const removed = removedTagKeys(current.Tags, tags);
      if (removed.length > 0) {
        await awsCall(label, 'UntagResource', () =>
          scheduler.send(new UntagScheduleGroupCommand({ ResourceArn: arn, TagKeys: removed })),
        );
      }
    },
    async delete({ scheduler }) {
      await awsCall(label, 'DeleteScheduleGroup', () =>
        scheduler.send(new DeleteScheduleGroupCommand({ Name: name })),
      );
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

/**
 * The schedule, in the pipeline's group: a schedule cannot carry tags, so destroy removes it by
 * its name, which is the pipeline's (and deleting the group would remove it anyway).
 */
export function scheduleResources(ctx: DeployContext): Resource[] {
  if (!ctx.tree.has(layout.schedule)) return [];
  const schedule = ctx.tree.json<CreateScheduleCommandInput>(layout.schedule);
  const name = schedule.Name!;
  const group = schedule.GroupName ?? 'default';
  const label = `schedule ${group}/${name}`;
  const { Name: _, GroupName: __, ClientToken: ___, ...settings } = schedule;
  return [
    ...(ctx.tree.has(layout.scheduleGroup) ? [scheduleGroupResource(ctx)] : []),
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
