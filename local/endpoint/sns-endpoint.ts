/**
 * SNS over the query protocol (Version 2010-03-31), backed by the cloud's `LocalSns`: topics,
 * their attributes, tags and subscriptions, and Publish into the outbox the simulator's Tasks also
 * publish to. Nothing is delivered, so e-mail and HTTP/S subscriptions stay pending confirmation.
 */
import type { LocalCloud } from './cloud.js';
import { pageOf } from './paging.js';
import { entryMap, memberList, type QueryInput, queryService, tagList } from './query-protocol.js';
import type { ServiceEndpoint } from './types.js';
import { AwsWireError } from './types.js';
import { el, type XmlChild } from './xml.js';

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** ListTopics and ListSubscriptionsByTopic return up to 100 items a page, as on AWS. */
const PAGE_SIZE = 100;

/** SNS's wire codes and statuses, from the SDK's error schemas. */
const ERROR_CODES = {
  NotFoundException: ['NotFound', 404],
  InvalidParameterException: ['InvalidParameter', 400],
  ResourceNotFoundException: ['ResourceNotFound', 404],
  TagLimitExceededException: ['TagLimitExceeded', 400],
  AuthorizationErrorException: ['AuthorizationError', 403],
} as const;

const invalidParameter = (message: string): AwsWireError =>
  new AwsWireError('InvalidParameter', `Invalid parameter: ${message}`);

function paged<T>(input: QueryInput, items: readonly T[]): { items: readonly T[]; nextToken: XmlChild } {
  const page = pageOf(
    items,
    { nextToken: input.optionalString('NextToken') },
    { defaultSize: PAGE_SIZE, maxSize: PAGE_SIZE, invalidTokenCode: 'InvalidParameter' },
  );
  return {
    items: page.items,
    nextToken: page.nextToken === undefined ? undefined : el('NextToken', page.nextToken),
  };
}

/** A `MessageStructure=json` message must be a JSON object with a `default` entry, as SNS requires. */
function checkStructuredMessage(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    typeof (parsed as { default?: unknown }).default !== 'string'
  ) {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
}

export function snsEndpoint(cloud: Pick<LocalCloud, 'sns'>): ServiceEndpoint {
  const sns = cloud.sns;
  return queryService({
    signingNames: ['sns'],
    version: '2010-03-31',
    namespace: NAMESPACE,
    errorCodes: ERROR_CODES,
    internalError: { code: 'InternalError', status: 500 },
    operations: {
      CreateTopic: (input, request) => {
        const { TopicArn } = sns.createTopic(
          { Name: input.string('Name'), Attributes: input.map('Attributes'), Tags: input.tags('Tags') },
          request.region,
        );
        return [el('TopicArn', TopicArn)];
      },
      GetTopicAttributes: (input) => [
        entryMap('Attributes', sns.getTopicAttributes(input.string('TopicArn'))),
      ],
      SetTopicAttributes: (input) => {
        sns.setTopicAttribute(
          input.string('TopicArn'),
          input.string('AttributeName'),
          input.optionalString('AttributeValue') ?? '',
        );
        return [];
      },
      DeleteTopic: (input) => {
        sns.deleteTopic(input.string('TopicArn'));
        return [];
      },
      ListTopics: (input) => {
        const { items, nextToken } = paged(input, sns.listTopics());
        return [memberList('Topics', items, (arn) => [el('TopicArn', arn)]), nextToken];
      },
      Subscribe: (input) => {
        const { SubscriptionArn } = sns.subscribe({
          TopicArn: input.string('TopicArn'),
          Protocol: input.string('Protocol'),
          Endpoint: input.optionalString('Endpoint') ?? '',
          ReturnSubscriptionArn: input.optionalBoolean('ReturnSubscriptionArn'),
        });
        return [el('SubscriptionArn', SubscriptionArn)];
      },
      Unsubscribe: (input) => {
        sns.unsubscribe(input.string('SubscriptionArn'));
        return [];
      },
      ListSubscriptionsByTopic: (input) => {
        const { items, nextToken } = paged(input, sns.listSubscriptionsByTopic(input.string('TopicArn')));
        return [
          memberList('Subscriptions', items, (s) => [
            el('SubscriptionArn', s.pending ? 'PendingConfirmation' : s.arn),
            el('Owner', s.Owner),
            el('Protocol', s.Protocol),
            el('Endpoint', s.Endpoint),
            el('TopicArn', s.TopicArn),
          ]),
          nextToken,
        ];
      },
      TagResource: (input) => {
        sns.tagResource(input.string('ResourceArn'), input.tags('Tags'));
        return [];
      },
      UntagResource: (input) => {
        sns.untagResource(input.string('ResourceArn'), input.stringList('TagKeys'));
        return [];
      },
      ListTagsForResource: (input) => [tagList('Tags', sns.listTagsForResource(input.string('ResourceArn')))],
      Publish: (input) => {
        if (input.optionalString('PhoneNumber') !== undefined) {
          throw invalidParameter('PhoneNumber (the local endpoint publishes to topics only, not SMS)');
        }
        const message = input.string('Message');
        if (input.optionalString('MessageStructure') === 'json') checkStructuredMessage(message);
        const { MessageId } = sns.publish({
          TopicArn: input.optionalString('TopicArn') ?? input.optionalString('TargetArn'),
          Message: message,
          Subject: input.optionalString('Subject'),
        });
        return [el('MessageId', MessageId)];
      },
    },
  });
}
