/**
 * Topic attributes as SNS validates them: which names CreateTopic and SetTopicAttributes take, and
 * the attributes GetTopicAttributes reports that nobody set (owner, default access policy,
 * subscription counts).
 */
import { AwsServiceError } from '../executor/types.js';

const SETTABLE = new Set([
  'ArchivePolicy',
  'ContentBasedDeduplication',
  'DeliveryPolicy',
  'DisplayName',
  'FifoThroughputScope',
  'KmsMasterKeyId',
  'Policy',
  'SignatureVersion',
  'TracingConfig',
]);
const FEEDBACK =
  /^(Application|Firehose|HTTP|Lambda|SQS)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;

const invalid = (message: string): AwsServiceError =>
  new AwsServiceError('SNS.InvalidParameterException', `Invalid parameter: ${message}`);

/** `FifoTopic` is only given at creation; everything else may also be set later. */
export function checkAttributeName(name: string, when: 'create' | 'set'): void {
  if (SETTABLE.has(name) || FEEDBACK.test(name) || (when === 'create' && name === 'FifoTopic')) return;
  throw invalid(`AttributeName (${name} is not a topic attribute SNS lets you ${when})`);
}

/** A FIFO topic's name ends in `.fifo` and a standard topic's does not, as SNS insists. */
export function checkTopicName(name: string, attributes: Readonly<Record<string, string>>): void {
  const fifo = attributes.FifoTopic === 'true';
  const base = name.endsWith('.fifo') ? name.slice(0, -5) : name;
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(base) || name.length > 256) {
    throw invalid(`Topic Name (${name}: up to 256 letters, digits, hyphens and underscores)`);
  }
  if (fifo !== name.endsWith('.fifo')) {
    throw invalid('Fifo Topic names must end with .fifo and Standard Topic cannot end with .fifo');
  }
}

/** The access policy SNS gives a topic created without one: the owning account may do everything. */
export function defaultPolicy(topicArn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});
