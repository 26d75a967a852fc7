/**
 * The SNS endpoint, called by the real SNS client over the query protocol: topics and their
 * attributes, subscriptions (e-mail stays pending confirmation), tags, Publish into the outbox the
 * simulator reads, and SNS's errors as the SDK names them.
 */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListPlatformApplicationsCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS, errorOf, REGION, type Services, startServices } from './s3-sns-iam-fixture.js';

let services: Services;
let sns: SNSClient;

beforeAll(async () => {
  services = await startServices('sns-endpoint');
  sns = new SNSClient({ endpoint: services.url, region: REGION, credentials: CREDENTIALS });
});
afterAll(async () => {
  sns?.destroy();
  await services?.close();
});

const arnOf = (name: string): string => `arn:aws:sns:${REGION}:${services.cloud.account}:${name}`;

async function createTopic(name: string): Promise<string> {
  return (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
}

describe('topics', () => {
  it('creates a topic with attributes and tags, idempotently, in the region the request was signed for', async () => {
    const input = {
      Name: 'lakeline-notifications',
      Attributes: { DisplayName: 'Lakeline & friends', KmsMasterKeyId: 'alias/aws/sns' },
      Tags: [{ Key: 'lakeline:stage', Value: 'dev' }],
    };
    const first = await sns.send(new CreateTopicCommand(input));
    expect(first.TopicArn).toBe(arnOf('lakeline-notifications'));
    expect((await sns.send(new CreateTopicCommand(input))).TopicArn).toBe(first.TopicArn);
    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn })))
      .Attributes;
    expect(attributes).toMatchObject({
      TopicArn: first.TopicArn,
      Owner: services.cloud.account,
      DisplayName: 'Lakeline & friends',
      KmsMasterKeyId: 'alias/aws/sns',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
    });
    expect(JSON.parse(attributes!.Policy!).Statement[0].Resource).toBe(first.TopicArn);
  });

  it('refuses to create an existing topic again with different attributes (InvalidParameter)', async () => {
    await sns.send(new CreateTopicCommand({ Name: 'lakeline-conflict', Attributes: { DisplayName: 'one' } }));
    const error = await errorOf(
      sns.send(new CreateTopicCommand({ Name: 'lakeline-conflict', Attributes: { DisplayName: 'two' } })),
    );
    expect(error).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(error.message).toContain('Topic already exists with different attributes');
  });

  it('refuses a topic name SNS does not allow', async () => {
    const error = await errorOf(sns.send(new CreateTopicCommand({ Name: 'no spaces allowed' })));
    expect(error).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(error.message).toContain('Topic Name');
  });

  it('sets an attribute; an attribute SNS does not know is InvalidParameter', async () => {
    const TopicArn = await createTopic('lakeline-set');
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Set' }),
    );
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.DisplayName).toBe('Set');
    const error = await errorOf(
      sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Colour', AttributeValue: 'blue' })),
    );
    expect(error).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(error.message).toContain('Colour');
  });

  it('lists topics, and deletes them (a deleted or unknown topic is NotFound; deleting twice is no error)', async () => {
    const TopicArn = await createTopic('lakeline-deleted');
    expect((await sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).toContain(TopicArn);
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    expect((await sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).not.toContain(
      TopicArn,
    );
    const error = await errorOf(sns.send(new GetTopicAttributesCommand({ TopicArn })));
    expect(error).toMatchObject({ name: 'NotFoundException', status: 404, message: 'Topic does not exist' });
  });
});

describe('subscriptions', () => {
  it('keeps an e-mail subscription pending confirmation, as AWS does until the recipient confirms', async () => {
    const TopicArn = await createTopic('lakeline-email');
    const subscribed = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'data-alerts@example.com' }),
    );
    expect(subscribed.SubscriptionArn).toBe('pending confirmation');
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(listed.Subscriptions).toEqual([
      {
        SubscriptionArn: 'PendingConfirmation',
        Owner: services.cloud.account,
        Protocol: 'email',
        Endpoint: 'data-alerts@example.com',
        TopicArn,
      },
    ]);
    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes;
    expect(attributes).toMatchObject({ SubscriptionsPending: '1', SubscriptionsConfirmed: '0' });
  });

  it('confirms an SQS subscription at once, and unsubscribes it (a second time is NotFound)', async () => {
    const TopicArn = await createTopic('lakeline-sqs');
    const Endpoint = `arn:aws:sqs:${REGION}:${services.cloud.account}:alerts`;
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
    expect(SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    const again = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
    expect(again.SubscriptionArn).toBe(SubscriptionArn);
    expect(
      (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions?.[0]?.SubscriptionArn,
    ).toBe(SubscriptionArn);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
    const error = await errorOf(sns.send(new UnsubscribeCommand({ SubscriptionArn })));
    expect(error).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('refuses an unknown protocol, a bad e-mail address and a missing topic', async () => {
    const TopicArn = await createTopic('lakeline-bad-subscriptions');
    const protocol = await errorOf(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'pigeon', Endpoint: 'x' })),
    );
    expect(protocol).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(protocol.message).toContain('does not support this protocol string: pigeon');
    const address = await errorOf(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'nobody' })),
    );
    expect(address.message).toContain('Email address');
    const missing = await errorOf(
      sns.send(
        new SubscribeCommand({ TopicArn: arnOf('lakeline-none'), Protocol: 'email', Endpoint: 'a@b.c' }),
      ),
    );
    expect(missing).toMatchObject({ name: 'NotFoundException', status: 404 });
  });
});

describe('tags', () => {
  it('tags, untags and lists a topic’s tags; an unknown topic is ResourceNotFound', async () => {
    const ResourceArn = await createTopic('lakeline-tagged');
    await sns.send(
      new TagResourceCommand({
        ResourceArn,
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'cost-centre', Value: '42' },
        ],
      }),
    );
    await sns.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: 'team', Value: 'platform' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['cost-centre'] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags).toEqual([
      { Key: 'team', Value: 'platform' },
    ]);
    const error = await errorOf(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: arnOf('lakeline-untagged') })),
    );
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});

describe('Publish', () => {
  it('appends the message to the outbox and returns its id', async () => {
    const TopicArn = await createTopic('lakeline-publish');
    const { MessageId } = await sns.send(
      new PublishCommand({ TopicArn, Subject: 'Run failed', Message: 'job <raw-to-curated> & more' }),
    );
    expect(services.cloud.sns.messages().find((m) => m.messageId === MessageId)).toMatchObject({
      topic: TopicArn,
      subject: 'Run failed',
      message: 'job <raw-to-curated> & more',
    });
  });

  it('is NotFound for a topic that does not exist, and InvalidParameter for a long subject', async () => {
    const missing = await errorOf(
      sns.send(new PublishCommand({ TopicArn: arnOf('lakeline-nowhere'), Message: 'm' })),
    );
    expect(missing).toMatchObject({ name: 'NotFoundException', status: 404 });
    const TopicArn = await createTopic('lakeline-subject');
    const subject = await errorOf(
      sns.send(new PublishCommand({ TopicArn, Message: 'm', Subject: 's'.repeat(101) })),
    );
    expect(subject).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });
});

it('answers an action it does not serve with InvalidAction (400)', async () => {
  const error = await errorOf(sns.send(new ListPlatformApplicationsCommand({})));
  expect(error).toMatchObject({ name: 'InvalidAction', status: 400 });
  expect(error.message).toContain('Could not find operation ListPlatformApplications');
});
