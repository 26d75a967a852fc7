/**
 * SNS on disk: topics are created from the artifact tree's topic file (or through the local
 * endpoint); every message published is appended to an outbox (JSON lines) instead of being
 * delivered. Topics, their attributes, tags and subscriptions are kept in memory. Nothing is ever
 * delivered, so a subscription that needs its owner's confirmation (e-mail, HTTP/S) stays pending.
 */

import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { AwsServiceError } from '../executor/types.js';
import { checkSubscription } from './subscription-protocols.js';
import {
  checkAttributeName,
  checkTopicName,
  DEFAULT_EFFECTIVE_DELIVERY_POLICY,
  defaultPolicy,
} from './topic-attributes.js';

export interface PublishedMessage {
  readonly topic: string;
  readonly subject: string;
  readonly message: string;
  readonly messageId: string;
  readonly at: string;
}

export interface SnsTag {
  readonly Key: string;
  readonly Value: string;
}

export interface SnsSubscription {
  /** The subscription's ARN, whether or not it was confirmed. */
  readonly arn: string;
  readonly TopicArn: string;
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly Owner: string;
  /** Awaiting its owner's confirmation, which the local SNS never receives. */
  readonly pending: boolean;
}

export interface CreateTopicInput {
  readonly Name: string;
  readonly Attributes?: Readonly<Record<string, string>> | undefined;
  readonly Tags?: readonly SnsTag[] | undefined;
}

interface TopicState {
  /** Attributes set at creation or with SetTopicAttributes (not the derived ones). */
  readonly attributes: Map<string, string>;
  readonly tags: Map<string, string>;
  readonly subscriptions: Map<string, SnsSubscription>;
  deletedSubscriptions: number;
}

const MAX_TAGS = 50;

const notFound = (what: string): AwsServiceError =>
  new AwsServiceError('SNS.NotFoundException', `${what} does not exist`);
const invalid = (message: string): AwsServiceError =>
  new AwsServiceError('SNS.InvalidParameterException', `Invalid parameter: ${message}`);

function checkTags(tags: ReadonlyMap<string, string>): void {
  for (const [key, value] of tags) {
    if (key.length === 0 || key.length > 128)
      throw invalid(`Tags (key must be 1 to 128 characters: '${key}')`);
    if (value.length > 256) throw invalid(`Tags (value of '${key}' exceeds 256 characters)`);
  }
  if (tags.size > MAX_TAGS) {
    throw new AwsServiceError(
      'SNS.TagLimitExceededException',
      `Could not complete request: tag quota of per resource exceeded (${MAX_TAGS})`,
    );
  }
}

export class LocalSns {
  /** Topic ARN → its state, in creation order (ListTopics order). */
  private readonly topics = new Map<string, TopicState>();

  /**
   * `autoCreateTopics` accepts a publish to any topic ARN (for hand-written state machines run with
   * `lakeline sfn run`, whose topics were never created); otherwise an unknown topic is NotFound.
   */
  constructor(
    readonly outbox: string,
    private readonly region: string,
    private readonly account: string,
    private readonly options: { readonly autoCreateTopics?: boolean } = {},
  ) {}

  private topic(arn: string): TopicState {
    const topic = this.topics.get(arn);
    if (topic === undefined) throw notFound('Topic');
    return topic;
  }

  /** Tagging operations name a missing topic ResourceNotFound, not NotFound. */
  private taggable(arn: string): TopicState {
    const topic = this.topics.get(arn);
    if (topic === undefined)
      throw new AwsServiceError('SNS.ResourceNotFoundException', `Resource does not exist: ${arn}`);
    return topic;
  }

  /**
   * CreateTopic: idempotent, as on AWS; returns the topic ARN. Creating an existing topic again
   * with different attributes or tags is refused, as AWS refuses it. Topics are regional: `region`
   * (the region a request was signed for) names the topic's ARN, the simulator's region by default.
   */
  createTopic(input: CreateTopicInput, region = this.region): { TopicArn: string } {
    const attributes = input.Attributes ?? {};
    for (const name of Object.keys(attributes)) checkAttributeName(name, 'create');
    checkTopicName(input.Name, attributes);
    const tags = new Map((input.Tags ?? []).map((t) => [t.Key, t.Value]));
    checkTags(tags);
    const arn = `arn:aws:sns:${region}:${this.account}:${input.Name}`;
    const existing = this.topics.get(arn);
    if (existing !== undefined) {
      if (Object.entries(attributes).some(([k, v]) => (existing.attributes.get(k) ?? '') !== v)) {
        throw invalid('Attributes Reason: Topic already exists with different attributes');
      }
      if ([...tags].some(([k, v]) => existing.tags.get(k) !== v)) {
        throw invalid('Tags Reason: Topic already exists with different tags');
      }
      return { TopicArn: arn };
    }
    this.topics.set(arn, {
      attributes: new Map(Object.entries(attributes)),
      tags,
      subscriptions: new Map(),
      deletedSubscriptions: 0,
    });
    return { TopicArn: arn };
  }

