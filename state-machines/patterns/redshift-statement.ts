/**
 * A Redshift Data API batch, polled. BatchExecuteStatement runs the statements in order as one
 * transaction and returns at once with an Id; DescribeStatement is polled until FINISHED, or until
 * FAILED/ABORTED, which records `Lakeline.StatementFailed` with the statement's Error and takes
 * the failure route. The Data API has no `.sync` integration, hence the loop.
 */
import { arn, type PolicyStatement, type RedshiftTarget, type Stage } from '../../core/index.js';
import type { Chain } from '../chain.js';
import { cond } from '../conditions.js';
import { pathKey, ref } from '../intrinsics.js';
import type { JsonObject } from '../json.js';
import { choice, task, wait } from '../states.js';
import { catchAll, type FailureRoute, recordFailure, STATEMENT_FAILED } from './failure.js';
import {
  API_CALL_TIMEOUT_SECONDS,
  REDSHIFT_DATA_TRANSIENT,
  retrier,
  STATES_TIMEOUT,
} from './retry-policies.js';

export const REDSHIFT_BATCH_EXECUTE = 'arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement';
export const REDSHIFT_DESCRIBE = 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement';

/** BatchExecuteStatement takes at most 40 statements of at most 100,000 characters each. */
export const MAX_BATCH_STATEMENTS = 40;
export const MAX_STATEMENT_LENGTH = 100_000;

/** Where the statements run and how the Data API authenticates, from the stage. */
export function redshiftConnection(target: RedshiftTarget): JsonObject {
  return {
    ...(target.workgroup === undefined ? {} : { WorkgroupName: target.workgroup }),
    ...(target.clusterIdentifier === undefined ? {} : { ClusterIdentifier: target.clusterIdentifier }),
    Database: target.database,
    ...(target.secretArn === undefined ? {} : { SecretArn: target.secretArn }),
  };
}

/**
 * What running statements needs. A workgroup's ARN carries its generated id, unknown at synth
 * time, so workgroups are matched within the stage's account and region. Credentials come from
 * the stage's secret when it has one; otherwise the Data API asks for temporary credentials
 * mapped to the role (GetCredentials for Serverless, GetClusterCredentialsWithIAM for a cluster).
 */
export function redshiftExecuteGrants(stage: Stage, target: RedshiftTarget): PolicyStatement[] {
  const workgroups = arn(stage, 'redshift-serverless', 'workgroup/*');
  const endpoint =
    target.clusterIdentifier === undefined
      ? workgroups
      : arn(stage, 'redshift', `cluster:${target.clusterIdentifier}`);
  const credentials: PolicyStatement =
    target.secretArn !== undefined
      ? // Secret ARNs end in a random six-character suffix the stage may leave out.
        {
          actions: ['secretsmanager:GetSecretValue'],
          resources: [target.secretArn, `${target.secretArn}-??????`],
        }
      : target.clusterIdentifier === undefined
        ? { actions: ['redshift-serverless:GetCredentials'], resources: [workgroups] }
        : {
            actions: ['redshift:GetClusterCredentialsWithIAM'],
            resources: [arn(stage, 'redshift', `dbname:${target.clusterIdentifier}/${target.database}`)],
          };
  return [{ actions: ['redshift-data:BatchExecuteStatement'], resources: [endpoint] }, credentials];
}

/** DescribeStatement has no resource-level permissions; the condition limits it to our own statements. */
export const REDSHIFT_DESCRIBE_GRANT: PolicyStatement = {
  actions: ['redshift-data:DescribeStatement'],
  resources: ['*'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
  conditions: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
};

export function statementStateNames(label: string) {
  const capital = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  return {
    start: `Start ${label}`,
    wait: `Wait for ${label}`,
    get: `Get ${label} status`,
    check: `Check ${label}`,
    failed: `${capital} failed`,
    aborted: `${capital} aborted`,
  } as const;
}

export interface RedshiftBatchSpec {
  /** How states name this batch: `warehouse load` → `Start warehouse load`, `Warehouse load failed`. */
  readonly label: string;
  readonly statementName: string;
  readonly sqls: readonly string[];
  readonly stage: Stage;
  readonly target: RedshiftTarget;
  readonly failure: FailureRoute;
  readonly pollSeconds?: number;
}

export function redshiftBatch(spec: RedshiftBatchSpec): Chain {
  const names = statementStateNames(spec.label);
  if (spec.sqls.length === 0 || spec.sqls.length > MAX_BATCH_STATEMENTS) {
    throw new Error(
      `${names.start}: a batch holds 1 to ${MAX_BATCH_STATEMENTS} statements, got ${spec.sqls.length}`,
    );
  }
  const long = spec.sqls.findIndex((s) => s.length > MAX_STATEMENT_LENGTH);
  if (long >= 0)
    throw new Error(
      `${names.start}: statement ${long + 1} is longer than ${MAX_STATEMENT_LENGTH} characters`,
    );

  const base = `$.statements.${pathKey(spec.label)}`;
  const status = `${base}.status`;
  const start = task(names.start, {
    resource: REDSHIFT_BATCH_EXECUTE,
    parameters: {
      ...redshiftConnection(spec.target),
      Sqls: [...spec.sqls],
      StatementName: spec.statementName,
    },
    resultSelector: { 'Id.$': '$.Id' },
    resultPath: `${base}.started`,
    // Not retried on States.Timeout: the batch may have been accepted, and running it twice is not ours to risk.
    retry: [retrier(REDSHIFT_DATA_TRANSIENT)],
    catch: catchAll(spec.failure),
    grants: redshiftExecuteGrants(spec.stage, spec.target),
    next: names.wait,
  });
  const pause = wait(names.wait, { seconds: spec.pollSeconds ?? 15, next: names.get });
  const get = task(names.get, {
    resource: REDSHIFT_DESCRIBE,
    parameters: { 'Id.$': `${base}.started.Id` },
    resultPath: status,
    timeoutSeconds: API_CALL_TIMEOUT_SECONDS,
    retry: [retrier([...REDSHIFT_DATA_TRANSIENT, STATES_TIMEOUT])],
    catch: catchAll(spec.failure),
    grants: [REDSHIFT_DESCRIBE_GRANT],
    next: names.check,
  });
  const ended = cond.or(
    cond.stringEquals(`${status}.Status`, 'FAILED'),
    cond.stringEquals(`${status}.Status`, 'ABORTED'),
  );
  const check = choice(names.check, {
    rules: [
      { condition: cond.stringEquals(`${status}.Status`, 'FINISHED') },
      { condition: cond.and(ended, cond.isPresent(`${status}.Error`)), next: names.failed },
      { condition: ended, next: names.aborted },
    ],
    // SUBMITTED, PICKED, STARTED: still running.
    otherwise: names.wait,
  });
  const failed = recordFailure(names.failed, {
    error: STATEMENT_FAILED,
    cause: [
      `Redshift statement ${spec.statementName} (`,
      ref(`${status}.Id`),
      ') ended ',
      ref(`${status}.Status`),
      ': ',
      ref(`${status}.Error`),
    ],
    route: spec.failure,
  });
  const aborted = recordFailure(names.aborted, {
    error: STATEMENT_FAILED,
    cause: [
      `Redshift statement ${spec.statementName} (`,
      ref(`${status}.Id`),
      ') ended ',
      ref(`${status}.Status`),
      ' without an error message',
    ],
    route: spec.failure,
  });
  return Object.freeze({
    kind: 'chain',
    startAt: start.name,
    states: Object.freeze([start, pause, get, check, failed, aborted]),
    ends: Object.freeze([check.name]),
  });
}
