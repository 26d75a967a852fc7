/**
 * The orchestration artifacts of a pipeline in a stage: the ASL definition, the SNS topic, the
 * state-machine role derived from what its Tasks declared, and the schedule with its role.
 */
import {
  type Artifact,
  jsonArtifact,
  artifactLayout as layout,
  type Pipeline,
  type RoleDefinition,
  resourceName,
  resourceTags,
  roleDefinition,
  type Stage,
} from '../../core/index.js';
import { renderStateMachine, type StateMachine, stateMachineGrants } from '../state-machine.js';
import type { StateMachineInputs } from '../tasks/index.js';
import { pipelineStateMachine } from './pipeline-state-machine.js';
import { scheduleDefinition, scheduleGroupDefinition, schedulerRole } from './schedule.js';
import { topicDefinition } from './topic.js';

export type { StateMachineInputs } from '../tasks/index.js';

export const stateMachineRoleName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, 'state-machine-role');

export function stateMachineRole(pipeline: Pipeline, stage: Stage, machine: StateMachine): RoleDefinition {
  return roleDefinition({
    name: stateMachineRoleName(pipeline, stage),
    description: `Runs the ${pipeline.name} state machine in ${stage.name}: what its states declared they use.`,
    service: 'states.amazonaws.com',
    policyName: 'state-machine',
    statements: stateMachineGrants(machine),
    tags: resourceTags(pipeline.name, stage),
  });
}

export function synthStateMachine(pipeline: Pipeline, stage: Stage, inputs: StateMachineInputs): Artifact[] {
  const machine = pipelineStateMachine(pipeline, stage, inputs);
  return [
    jsonArtifact(layout.stateMachine, renderStateMachine(machine)),
    jsonArtifact(layout.topic, topicDefinition(pipeline, stage)),
    jsonArtifact(layout.stateMachineRole, stateMachineRole(pipeline, stage, machine)),
    ...(pipeline.schedule === undefined
      ? []
      : [
          jsonArtifact(layout.scheduleGroup, scheduleGroupDefinition(pipeline, stage)),
          jsonArtifact(layout.schedule, scheduleDefinition(pipeline, stage, pipeline.schedule)),
          jsonArtifact(layout.schedulerRole, schedulerRole(pipeline, stage)),
        ]),
  ];
}
