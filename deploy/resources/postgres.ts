/**
 * The warehouse's set-up files (schema, roles and policies, `WAREHOUSE_SETUP_FILES`) in their
 * PostgreSQL rendering, sent through the RDS Data API to the tree's Aurora cluster
 * (`artifactLayout.warehouseTarget('postgres')`): each file in one transaction (PostgreSQL's DDL
 * is transactional), one ExecuteStatement per statement, the bookkeeping of what was applied
 * (warehouse-applied.ts) last, then CommitTransaction; a statement that fails rolls the file back
 * and names itself in the error. Every file reruns and converges (warehouse README). The load is
 * the state machine's, not deploy's.
 */
import { createHash } from 'node:crypto';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import {
  artifactLayout,
  splitStatements,
  WAREHOUSE_SETUP_FILES,
  type WarehouseFile,
} from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, DeployError } from '../errors.js';
import type { Resource } from '../resource.js';
import { rdsData } from '../sdk.js';
import { appliedQuery, recordApplied } from './warehouse-applied.js';

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
  const sqlFile = (name: WarehouseFile) => artifactLayout.warehouseFile('postgres', name);
  const cluster = target.resourceArn.split(':').at(-1);

  return WAREHOUSE_SETUP_FILES.filter((name) => ctx.tree.has(sqlFile(name))).map((name): Resource => {
    const file = sqlFile(name);
    const text = ctx.tree.text(file);
    const sha = createHash('sha256').update(text).digest('hex');
    const label = `warehouse SQL ${file} (${cluster}/${target.database})`;
    const apply = async ({ rdsData }: { rdsData: RDSDataClient }) =>
      inTransaction(rdsData, target, label, [
        ...splitStatements(text, 'postgres'),
        ...recordApplied(ctx.pipeline, ctx.stage, name, sha, 'postgres'),
      ]);
    return {
      type: 'AWS::RDSData::Sql',
      name: file,
      desired: { sha256: sha },
      async read({ rdsData }) {
        const sql = appliedQuery(ctx.pipeline, ctx.stage, name, 'postgres');
        try {
          const result = await awsCall(label, 'ExecuteStatement', () =>
            rdsData.send(new ExecuteStatementCommand({ ...target, sql })),
          );
          const value = result.records?.[0]?.[0]?.stringValue;
          return value === undefined ? undefined : { sha256: value.trim() };
        } catch (error) {
          // Never deployed: the bookkeeping table does not exist yet.
          if (error instanceof DeployError && /does not exist/.test(error.awsMessage)) return undefined;
          throw error;
        }
      },
      create: apply,
      update: apply,
      async delete() {},
      // Tables hold data and roles may be shared: destroy leaves the warehouse as it is.
      owned: () => false,
      keptBecause: 'the warehouse holds data, and its roles may be shared',
    };
  });
}
