/**
 * The SNS topic told of every run, as a CreateTopic input plus the stage's subscriptions (one
 * Subscribe call each). Encrypted with the AWS-managed key `alias/aws/sns`: its key policy lets
 * principals of the account use it through SNS, so publishers need no KMS permission of their own.
 */
import { type Pipeline, resourceTags, type Stage } from '../../core/index.js';
import { topicName } from './resource-arns.js';

export const SNS_MANAGED_KEY = 'alias/aws/sns';

export interface TopicDefinition {
  readonly Name: string;
  readonly Attributes: Readonly<Record<string, string>>;
  readonly Tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly Subscriptions: readonly { readonly Protocol: string; readonly Endpoint: string }[];
}

export function topicDefinition(pipeline: Pipeline, stage: Stage): TopicDefinition {
  return {
    Name: topicName(pipeline, stage),
    Attributes: { DisplayName: pipeline.name.slice(0, 100), KmsMasterKeyId: SNS_MANAGED_KEY },
    Tags: Object.entries(resourceTags(pipeline.name, stage))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([Key, Value]) => ({ Key, Value })),
    Subscriptions: stage.subscriptions.map((s) => ({ Protocol: s.protocol, Endpoint: s.endpoint })),
  };
}
