/**
 * The load on Aurora PostgreSQL, through the RDS Data API: one transaction the states thread
 * through. BeginTransaction, then each statement as an ExecuteStatement in that transaction; a
 * statement that runs once per object (the `aws_s3` import of one CSV file) lists the objects
 * under its prefix (ListObjectsV2, 200 keys a page, following continuation tokens) and runs in an
 * inline Map, one object after another; then CommitTransaction. Any failure after the transaction
 * began rolls it back (RollbackTransaction) and takes the failure route with the original error.
 *
 * Retries: BeginTransaction is retried while an auto-paused Aurora Serverless cluster resumes
 * (`DatabaseResumingException`) and on the API's transient faults. Statements inside the
 * transaction are never retried: PostgreSQL aborts a transaction at its first error, so a retry
 * could only fail again; the run fails and a rerun loads everything again (the load is
 * rerunnable). The Data API answers a call within 45 seconds: a statement that runs longer fails
 * the load with `RdsData.StatementTimeoutException` (warehouse README).
 */
import type { LoadStatement, PolicyStatement, PostgresTarget } from '../../core/index.js';
import { branch, type Chain, chain, chainOf, including } from '../chain.js';
import { cond } from '../conditions.js';
import { pathKey } from '../intrinsics.js';
import type { JsonObject } from '../json.js';
import { catchAll, type FailureRoute } from '../patterns/failure.js';
import { retrier, S3_TRANSIENT } from '../patterns/retry-policies.js';
import { choice, map, pass, type State, task } from '../states.js';
import type { TargetLoader } from './target-loader.js';

const RDS_DATA = (action: string) => `arn:aws:states:::aws-sdk:rdsdata:${action}`;
export const RDS_BEGIN = RDS_DATA('beginTransaction');
export const RDS_EXECUTE = RDS_DATA('executeStatement');
export const RDS_COMMIT = RDS_DATA('commitTransaction');
export const RDS_ROLLBACK = RDS_DATA('rollbackTransaction');
export const S3_LIST = 'arn:aws:states:::aws-sdk:s3:listObjectsV2';

/** Keys per ListObjectsV2 page: the listing lands in the state's input, which holds at most 256 KB. */
export const LIST_PAGE_SIZE = 200;

/** Faults of the Data API itself, where the call never reached the database. */
export const RDS_DATA_TRANSIENT = [
  'RdsData.ServiceUnavailableError',
  'RdsData.InternalServerErrorException',
  'RdsData.ThrottlingException',
] as const;

/** An auto-paused Aurora Serverless v2 cluster answers this while it resumes (up to about a minute). */
export const RDS_DATA_RESUMING = 'RdsData.DatabaseResumingException';

const connection = (target: PostgresTarget): JsonObject => ({
  ResourceArn: target.clusterArn,
  SecretArn: target.secretArn,
  Database: target.database,
});

/** The Data API's calls on the cluster, and its secret (ARNs end in a six-character suffix the stage may leave out). */
function dataApiGrants(target: PostgresTarget, actions: readonly string[]): PolicyStatement[] {
  return [
    { actions: actions.map((a) => `rds-data:${a}`), resources: [target.clusterArn] },
    {
      actions: ['secretsmanager:GetSecretValue'],
      resources: [target.secretArn, `${target.secretArn}-??????`],
    },
  ];
}

const capitalised = (label: string) => `${label.charAt(0).toUpperCase()}${label.slice(1)}`;

/** State names hold at most 80 characters. */
const stateName = (text: string) => (text.length <= 80 ? text : `${text.slice(0, 79)}…`);

export const postgresLoader: TargetLoader<PostgresTarget> = {
  dialect: 'postgres',
  loadStates: (target, { label, statements, failure }) => {
    if (statements.length === 0) throw new Error(`${label}: a load needs at least one statement`);
    const Label = capitalised(label);
    const transaction = `$.transactions.${pathKey(label)}`;
    const transactionId = `${transaction}.TransactionId`;
    const names = {
      begin: `Begin ${label}`,
      commit: `Commit ${label}`,
      rollback: `Roll back ${label}`,
    };
    const rollbackRoute: FailureRoute = { catchTo: names.rollback };

    const begin = task(names.begin, {
      resource: RDS_BEGIN,
      parameters: connection(target),
      resultSelector: { 'TransactionId.$': '$.TransactionId' },
      resultPath: transaction,
      retry: [
        retrier([RDS_DATA_RESUMING], { intervalSeconds: 10, maxAttempts: 8, backoffRate: 1.5 }),
        retrier(RDS_DATA_TRANSIENT),
      ],
      catch: catchAll(failure),
      grants: dataApiGrants(target, ['BeginTransaction']),
    });

    const parts = statements.map((statement, i) => {
      const name = stateName(`${Label} ${i + 1} of ${statements.length}: ${statement.label}`);
      return statement.perObject === undefined
        ? chainOf(
            task(name, {
              resource: RDS_EXECUTE,
              parameters: { ...connection(target), Sql: statement.sql, 'TransactionId.$': transactionId },
              resultPath: null,
              catch: catchAll(rollbackRoute),
              grants: dataApiGrants(target, ['ExecuteStatement']),
            }),
          )
        : eachObject(name, statement, { target, transactionId, rollback: rollbackRoute });
    });

    const commit = task(names.commit, {
      resource: RDS_COMMIT,
      parameters: {
        ResourceArn: target.clusterArn,
        SecretArn: target.secretArn,
        'TransactionId.$': transactionId,
      },
      resultPath: null,
      catch: catchAll(rollbackRoute),
      grants: dataApiGrants(target, ['CommitTransaction']),
    });
    // Keeps the error that brought it here: its own failure (the transaction already gone) is dropped.
    const rollback = task(names.rollback, {
      resource: RDS_ROLLBACK,
      parameters: {
        ResourceArn: target.clusterArn,
        SecretArn: target.secretArn,
        'TransactionId.$': transactionId,
      },
      resultPath: null,
      retry: [retrier(RDS_DATA_TRANSIENT)],
      catch: [{ errors: ['States.ALL'], next: failure.catchTo, resultPath: null }],
      grants: dataApiGrants(target, ['RollbackTransaction']),
      next: failure.catchTo,
    });
    return including(chain(begin, ...parts, commit), rollback);
  },
};

