/**
 * Amazon EventBridge Scheduler on the local endpoint (REST-JSON): schedules and schedule groups
 * of `local/scheduler/`, stored and never fired.
 */
import {
  LocalScheduler,
  type ScheduleInput,
  type ScheduleTarget,
  type Tag,
} from '../scheduler/local-scheduler.js';
import type { LocalCloud } from './cloud.js';
import type { JsonInput } from './json-input.js';
import { dateFromEpoch } from './json-wire.js';
import { pageOf } from './paging.js';
import { type QueryBinding, type RestJsonRoute, restJsonService } from './rest-json.js';
import type { ServiceEndpoint } from './types.js';

const PAGES = { defaultSize: 100, maxSize: 100, invalidTokenCode: 'ValidationException' };
const PAGING: Readonly<Record<string, QueryBinding>> = {
  NextToken: { member: 'NextToken', kind: 'string' },
  MaxResults: { member: 'MaxResults', kind: 'number' },
};
const GROUP_NAME: Readonly<Record<string, QueryBinding>> = {
  groupName: { member: 'GroupName', kind: 'string' },
};

const pageRequest = (input: JsonInput) => ({
  maxResults: input.optionalNumber('MaxResults'),
  nextToken: input.optionalString('NextToken'),
});

function tags(input: JsonInput): Tag[] {
  return (input.optionalInputs('Tags') ?? []).map((t) => ({
    Key: t.string('Key'),
    Value: t.optionalString('Value') ?? '',
  }));
}

function optionalGroup(input: JsonInput): { GroupName?: string } {
  const group = input.optionalString('GroupName');
  return group === undefined ? {} : { GroupName: group };
}

/** A CreateSchedule / UpdateSchedule request: the members typed, the timestamps from epoch seconds. */
function scheduleInput(input: JsonInput): ScheduleInput {
  const target = input.input('Target');
  target.string('Arn');
  target.string('RoleArn');
  target.optionalString('Input');
  const window = input.input('FlexibleTimeWindow');
  const maxWindow = window.optionalNumber('MaximumWindowInMinutes');
  const out: Record<string, unknown> = {
    Name: input.string('Name'),
    ScheduleExpression: input.string('ScheduleExpression'),
    Target: target.members as ScheduleTarget,
    FlexibleTimeWindow: {
      Mode: window.string('Mode'),
      ...(maxWindow === undefined ? {} : { MaximumWindowInMinutes: maxWindow }),
    },
  };
  for (const name of [
    'GroupName',
    'ScheduleExpressionTimezone',
    'Description',
    'State',
    'KmsKeyArn',
    'ActionAfterCompletion',
  ]) {
    const v = input.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  for (const name of ['StartDate', 'EndDate']) {
    const date = dateFromEpoch(input.members[name], name, input.invalidCode);
    if (date !== undefined) out[name] = date;
  }
  return out as unknown as ScheduleInput;
}

function routes(scheduler: LocalScheduler): RestJsonRoute[] {
  return [
    {
      method: 'POST',
      path: '/schedules/{Name}',
      operation: 'CreateSchedule',
      handle: (input) => scheduler.createSchedule(scheduleInput(input)),
    },
    {
      method: 'GET',
      path: '/schedules/{Name}',
      query: GROUP_NAME,
      operation: 'GetSchedule',
      handle: (input) => scheduler.getSchedule({ Name: input.string('Name'), ...optionalGroup(input) }),
    },
    {
      method: 'PUT',
      path: '/schedules/{Name}',
      operation: 'UpdateSchedule',
      handle: (input) => scheduler.updateSchedule(scheduleInput(input)),
    },
    {
      method: 'DELETE',
      path: '/schedules/{Name}',
      query: GROUP_NAME,
      operation: 'DeleteSchedule',
      handle: (input) => {
        scheduler.deleteSchedule({ Name: input.string('Name'), ...optionalGroup(input) });
        return {};
      },
    },
    {
      method: 'GET',
      path: '/schedules',
      query: {
        ...PAGING,
        ScheduleGroup: { member: 'GroupName', kind: 'string' },
        NamePrefix: { member: 'NamePrefix', kind: 'string' },
        State: { member: 'State', kind: 'string' },
      },
      operation: 'ListSchedules',
      handle: (input) => {
        const prefix = input.optionalString('NamePrefix');
        const state = input.optionalString('State');
        const all = scheduler.listSchedules({
          ...optionalGroup(input),
          ...(prefix === undefined ? {} : { NamePrefix: prefix }),
          ...(state === undefined ? {} : { State: state }),
        });
        const page = pageOf(all, pageRequest(input), PAGES);
        return { Schedules: page.items, NextToken: page.nextToken };
      },
    },
    {
      method: 'POST',
      path: '/schedule-groups/{Name}',
      operation: 'CreateScheduleGroup',
      handle: (input) => scheduler.createScheduleGroup({ Name: input.string('Name'), Tags: tags(input) }),
    },
    {
      method: 'GET',
      path: '/schedule-groups/{Name}',
      operation: 'GetScheduleGroup',
      handle: (input) => scheduler.getScheduleGroup({ Name: input.string('Name') }),
    },
    {
      method: 'DELETE',
      path: '/schedule-groups/{Name}',
      operation: 'DeleteScheduleGroup',
      handle: (input) => {
        scheduler.deleteScheduleGroup({ Name: input.string('Name') });
        return {};
      },
    },
    {
      method: 'GET',
      path: '/schedule-groups',
      query: { ...PAGING, NamePrefix: { member: 'NamePrefix', kind: 'string' } },
      operation: 'ListScheduleGroups',
      handle: (input) => {
        const prefix = input.optionalString('NamePrefix');
        const all = scheduler.listScheduleGroups(prefix === undefined ? {} : { NamePrefix: prefix });
        const page = pageOf(all, pageRequest(input), PAGES);
        return { ScheduleGroups: page.items, NextToken: page.nextToken };
      },
    },
    {
      method: 'GET',
      path: '/tags/{ResourceArn}',
      operation: 'ListTagsForResource',
      handle: (input) => scheduler.listTagsForResource({ ResourceArn: input.string('ResourceArn') }),
    },
    {
      method: 'POST',
      path: '/tags/{ResourceArn}',
      operation: 'TagResource',
      handle: (input) => {
        input.list('Tags');
        scheduler.tagResource({ ResourceArn: input.string('ResourceArn'), Tags: tags(input) });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/tags/{ResourceArn}',
      query: { TagKeys: { member: 'TagKeys', kind: 'list' } },
      operation: 'UntagResource',
      handle: (input) => {
        scheduler.untagResource({
          ResourceArn: input.string('ResourceArn'),
          TagKeys: input.stringList('TagKeys'),
        });
        return {};
      },
    },
  ];
}

/** The endpoint over a `LocalScheduler` of its own (the cloud's region and account), unless one is given. */
export function schedulerEndpoint(
  cloud: LocalCloud,
  scheduler: LocalScheduler = new LocalScheduler({ region: cloud.region, account: cloud.account }),
): ServiceEndpoint {
  return restJsonService({
    signingNames: ['scheduler'],
    routes: routes(scheduler),
    invalidInputCode: 'ValidationException',
    errorStatus: {
      ConflictException: 409,
      ResourceNotFoundException: 404,
      ServiceQuotaExceededException: 402,
      ThrottlingException: 429,
      ValidationException: 400,
      InternalServerException: 500,
    },
  });
}
