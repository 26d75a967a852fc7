/** SNS publish through the optimized integration (request-response: done once SNS accepts it). */
import { type FormatPart, format } from '../intrinsics.js';
import { type Catcher, type TaskState, task } from '../states.js';
import { retrier, SNS_TRANSIENT } from './retry-policies.js';

export const SNS_PUBLISH = 'arn:aws:states:::sns:publish';

/** SNS wants an ASCII subject of less than 100 characters, without line breaks. */
const MAX_SUBJECT = 99;

export function snsPublish(
  name: string,
  spec: {
    readonly topicArn: string;
    readonly subject: string;
    /** Literal text and paths, rendered with States.Format. */
    readonly message: readonly FormatPart[];
    readonly catch: readonly Catcher[];
    readonly next?: string;
  },
): TaskState {
  const flat = spec.subject.replace(/[^\x20-\x7e]/g, ' ');
  const subject = flat.length > MAX_SUBJECT ? `${flat.slice(0, MAX_SUBJECT - 3)}...` : flat;
  return task(name, {
    resource: SNS_PUBLISH,
    parameters: { TopicArn: spec.topicArn, Subject: subject, 'Message.$': format(spec.message) },
    // The publish response (a MessageId) is of no use downstream; keep the input as it was.
    resultPath: null,
    // Not retried on States.Timeout: a publish that timed out may still have been delivered.
    retry: [retrier(SNS_TRANSIENT)],
    catch: spec.catch,
    grants: [{ actions: ['sns:Publish'], resources: [spec.topicArn] }],
    ...(spec.next === undefined ? {} : { next: spec.next }),
  });
}
