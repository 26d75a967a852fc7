/** The pipeline's SNS topic (`artifactLayout.topic`): attributes, subscriptions, tags. */
import type { SNSClient } from '@aws-sdk/client-sns';
import { artifactLayout } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { allPages, awsCall, readOrMissing } from '../errors.js';
import { type Resource, removedTagKeys, type TagList, taggedFor, tagList, tagMap } from '../resource.js';
import { sns } from '../sdk.js';

const {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  paginateListSubscriptionsByTopic,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} = sns;

interface TopicFile {
  readonly Name: string;
  readonly Attributes?: Readonly<Record<string, string>>;
  readonly Subscriptions?: readonly { readonly Protocol: string; readonly Endpoint: string }[];
  readonly Tags?: TagList;
}

const subscriptionKey = (s: { Protocol?: string | undefined; Endpoint?: string | undefined }) =>
  `${s.Protocol}:${s.Endpoint}`;

async function subscriptions(sns: SNSClient, label: string, arn: string) {
  const pages = paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: arn });
  return (await allPages(label, 'ListSubscriptionsByTopic', pages)).flatMap((page) =>
    (page.Subscriptions ?? []).map((s) => ({
      ...(s.Protocol === undefined ? {} : { Protocol: s.Protocol }),
      ...(s.Endpoint === undefined ? {} : { Endpoint: s.Endpoint }),
      ...(s.SubscriptionArn === undefined ? {} : { SubscriptionArn: s.SubscriptionArn }),
    })),
  );
}

export function topicResource(ctx: DeployContext): Resource {
  const topic = ctx.tree.json<TopicFile>(artifactLayout.topic);
  const name = topic.Name;
  const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:${name}`;
  const label = `topic ${name}`;
  const attributes = topic.Attributes ?? {};
  const tags = { ...tagMap(topic.Tags), ...ctx.tags };
  const wanted = (topic.Subscriptions ?? []).map(subscriptionKey).sort();
  const desired = { Attributes: attributes, Subscriptions: wanted, Tags: tags };
  const subscribe = async (sns: SNSClient, keys: readonly string[]) => {
    for (const s of topic.Subscriptions ?? []) {
      if (!keys.includes(subscriptionKey(s))) continue;
      await awsCall(label, `Subscribe ${subscriptionKey(s)}`, () =>
        sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: s.Protocol, Endpoint: s.Endpoint })),
      );
    }
  };
  return {
    type: 'AWS::SNS::Topic',
    name,
    desired,
    async read({ sns }) {
      const got = await readOrMissing(label, 'GetTopicAttributes', ['NotFound', 'NotFoundException'], () =>
        sns.send(new GetTopicAttributesCommand({ TopicArn: arn })),
      );
      if (got === undefined) return undefined;
      const current = got.Attributes ?? {};
      const tagged = await awsCall(label, 'ListTagsForResource', () =>
        sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
      );
      return {
        Attributes: Object.fromEntries(Object.keys(attributes).map((k) => [k, current[k]])),
        Subscriptions: (await subscriptions(sns, label, arn)).map(subscriptionKey).sort(),
        Tags: tagMap(tagged.Tags),
      };
    },
    async create({ sns }) {
      await awsCall(label, 'CreateTopic', () =>
        sns.send(new CreateTopicCommand({ Name: name, Attributes: { ...attributes }, Tags: tagList(tags) })),
      );
      await subscribe(sns, wanted);
    },
    async update({ sns }, changes, current) {
      for (const change of changes) {
        if (change.field === 'Attributes') {
          const now = (current.Attributes ?? {}) as Record<string, string | undefined>;
          for (const [key, value] of Object.entries(attributes)) {
            if (now[key] === value) continue;
            await awsCall(label, `SetTopicAttributes ${key}`, () =>
              sns.send(
                new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: key, AttributeValue: value }),
              ),
            );
          }
        } else if (change.field === 'Subscriptions') {
          const now = await subscriptions(sns, label, arn);
          await subscribe(
            sns,
            wanted.filter((k) => !now.some((s) => subscriptionKey(s) === k)),
          );
          // Unconfirmed subscriptions have no ARN to unsubscribe; AWS removes them after three days.
          for (const s of now.filter((s) => !wanted.includes(subscriptionKey(s)))) {
            if (s.SubscriptionArn === undefined || !s.SubscriptionArn.startsWith('arn:')) continue;
            await awsCall(label, `Unsubscribe ${subscriptionKey(s)}`, () =>
              sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn })),
            );
          }
        } else if (change.field === 'Tags') {
          await awsCall(label, 'TagResource', () =>
            sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: tagList(tags) })),
          );
          const removed = removedTagKeys(current.Tags, tags);
          if (removed.length > 0) {
            await awsCall(label, 'UntagResource', () =>
              sns.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed })),
            );
          }
        }
      }
    },
    async delete({ sns }) {
      await awsCall(label, 'DeleteTopic', () => sns.send(new DeleteTopicCommand({ TopicArn: arn })));
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}
