/**
 * The EventBridge Scheduler schedule that starts the state machine (a templated target: the
 * target ARN is the state machine, and Scheduler calls StartExecution with the role), and that
 * role, allowed to start this one state machine and nothing else.
 */
import {
  type Pipeline,
  type RoleDefinition,
  resourceName,
  resourceTags,
  roleArn,
  roleDefinition,
  type Schedule,
  type Stage,
} from '../../core/index.js';
import { stateMachineArn } from './resource-arns.js';

export const schedulerRoleName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, 'scheduler-role');

export interface ScheduleDefinition {
  readonly Name: string;
  readonly GroupName: string;
  readonly Description: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly FlexibleTimeWindow: { readonly Mode: 'OFF' };
  readonly State: 'ENABLED' | 'DISABLED';
  readonly ActionAfterCompletion: 'NONE';
  readonly Target: {
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input: string;
    readonly RetryPolicy: {
      readonly MaximumEventAgeInSeconds: number;
      readonly MaximumRetryAttempts: number;
    };
  };
}

/** A CreateSchedule input. Enabled only where the stage says so, so dev never runs on its own. */
export function scheduleDefinition(pipeline: Pipeline, stage: Stage, schedule: Schedule): ScheduleDefinition {
  return {
    Name: resourceName(pipeline.name, stage, 'schedule'),
    GroupName: scheduleGroupName(pipeline, stage),
    Description: `Starts the ${pipeline.name} pipeline in ${stage.name}.`,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: schedule.timezone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: stage.scheduleEnabled ? 'ENABLED' : 'DISABLED',
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: stateMachineArn(pipeline, stage),
      RoleArn: roleArn(stage, schedulerRoleName(pipeline, stage)),
      // The execution input; Scheduler fills in the scheduled time so a run can be traced to its trigger.
      Input: JSON.stringify({ trigger: 'schedule', scheduledTime: '<aws.scheduler.scheduled-time>' }),
      // Retries only cover failures to start the execution (throttling); a started run is never repeated.
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
    },
  };
}

/**
 * Scheduler tags schedule groups, not schedules: each pipeline's schedule lives in a group of its
 * own, which carries the pipeline's tags (and is what destroy finds by them).
 */
export const scheduleGroupName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, 'schedules');

/** The CreateScheduleGroup input. */
export function scheduleGroupDefinition(
  pipeline: Pipeline,
  stage: Stage,
): { Name: string; Tags: { Key: string; Value: string }[] } {
  return {
    Name: scheduleGroupName(pipeline, stage),
    Tags: Object.entries(resourceTags(pipeline.name, stage)).map(([Key, Value]) => ({ Key, Value })),
  };
}

export function schedulerRole(pipeline: Pipeline, stage: Stage): RoleDefinition {
  return roleDefinition({
    name: schedulerRoleName(pipeline, stage),
    description: `Lets EventBridge Scheduler start the ${pipeline.name} state machine in ${stage.name}.`,
    service: 'scheduler.amazonaws.com',
    policyName: 'start-execution',
    statements: [{ actions: ['states:StartExecution'], resources: [stateMachineArn(pipeline, stage)] }],
    tags: resourceTags(pipeline.name, stage),
  });
}
