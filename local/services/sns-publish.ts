/** Serves `arn:aws:states:::sns:publish`: the message goes to the outbox; returns what SNS returns. */
import type { TaskHandler } from '../executor/types.js';
import type { LocalSns } from '../sns/local-sns.js';

export const snsPublish =
  (sns: LocalSns): TaskHandler =>
  async (input) => {
    const params = (input ?? {}) as { TopicArn?: string; Message?: string; Subject?: string };
    return sns.publish(params);
  };
