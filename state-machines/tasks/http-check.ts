/**
 * An HTTP health check as Step Functions' HTTP Task (`arn:aws:states:::http:invoke`): a non-2xx
 * answer fails the Task with `States.Http.StatusCode.<code>`; 429 and 5xx are retried a few times,
 * anything else goes to the failure route. The role may invoke exactly this endpoint and method,
 * read the connection's credentials and the secret EventBridge keeps them in.
 */
import { arn, type HttpCheck } from '../../core/index.js';
import { chainOf } from '../chain.js';
import { catchAll } from '../patterns/failure.js';
import { API_CALL_TIMEOUT_SECONDS, retrier } from '../patterns/retry-policies.js';
import { task } from '../states.js';
import { stateMachineArn } from '../synth/resource-arns.js';
import { MARGIN_SECONDS, type TaskRenderer } from './task-renderer.js';

export const HTTP_INVOKE = 'arn:aws:states:::http:invoke';

const RETRIED = ['429', '500', '502', '503', '504'].map((code) => `States.Http.StatusCode.${code}`);

export const httpCheckRenderer: TaskRenderer<HttpCheck> = {
  toStates: (check, { pipeline, stage, failure }) => {
    const url = check.endpoints[stage.name]!;
    const connection = check.connections[stage.name];
    const grants = [
      {
        actions: ['states:InvokeHTTPEndpoint'],
        resources: [stateMachineArn(pipeline, stage)],
        conditions: { StringEquals: { 'states:HTTPEndpoint': url, 'states:HTTPMethod': check.method } },
      },
      ...(connection === undefined
        ? []
        : [
            { actions: ['events:RetrieveConnectionCredentials'], resources: [connection] },
            {
              actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              resources: [arn(stage, 'secretsmanager', 'secret:events!connection/*')],
            },
          ]),
    ];
    return chainOf(
      task(`Check ${check.name}`, {
        resource: HTTP_INVOKE,
        parameters: {
          ApiEndpoint: url,
          Method: check.method,
          ...(connection === undefined ? {} : { Authentication: { ConnectionArn: connection } }),
        },
        // Only whether it answered matters; the response would only weigh on the payload.
        resultPath: null,
        timeoutSeconds: API_CALL_TIMEOUT_SECONDS,
        retry: [retrier(RETRIED, { maxAttempts: 3 })],
        catch: catchAll(failure),
        grants,
      }),
    );
  },
  failedState: (check) => `Check ${check.name} failed`,
  budgetSeconds: () => API_CALL_TIMEOUT_SECONDS * 4 + MARGIN_SECONDS,
};
