/**
 * The warehouse's set-up files (schema, roles and policies, `WAREHOUSE_SETUP_FILES`) in their
 * PostgreSQL rendering, sent through the RDS Data API to the tree's Aurora cluster
 * (`artifactLayout.warehouseTarget('postgres')`): each file in one transaction (PostgreSQL's DDL
 * is transactional), one ExecuteStatement per statement, the bookkeeping of what was applied
 * (warehouse-applied.ts) last, then CommitTransaction; a statement that fails rolls the file back
 * and names itself in the error. Every file reruns and converges (warehouse README). The load is
 * the state machine's, not deploy's.
 */
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import { artifactLayout, splitStatements } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall } from '../errors.js';
import type { Resource } from '../resource.js';
import { rdsData } from '../sdk.js';
import { appliedQuery, recordApplied, setupFileResource, setupFiles } from './warehouse-applied.js';

const {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} = rdsData;

interface Target {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database: string;
}

/** Runs the statements in one transaction; the first that fails rolls it back and is named in the error. */
async function inTransaction(
  client: RDSDataClient,
  target: Target,
  label: string,
  statements: readonly string[],
): Promise<void> {
  const { transactionId } = await awsCall(label, 'BeginTransaction', () =>
    client.send(new BeginTransactionCommand(target)),
  );
  let sent = 0;
  try {
    for (const sql of statements) {
      await awsCall(
        label,
        `ExecuteStatement (${sent + 1} of ${statements.length}: ${sql.slice(0, 80)})`,
        () => client.send(new ExecuteStatementCommand({ ...target, sql, transactionId })),
      );
      sent += 1;
    }
    await awsCall(label, 'CommitTransaction', () =>
      client.send(
        new CommitTransactionCommand({
          resourceArn: target.resourceArn,
          secretArn: target.secretArn,
          transactionId,
        }),
      ),
    );
  } catch (error) {
    // A statement that failed has ended the transaction already (TransactionNotFoundException here).
    await client
      .send(
        new RollbackTransactionCommand({
          resourceArn: target.resourceArn,
          secretArn: target.secretArn,
          transactionId,
        }),
      )
      .catch(() => undefined);
    throw error;
  }
}

export function postgresResources(ctx: DeployContext): Resource[] {
  const targetFile = artifactLayout.warehouseTarget('postgres');
  if (!ctx.tree.has(targetFile)) return [];
  const target = ctx.tree.json(targetFile) as unknown as Target;
  const cluster = target.resourceArn.split(':').at(-1);

  return setupFiles(ctx, 'postgres').map((file) => {
    const label = `warehouse SQL ${file.path} (${cluster}/${target.database})`;
    return setupFileResource('AWS::RDSData::Sql', file, {
      async readApplied({ rdsData }) {
        const sql = appliedQuery(ctx.pipeline, ctx.stage, file.name, 'postgres');
        const result = await awsCall(label, 'ExecuteStatement', () =>
          rdsData.send(new ExecuteStatementCommand({ ...target, sql })),
        );
        return result.records?.[0]?.[0]?.stringValue;
      },
      apply: ({ rdsData }) =>
        inTransaction(rdsData, target, label, [
          ...splitStatements(file.text, 'postgres'),
          ...recordApplied(ctx.pipeline, ctx.stage, file.name, file.sha256, 'postgres'),
        ]),
    });
  });
}