  /** DeleteTopic: the topic and its subscriptions; deleting a topic that does not exist is no error, as on AWS. */
  deleteTopic(arn: string): void {
    this.topics.delete(arn);
  }

  /** Topic ARNs in creation order. */
  listTopics(): string[] {
    return [...this.topics.keys()];
  }

  /** The attributes set on the topic, and the ones SNS derives (owner, policy, subscription counts). */
  getTopicAttributes(arn: string): Record<string, string> {
    const topic = this.topic(arn);
    const subscriptions = [...topic.subscriptions.values()];
    return {
      TopicArn: arn,
      Owner: this.account,
      DisplayName: '',
      Policy: defaultPolicy(arn, this.account),
      EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
      ...Object.fromEntries(topic.attributes),
      SubscriptionsConfirmed: String(subscriptions.filter((s) => !s.pending).length),
      SubscriptionsPending: String(subscriptions.filter((s) => s.pending).length),
      SubscriptionsDeleted: String(topic.deletedSubscriptions),
    };
  }

  setTopicAttribute(arn: string, name: string, value: string): void {
    const topic = this.topic(arn);
    checkAttributeName(name, 'set');
    topic.attributes.set(name, value);
  }

  /**
   * Subscribe: idempotent for the same protocol and endpoint. A subscription awaiting confirmation
   * is answered `pending confirmation` unless `returnArn`, as AWS answers.
   */
  subscribe(input: {
    TopicArn: string;
    Protocol: string;
    Endpoint: string;
    ReturnSubscriptionArn?: boolean | undefined;
  }): { SubscriptionArn: string } {
    const topic = this.topic(input.TopicArn);
    const { needsConfirmation } = checkSubscription(input.Protocol, input.Endpoint);
    let subscription = [...topic.subscriptions.values()].find(
      (s) => s.Protocol === input.Protocol && s.Endpoint === input.Endpoint,
    );
    if (subscription === undefined) {
      subscription = {
        arn: `${input.TopicArn}:${randomUUID()}`,
        TopicArn: input.TopicArn,
        Protocol: input.Protocol,
        Endpoint: input.Endpoint,
        Owner: this.account,
        pending: needsConfirmation,
      };
      topic.subscriptions.set(subscription.arn, subscription);
    }
    const shown =
      subscription.pending && input.ReturnSubscriptionArn !== true
        ? 'pending confirmation'
        : subscription.arn;
    return { SubscriptionArn: shown };
  }

  unsubscribe(subscriptionArn: string): void {
    for (const topic of this.topics.values()) {
      if (topic.subscriptions.delete(subscriptionArn)) {
        topic.deletedSubscriptions++;
        return;
      }
    }
    throw notFound(`Subscription ${subscriptionArn}`);
  }

  /** The topic's subscriptions in subscription order. */
  listSubscriptionsByTopic(arn: string): SnsSubscription[] {
    return [...this.topic(arn).subscriptions.values()];
  }

  tagResource(arn: string, tags: readonly SnsTag[]): void {
    const topic = this.taggable(arn);
    const merged = new Map(topic.tags);
    for (const t of tags) merged.set(t.Key, t.Value);
    checkTags(merged);
    for (const t of tags) topic.tags.set(t.Key, t.Value);
  }

  untagResource(arn: string, keys: readonly string[]): void {
    const topic = this.taggable(arn);
    for (const key of keys) topic.tags.delete(key);
  }

  listTagsForResource(arn: string): SnsTag[] {
    return [...this.taggable(arn).tags].map(([Key, Value]) => ({ Key, Value }));
  }

  publish(input: {
    TopicArn?: string | undefined;
    Message?: string | undefined;
    Subject?: string | undefined;
  }): {
    MessageId: string;
  } {
    if (input.TopicArn === undefined || input.Message === undefined) {
      throw new AwsServiceError(
        'SNS.InvalidParameterException',
        'Invalid parameter: TopicArn and Message are required',
      );
    }
    if (!this.topics.has(input.TopicArn) && !this.options.autoCreateTopics) {
      throw new AwsServiceError('SNS.NotFoundException', `Topic does not exist: ${input.TopicArn}`);
    }
    if (input.Subject !== undefined && input.Subject.length > 100) {
      throw new AwsServiceError(
        'SNS.InvalidParameterException',
        'Invalid parameter: Subject must be at most 100 characters',
      );
    }
    const record: PublishedMessage = {
      topic: input.TopicArn,
      subject: input.Subject ?? '',
      message: input.Message,
      messageId: randomUUID(),
      at: new Date().toISOString(),
    };
    appendFileSync(this.outbox, `${JSON.stringify(record)}\n`);
    return { MessageId: record.messageId };
  }

  /** Everything in the outbox, oldest first. */
  messages(): PublishedMessage[] {
    if (!existsSync(this.outbox)) return [];
    return readFileSync(this.outbox, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as PublishedMessage);
  }
}
