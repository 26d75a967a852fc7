/** A notification task: one SNS publish to the pipeline's topic (patterns/sns-publish.ts). */
import type { Notify } from '../../core/index.js';
import { chainOf } from '../chain.js';
import { ref } from '../intrinsics.js';
import { catchAll } from '../patterns/failure.js';
import { API_CALL_TIMEOUT_SECONDS } from '../patterns/retry-policies.js';
import { snsPublish } from '../patterns/sns-publish.js';
import { topicArn } from '../synth/resource-arns.js';
import type { TaskRenderer } from './task-renderer.js';

export const notifyRenderer: TaskRenderer<Notify> = {
  toStates: (task, { pipeline, stage, failure }) =>
    chainOf(
      snsPublish(`Notify ${task.name}`, {
        topicArn: topicArn(pipeline, stage),
        subject: task.subject,
        message: [
          `${task.message}\n\nRun `,
          ref('$$.Execution.Name'),
          ` of ${pipeline.name} (${stage.name}).`,
        ],
        catch: catchAll(failure),
      }),
    ),
  failedState: (task) => `Notify ${task.name} failed`,
  budgetSeconds: () => API_CALL_TIMEOUT_SECONDS * 4,
};