interface EachObjectSpec {
  readonly target: PostgresTarget;
  readonly transactionId: string;
  readonly rollback: FailureRoute;
}

/**
 * A statement run once per object under a prefix: the listing, page by page, and a Map over each
 * page's objects with MaxConcurrency 1 (one transaction runs one statement at a time).
 */
function eachObject(name: string, statement: LoadStatement, spec: EachObjectSpec): Chain {
  const objects = statement.perObject!;
  const listing = `$.listings.${pathKey(objects.prefix)}`;
  // `into shop_staging.customers`: unique per statement, so the names are unique in the machine.
  const into = statement.label.replace(/^import /, '');
  const names = {
    list: stateName(`List files to import ${into}`),
    more: stateName(`List more files to import ${into}`),
    any: stateName(`Any files to import ${into}`),
    run: name,
    truncated: stateName(`More files to import ${into}`),
  };
  const s3Grants: PolicyStatement[] = [
    {
      actions: ['s3:ListBucket'],
      resources: [`arn:aws:s3:::${objects.bucket}`],
      conditions: { StringLike: { 's3:prefix': [`${objects.prefix}*`] } },
    },
  ];
  const listParameters = { Bucket: objects.bucket, Prefix: objects.prefix, MaxKeys: LIST_PAGE_SIZE };
  const list = task(names.list, {
    resource: S3_LIST,
    parameters: listParameters,
    // The whole page: an empty prefix has no Contents, which a ResultSelector could not select.
    resultPath: listing,
    retry: [retrier(S3_TRANSIENT)],
    catch: catchAll(spec.rollback),
    grants: s3Grants,
    next: names.any,
  });
  const more = task(names.more, {
    resource: S3_LIST,
    parameters: { ...listParameters, 'ContinuationToken.$': `${listing}.NextContinuationToken` },
    resultPath: listing,
    retry: [retrier(S3_TRANSIENT)],
    catch: catchAll(spec.rollback),
    grants: s3Grants,
    next: names.any,
  });
  const item = {
    which: stateName(`Is it a file to import ${into}`),
    import: stateName(`Import the file ${into}`),
    skip: stateName(`Skip an object not to import ${into}`),
  };
  const processor = branch(
    chain(
      choice(item.which, {
        rules: [{ condition: cond.stringMatches('$.key', `*${objects.suffix}`), next: item.import }],
        otherwise: item.skip,
      }),
    ),
  );
  const run = map(names.run, {
    itemsPath: `${listing}.Contents`,
    itemSelector: { 'key.$': '$$.Map.Item.Value.Key', 'transactionId.$': spec.transactionId },
    maxConcurrency: 1,
    itemProcessor: {
      startAt: processor.startAt,
      states: [
        ...processor.states,
        task(item.import, {
          resource: RDS_EXECUTE,
          parameters: {
            ...connection(spec.target),
            Sql: statement.sql,
            Parameters: [{ Name: objects.keyParameter, Value: { 'StringValue.$': '$.key' } }],
            'TransactionId.$': '$.transactionId',
          },
          resultPath: null,
          grants: dataApiGrants(spec.target, ['ExecuteStatement']),
        }),
        pass(item.skip),
      ] satisfies State[],
    },
    resultPath: null,
    catch: catchAll(spec.rollback),
    next: names.truncated,
  });
  const any = choice(names.any, {
    rules: [{ condition: cond.isPresent(`${listing}.Contents`), next: names.run }],
    otherwise: names.truncated,
  });
  const truncated = choice(names.truncated, {
    rules: [
      {
        condition: cond.and(
          cond.isPresent(`${listing}.NextContinuationToken`),
          cond.booleanEquals(`${listing}.IsTruncated`, true),
        ),
        next: names.more,
      },
    ],
  });
  return Object.freeze({
    kind: 'chain',
    startAt: list.name,
    states: Object.freeze([list, any, run, truncated, more]),
    ends: Object.freeze([truncated.name]),
  });
}
