/**
 * A Lambda function written in TypeScript in the repository, invoked by the state machine
 * (`lambda:invoke`): lakeline bundles its entry file with esbuild, zips it and deploys it; the
 * simulator runs the same bundle. The entry is given relative to the pipeline's folder the way a
 * module names a file beside itself — `new URL('./functions/parse.ts', import.meta.url)` in
 * `pipelines/<name>/pipeline.ts` — since a pipeline value does not know the folder it was loaded
 * from. Environment values are configuration, never secrets: a secret is passed by the ARN of the
 * Secrets Manager secret holding it, which the function reads at run time.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolicyStatement } from '../iam.js';
import type { DatasetRef } from '../model/dataset.js';
import { resourceName } from '../model/naming.js';
import type { Pipeline } from '../model/pipeline.js';
import type { Stage } from '../model/stage.js';
import type { Report } from '../steps/step-kind.js';
import { afterOf, none, type TaskKind, type TaskNode } from './task-kind.js';

export const LAMBDA_RUNTIMES = ['nodejs20.x', 'nodejs22.x'] as const;
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

/** A JSON value to pass the function; a string starting with `$` is a JSONPath into the state's input (`$$.` the context). */
export type PayloadValue =
  | null
  | boolean
  | number
  | string
  | readonly PayloadValue[]
  | { readonly [key: string]: PayloadValue };

export interface LambdaFunction extends TaskNode {
  readonly kind: 'lambdaFunction';
  /** The absolute path of the module exporting the handler (`.ts`, `.mts`, `.js` or `.mjs`). */
  readonly entry: string;
  /** The name the module exports the handler under. */
  readonly handler: string;
  readonly runtime: LambdaRuntime;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  /** What the function is invoked with: a JSONPath (`'$'`, the state's input, by default) or an object. */
  readonly payload: PayloadValue;
  readonly reads: readonly DatasetRef[];
  readonly writes: readonly DatasetRef[];
  /** What else the function's role may do, besides its logs and the datasets it reads and writes. */
  readonly grants: readonly PolicyStatement[];
}

export const lambdaFunction = (spec: {
  name: string;
  entry: URL | string;
  handler?: string;
  runtime?: LambdaRuntime;
  memoryMb?: number;
  timeoutSeconds?: number;
  environment?: Readonly<Record<string, string>>;
  payload?: PayloadValue;
  reads?: readonly DatasetRef[];
  writes?: readonly DatasetRef[];
  grants?: readonly PolicyStatement[];
  after?: readonly TaskNode[];
}): LambdaFunction =>
  Object.freeze({
    kind: 'lambdaFunction',
    name: spec.name,
    entry: entryPath(spec.entry),
    handler: spec.handler ?? 'handler',
    runtime: spec.runtime ?? 'nodejs22.x',
    memoryMb: spec.memoryMb ?? 256,
    timeoutSeconds: spec.timeoutSeconds ?? 60,
    environment: Object.freeze({ ...(spec.environment ?? {}) }),
    payload: spec.payload ?? '$',
    reads: Object.freeze([...(spec.reads ?? [])]),
    writes: Object.freeze([...(spec.writes ?? [])]),
    grants: Object.freeze([...(spec.grants ?? [])]),
    after: afterOf(spec.after),
  });

/** A file URL, or a path; validation reports a relative one. */
function entryPath(entry: URL | string): string {
  if (entry instanceof URL) return entry.protocol === 'file:' ? fileURLToPath(entry) : entry.href;
  return entry.startsWith('file:') ? fileURLToPath(entry) : entry;
}

/** The deployed function's name: `<pipeline>-<stage>-<task>`. */
export const lambdaFunctionName = (
  pipeline: Pipeline,
  stage: Pick<Stage, 'name'>,
  fn: LambdaFunction,
): string => resourceName(pipeline.name, stage, fn.name);

/** Its execution role's name: `<pipeline>-<stage>-<task>-fn-role`. */
export const lambdaRoleName = (pipeline: Pipeline, stage: Pick<Stage, 'name'>, fn: LambdaFunction): string =>
  resourceName(pipeline.name, stage, `${fn.name}-fn-role`);

/** AWS's rule for a function name (the name part of its ARN). */
const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const HANDLER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ENTRY_EXTENSIONS = /\.(ts|mts|js|mjs)$/;
const ENV_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;
/** Keys the Lambda runtime sets itself, which a function may not set. */
const RESERVED_ENV =
  /^(_HANDLER|_X_AMZN_TRACE_ID|AWS_REGION|AWS_EXECUTION_ENV|AWS_LAMBDA_\w+|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR)$/;
/** Names that say their value is a secret; allowed only holding an ARN (of the secret, or a parameter). */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Values that are secrets whatever their name: AWS access keys, PEM private keys. */
const SECRET_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Lambda's limit on the environment, all keys and values together. */
const ENV_BYTES = 4096;

