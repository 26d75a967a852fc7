/**
 * SNS on disk: topics are created from the artifact tree's sns/topic.json; every message
 * published is appended to an outbox (JSON lines) instead of being delivered.
 */

import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { AwsServiceError } from '../executor/types.js';

export interface PublishedMessage {
  readonly topic: string;
  readonly subject: string;
  readonly message: string;
  readonly messageId: string;
  readonly at: string;
}

export class LocalSns {
  private readonly topics = new Set<string>();

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

  /** CreateTopic: idempotent, as on AWS; returns the topic ARN. */
  createTopic(input: { Name: string }): { TopicArn: string } {
    const arn = `arn:aws:sns:${this.region}:${this.account}:${input.Name}`;
    this.topics.add(arn);
    return { TopicArn: arn };
  }

  publish(input: { TopicArn?: string; Message?: string; Subject?: string }): { MessageId: string } {
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
