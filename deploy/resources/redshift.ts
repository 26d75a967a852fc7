/**
 * The warehouse's schema, roles and policies (redshift/01…03-*.sql), sent through the Redshift
 * Data API to the tree's target (redshift/target.json), each batch polled to completion.
 *
 * SQL leaves nothing to compare with, so deploy records what it applied: a row per file with its
 * SHA-256 in `lakeline_deploy.applied`. A file is "create" when never applied, "update" when its
 * text changed, "none" otherwise. 04-load.sql is the state machine's, not deploy's.
 */
import { createHash } from 'node:crypto';
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { splitStatements } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, DeployError } from '../errors.js';
import type { Resource } from '../resource.js';

const DEPLOY_FILES = ['redshift/01-schema.sql', 'redshift/02-roles.sql', 'redshift/03-policies.sql'];
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

export function redshiftResources(ctx: DeployContext, poll: PollOptions = {}): Resource[] {
  if (!ctx.tree.has('redshift/target.json')) return [];
  const target = ctx.tree.json<Target>('redshift/target.json');
  // A literal timestamp: Redshift's GETDATE() and PostgreSQL's now() have no common spelling.
  const applied = (file: string, sha: string) => [
    'CREATE SCHEMA IF NOT EXISTS lakeline_deploy',
    'CREATE TABLE IF NOT EXISTS lakeline_deploy.applied (pipeline VARCHAR(128), stage VARCHAR(64), file VARCHAR(256), sha256 CHAR(64), applied_at TIMESTAMP)',
    `DELETE FROM lakeline_deploy.applied WHERE pipeline = '${ctx.pipeline}' AND stage = '${ctx.stage}' AND file = '${file}'`,
    `INSERT INTO lakeline_deploy.applied VALUES ('${ctx.pipeline}', '${ctx.stage}', '${file}', '${sha}', '${new Date().toISOString().slice(0, 19).replace('T', ' ')}')`,
  ];

  return DEPLOY_FILES.filter((f) => ctx.tree.has(f)).map((file): Resource => {
    const text = ctx.tree.text(file);
    const sha = createHash('sha256').update(text).digest('hex');
    const label = `warehouse SQL ${file} (${target.WorkgroupName ?? target.ClusterIdentifier}/${target.Database})`;
    const statements = splitStatements(text, 'redshift').filter((s) => !/^(BEGIN|COMMIT)$/i.test(s.trim()));

    const apply = async ({ redshiftData }: { redshiftData: RedshiftDataClient }) => {
      const all = [...statements, ...applied(file.replace(/^redshift\//, ''), sha)];
      for (let i = 0; i < all.length; i += BATCH) {
        const sqls = all.slice(i, i + BATCH);
        const call = `BatchExecuteStatement (${i + 1}–${i + sqls.length} of ${all.length})`;
        const { Id } = await awsCall(label, call, () =>
          redshiftData.send(new BatchExecuteStatementCommand({ ...target, Sqls: sqls })),
        );
        await waitFor(redshiftData, label, call, Id!, poll);
      }
    };

    return {
      type: 'AWS::RedshiftData::Sql',
      name: file,
      desired: { sha256: sha },
      async read({ redshiftData }) {
        const sql = `SELECT sha256 FROM lakeline_deploy.applied WHERE pipeline = '${ctx.pipeline}' AND stage = '${ctx.stage}' AND file = '${file.replace(/^redshift\//, '')}'`;
        const { Id } = await awsCall(label, 'ExecuteStatement', () =>
          redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: sql })),
        );
        try {
          await waitFor(redshiftData, label, 'ExecuteStatement', Id!, poll);
        } catch (error) {
          // Never deployed: the bookkeeping table does not exist yet.
          if (error instanceof DeployError && /does not exist/.test(error.awsMessage)) return undefined;
          throw error;
        }
        const result = await awsCall(label, 'GetStatementResult', () =>
          redshiftData.send(new GetStatementResultCommand({ Id })),
        );
        const value = result.Records?.[0]?.[0]?.stringValue;
        return value === undefined ? undefined : { sha256: value.trim() };
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