function validatePayload(value: PayloadValue, path: readonly string[], report: Report, inList = false): void {
  if (typeof value === 'string') {
    if (!value.startsWith('$')) return;
    if (inList)
      report(
        path,
        `"${value}" is inside a list, where Step Functions does not resolve paths`,
        'give the list itself as a path, or an object',
      );
    else if (!/^\$\$?(\.[^.]|\[|$)/.test(value))
      report(
        path,
        `"${value}" is not a JSONPath`,
        "start it with '$.' (the state's input) or '$$.' (the context)",
      );
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => validatePayload(v, [...path, `[${i}]`], report, true));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('.$'))
        report(
          [...path, k],
          'a key ending in .$ is written by lakeline',
          `name it "${k.slice(0, -2)}" and give the path as its value`,
        );
      validatePayload(v as PayloadValue, [...path, k], report, inList);
    }
  }
}

function validateEnvironment(
  env: Readonly<Record<string, string>>,
  path: readonly string[],
  report: Report,
): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(env)) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    const at = [...path, key];
    if (!ENV_KEY.test(key))
      report(
        at,
        `"${key}" is not a valid variable name`,
        'use letters, digits and _ , starting with a letter',
      );
    else if (RESERVED_ENV.test(key)) report(at, `${key} is set by the Lambda runtime`, 'choose another name');
    if (SECRET_VALUE.test(value) || (SECRET_NAME.test(key) && !value.startsWith('arn:'))) {
      report(
        at,
        'looks like a secret, and environment values are written into the artifact tree and the function configuration',
        `keep it in Secrets Manager and pass its ARN (e.g. ${key.replace(/_?ARN$/, '')}_SECRET_ARN), read by the function at run time`,
      );
    }
  }
  if (bytes > ENV_BYTES)
    report(
      path,
      `the variables take ${bytes} bytes; Lambda allows ${ENV_BYTES}`,
      'pass large values in the payload or S3',
    );
}

const intIn = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

export const lambdaFunctionKind: TaskKind<LambdaFunction> = {
  kind: 'lambdaFunction',
  section: 'tasks',
  reads: (node) => node.reads,
  writes: (node) => node.writes,
  catalogs: none,
  validate: ({ pipeline, node, path, report }) => {
    for (const stage of pipeline.stages) {
      const name = lambdaRoleName(pipeline, stage, node);
      // The role's name is the longer one; IAM and Lambda both allow 64 characters.
      if (name.length > 64)
        report(
          [...path, 'name'],
          `the function's role ${name} (stage ${stage.name}) is longer than the 64 characters IAM allows`,
          'shorten the task name',
        );
      else if (!FUNCTION_NAME.test(lambdaFunctionName(pipeline, stage, node)))
        report(
          [...path, 'name'],
          `"${node.name}" makes no valid function name`,
          'use letters, digits, - and _',
        );
    }
    if (!node.entry.startsWith('/'))
      report(
        [...path, 'entry'],
        `"${node.entry}" is not an absolute file path`,
        "give new URL('./functions/<file>.ts', import.meta.url)",
      );
    else if (!existsSync(node.entry) || !statSync(node.entry).isFile())
      report(
        [...path, 'entry'],
        `${node.entry} does not exist`,
        'give the module with the handler, relative to pipeline.ts',
      );
    else if (!ENTRY_EXTENSIONS.test(node.entry))
      report(
        [...path, 'entry'],
        `${node.entry} is not a .ts, .mts, .js or .mjs module`,
        'point at the module exporting the handler',
      );
    if (!HANDLER.test(node.handler))
      report(
        [...path, 'handler'],
        `"${node.handler}" is not an export name`,
        'name the exported function, e.g. handler',
      );
    if (!(LAMBDA_RUNTIMES as readonly string[]).includes(node.runtime))
      report(
        [...path, 'runtime'],
        `"${node.runtime}" is not a supported runtime`,
        `use one of ${LAMBDA_RUNTIMES.join(', ')}`,
      );
    if (!intIn(node.memoryMb, 128, 10240))
      report(
        [...path, 'memoryMb'],
        `${node.memoryMb} MB is outside Lambda's 128–10240`,
        'give whole megabytes in that range',
      );
    if (!intIn(node.timeoutSeconds, 1, 900))
      report(
        [...path, 'timeoutSeconds'],
        `${node.timeoutSeconds} s is outside Lambda's 1–900`,
        'give whole seconds in that range',
      );
    validateEnvironment(node.environment, [...path, 'environment'], report);
    validatePayload(node.payload, [...path, 'payload'], report);
    node.grants.forEach((g, i) => {
      const wild = g.actions.find((a) => a.includes('*'));
      if (wild !== undefined)
        report(
          [...path, `grants[${i}]`],
          `"${wild}" is a wildcard action`,
          'name the actions the function calls',
        );
      if (g.resources.length === 0)
        report([...path, `grants[${i}]`], 'no resources', 'name the ARNs the actions act on');
    });
  },
};
