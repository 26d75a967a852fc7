/**
 * An HTTP health check: the state machine calls an HTTPS endpoint (Step Functions' HTTP Task,
 * `http:invoke`) and goes on only if it answers with a 2xx status; 429 and 5xx are retried.
 * Each stage names its endpoint, and on AWS the EventBridge connection the HTTP Task requires
 * (referenced by ARN: its credentials stay in the connection's secret). The local stage calls its
 * endpoint directly, with no connection.
 */
import { afterOf, none, type TaskKind, type TaskNode } from './task-kind.js';

export interface HttpCheck extends TaskNode {
  readonly kind: 'httpCheck';
  readonly method: 'GET' | 'HEAD';
  /** Stage name → the URL called there. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Stage name → the ARN of the EventBridge connection the HTTP Task authenticates with. */
  readonly connections: Readonly<Record<string, string>>;
}

export const httpCheck = (spec: {
  name: string;
  endpoints: Readonly<Record<string, string>>;
  connections?: Readonly<Record<string, string>>;
  method?: 'GET' | 'HEAD';
  after?: readonly TaskNode[];
}): HttpCheck =>
  Object.freeze({
    kind: 'httpCheck',
    name: spec.name,
    method: spec.method ?? 'GET',
    endpoints: Object.freeze({ ...spec.endpoints }),
    connections: Object.freeze({ ...(spec.connections ?? {}) }),
    after: afterOf(spec.after),
  });

const CONNECTION_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:connection\/.+/;

export const httpCheckKind: TaskKind<HttpCheck> = {
  kind: 'httpCheck',
  section: 'tasks',
  reads: none,
  writes: none,
  catalogs: none,
  validate: ({ pipeline, node, path, report }) => {
    for (const stage of pipeline.stages) {
      const url = node.endpoints[stage.name];
      if (url === undefined) {
        report([...path, 'endpoints'], `no endpoint for stage ${stage.name}`, `add endpoints.${stage.name}`);
        continue;
      }
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        report([...path, 'endpoints', stage.name], `"${url}" is not a URL`, 'give an absolute URL');
        continue;
      }
      if (stage.name === 'local') continue;
      // Step Functions' HTTP Task calls HTTPS only, and authenticates through an EventBridge connection.
      if (parsed.protocol !== 'https:')
        report(
          [...path, 'endpoints', stage.name],
          `"${url}" is not HTTPS`,
          'the HTTP Task calls https:// URLs only',
        );
      const connection = node.connections[stage.name];
      if (connection === undefined || !CONNECTION_ARN.test(connection)) {
        report(
          [...path, 'connections', stage.name],
          connection === undefined
            ? `no connection for stage ${stage.name}`
            : `"${connection}" is not an EventBridge connection ARN`,
          'give the ARN of the EventBridge connection (arn:aws:events:<region>:<account>:connection/<name>/<id>)',
        );
      }
    }
  },
};
