/**
 * The warehouse's set-up files (schema, roles and policies, `WAREHOUSE_SETUP_FILES`) in their
 * Redshift rendering, sent through the Redshift Data API to the tree's target
 * (`artifactLayout.warehouseTarget`), each batch polled to completion. A file
 * goes in batches of at most 40 statements, cut only between its groups (`statementBatches`), so
 * a role's REVOKE and GRANTs commit together; every file reruns and converges (warehouse README).
 *
 * What was applied is recorded in the warehouse (warehouse-applied.ts), in the file's last batch.
 * The load is the state machine's, not deploy's.
 */
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { artifactLayout, statementBatches } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, DeployError } from '../errors.js';
import type { Resource } from '../resource.js';
import { redshiftData } from '../sdk.js';
import { appliedQuery, recordApplied, setupFileResource, setupFiles } from './warehouse-applied.js';

const {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} = redshiftData;

/** The Data API takes at most 40 statements per batch. */
const BATCH = 40;

interface Target {
  readonly Database: string;
  readonly WorkgroupName?: string;
  readonly ClusterIdentifier?: string;
  readonly SecretArn?: string;
}

export interface PollOptions {
  /** Pause between DescribeStatement calls (default 250 ms). */
  readonly intervalMs?: number;
  /** Give up after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a statement until it ends; FAILED or ABORTED becomes a DeployError carrying the database's error. */
async function waitFor(
  client: RedshiftDataClient,
  label: string,
  call: string,
  id: string,
  poll: PollOptions,
): Promise<void> {
  const deadline = Date.now() + (poll.timeoutMs ?? 600_000);
  for (;;) {
    const d = await awsCall(label, 'DescribeStatement', () =>
      client.send(new DescribeStatementCommand({ Id: id })),
    );
    if (d.Status === 'FINISHED') return;
    if (d.Status === 'FAILED' || d.Status === 'ABORTED') {
      const failed = d.SubStatements?.find((s) => s.Status === 'FAILED');
      const where = failed?.QueryString === undefined ? '' : ` (in: ${failed.QueryString.slice(0, 120)})`;
      throw new DeployError(label, call, `Statement${d.Status}`, `${d.Error ?? d.Status}${where}`);
    }
    if (Date.now() > deadline)
      throw new DeployError(label, call, 'Timeout', `statement ${id} still ${d.Status}`);
    await sleep(poll.intervalMs ?? 250);
  }
}

/** The file's batches, the bookkeeping in the last one when it has room (then in one of its own). */
export function deployBatches(text: string, bookkeeping: readonly string[]): string[][] {
  const batches = statementBatches(text, 'redshift', BATCH);
  const last = batches.at(-1);
  if (last !== undefined && last.length + bookkeeping.length <= BATCH) last.push(...bookkeeping);
  else batches.push([...bookkeeping]);
  return batches;
}

export function redshiftResources(ctx: DeployContext, poll: PollOptions = {}): Resource[] {
  if (!ctx.tree.has(artifactLayout.warehouseTarget('redshift'))) return [];
  const target = ctx.tree.json<Target>(artifactLayout.warehouseTarget('redshift'));

  return setupFiles(ctx, 'redshift').map((file) => {
    const label = `warehouse SQL ${file.path} (${target.WorkgroupName ?? target.ClusterIdentifier}/${target.Database})`;
    return setupFileResource('AWS::RedshiftData::Sql', file, {
      async readApplied({ redshiftData }) {
        const sql = appliedQuery(ctx.pipeline, ctx.stage, file.name, 'redshift');
        const { Id } = await awsCall(label, 'ExecuteStatement', () =>
          redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: sql })),
        );
        await waitFor(redshiftData, label, 'ExecuteStatement', Id!, poll);
        const result = await awsCall(label, 'GetStatementResult', () =>
          redshiftData.send(new GetStatementResultCommand({ Id })),
        );
        return result.Records?.[0]?.[0]?.stringValue;
      },
      async apply({ redshiftData }) {
        const bookkeeping = recordApplied(ctx.pipeline, ctx.stage, file.name, file.sha256, 'redshift');
        const batches = deployBatches(file.text, bookkeeping);
        const total = batches.reduce((n, b) => n + b.length, 0);
        let sent = 0;
        for (const sqls of batches) {
          const call = `BatchExecuteStatement (${sent + 1}–${sent + sqls.length} of ${total})`;
          const { Id } = await awsCall(label, call, () =>
            redshiftData.send(new BatchExecuteStatementCommand({ ...target, Sqls: sqls })),
          );
          await waitFor(redshiftData, label, call, Id!, poll);
          sent += sqls.length;
        }
      },
    });
  });
}
