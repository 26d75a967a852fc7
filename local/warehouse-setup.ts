/**
 * The local warehouse of a run: opened per the `--warehouse` option, set up from the tree's DDL
 * through its target's Data API (as deploy sets up Redshift or Aurora), and counted for run.json.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  type ArtifactTree,
  artifactLayout,
  compile,
  type Statement,
  sql as s,
  splitStatements,
  statementBatches,
  t,
  WAREHOUSE_SETUP_FILES,
} from '../core/index.js';
import { isPostgresUrl, sharedBuffersFor } from './engines/index.js';
import type { LocalRdsData } from './rdsdata/index.js';
import { type LocalRedshiftData, openLocalRedshift } from './redshift/index.js';
import type { LocalS3 } from './s3/local-s3.js';
import type { WorkdirLayout } from './world.js';

/** Redshift Data API allows 40 statements per batch. */
const BATCH = 40;

export async function openWarehouse(options: {
  readonly tree?: ArtifactTree;
  /** Folders holding artifact trees, besides `tree`, whose SQL pairs Redshift with PostgreSQL statements. */
  readonly trees?: readonly string[];
  readonly s3: LocalS3;
  readonly layout: WorkdirLayout;
  readonly warehouse: string;
  /** The size of the raw input the run loads, which sizes PGlite's buffer pool. */
  readonly inputBytes?: number;
}): Promise<LocalRedshiftData> {
  const embedded = options.warehouse === 'pglite';
  if (!embedded && !isPostgresUrl(options.warehouse)) {
    throw new Error(`--warehouse must be pglite or a postgres:// URL, not "${options.warehouse}"`);
  }
  return openLocalRedshift({
    warehouse: options.warehouse,
    ...(embedded ? { dataDir: options.layout.warehouse } : {}),
    ...(embedded && options.inputBytes !== undefined
      ? { sharedBuffersMb: sharedBuffersFor(options.inputBytes) }
      : {}),
    s3: options.s3,
    trees: [...(options.tree === undefined ? [] : [options.tree.dir]), ...(options.trees ?? [])],
    scratchDir: join(options.layout.workdir, 'redshift-scratch'),
  });
}

interface Target {
  readonly Database: string;
  readonly WorkgroupName?: string;
  readonly ClusterIdentifier?: string;
  readonly SecretArn?: string;
}

/** Where the state machine sends its load: the same workgroup or cluster, database and secret. */
function targetOf(tree: ArtifactTree): Target {
  const definition = tree.json<Record<string, unknown>>(artifactLayout.stateMachine);
  const find = (machine: unknown): Target | undefined => {
    const states = (
      machine as { States?: Record<string, { Resource?: string; Parameters?: Target; Branches?: unknown[] }> }
    ).States;
    for (const state of Object.values(states ?? {})) {
      if (state.Resource?.endsWith(':redshiftdata:batchExecuteStatement') && state.Parameters !== undefined) {
        return state.Parameters;
      }
      for (const branch of state.Branches ?? []) {
        const found = find(branch);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const found = find(definition);
  return {
    Database: found?.Database ?? 'dev',
    ...(found?.ClusterIdentifier === undefined
      ? { WorkgroupName: found?.WorkgroupName ?? 'lakeline-local' }
      : {}),
    ...(found?.ClusterIdentifier === undefined ? {} : { ClusterIdentifier: found.ClusterIdentifier }),
    ...(found?.SecretArn === undefined ? {} : { SecretArn: found.SecretArn }),
  };
}

async function runBatch(redshift: LocalRedshiftData, target: Target, sqls: readonly string[]): Promise<void> {
  const { Id } = await redshift.batchExecuteStatement({ ...target, Sqls: sqls });
  const done = await redshift.waitFor(Id);
  if (done.Status !== 'FINISHED')
    throw new Error(`warehouse setup ${done.Status}: ${done.Error ?? 'no error text'}`);
}

async function query(redshift: LocalRedshiftData, target: Target, sql: string): Promise<string[][]> {
  const { Id } = await redshift.executeStatement({ ...target, Sql: sql });
  const done = await redshift.waitFor(Id);
  if (done.Status !== 'FINISHED') throw new Error(`${sql}: ${done.Status} ${done.Error ?? ''}`);
  const result = await redshift.getStatementResult({ Id });
  return result.Records.map((record) =>
    record.map((field) => {
      const value = Object.values(field)[0];
      return value === undefined || value === null ? '' : String(value);
    }),
  );
}

const SETUP = s.table('setup', 'lakeline_local');

/** The marker of the DDL already run: a table of digests in the warehouse itself. */
const MARKER_TABLE: readonly Statement[] = [
  { kind: 'createSchema', name: 'lakeline_local', ifNotExists: true },
  {
    kind: 'createTable',
    table: SETUP,
    columns: [
      { name: 'digest', type: t.string(64), notNull: true },
      { name: 'installed_at', type: t.timestamp(), notNull: false },
    ],
    primaryKey: ['digest'],
    ifNotExists: true,
  },
];

const markerQuery = (digest: string): Statement =>
  s.select({
    items: [s.item(s.col('digest'))],
    from: s.fromTable(SETUP),
    where: s.eq(s.col('digest'), s.lit(digest)),
  });

const markerInsert = (digest: string): Statement => {
  // A literal timestamp: Redshift's GETDATE() is no PostgreSQL function, and this runs as written.
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  return {
    kind: 'insert',
    table: SETUP,
    columns: ['digest', 'installed_at'],
    query: s.select({ items: [s.item(s.lit(digest)), s.item(s.cast(s.lit(now), t.timestamp()))] }),
  };
};

const redshiftSql = (statements: readonly Statement[]): string[] =>
  statements.map((st) => compile(st, 'redshift'));

const digestOf = (tree: ArtifactTree, files: readonly string[]): string =>
  createHash('sha256')
    .update(files.map((f) => tree.text(f)).join('\n'))
    .digest('hex');

/**
 * Creates or updates the warehouse's schema, roles and policies unless this very DDL already ran
 * there. The files rerun and converge (warehouse README), so a server where another database or
 * pipeline created the roles, or where an earlier version of the files ran, takes them as well;
 * the marker only spares a rerun of the same files. It lives in the warehouse
 * (`lakeline_local.setup`), so it holds for PGlite and for a PostgreSQL server alike. Each file
 * goes in batches as deploy sends it (`statementBatches`: groups whole, at most 40 statements).
 * Returns whether anything ran.
 */
export async function installWarehouse(tree: ArtifactTree, redshift: LocalRedshiftData): Promise<boolean> {
  const files = WAREHOUSE_SETUP_FILES.map((name) => artifactLayout.warehouseFile('redshift', name)).filter(
    (f) => tree.has(f),
  );
  if (files.length === 0) return false;
  const target = targetOf(tree);
  const digest = digestOf(tree, files);
  await runBatch(redshift, target, redshiftSql(MARKER_TABLE));
  const [done] = redshiftSql([markerQuery(digest)]);
  if ((await query(redshift, target, done!)).length > 0) return false;
  for (const file of files) {
    for (const batch of statementBatches(tree.text(file), 'redshift', BATCH))
      await runBatch(redshift, target, batch);
  }
  await runBatch(redshift, target, redshiftSql([markerInsert(digest)]));
  return true;
}

/**
 * The same for a PostgreSQL target (Aurora), through the RDS Data API as deploy sends it: the
 * tree's `postgres/` files as written, each in one transaction.
 */
export async function installPostgresWarehouse(tree: ArtifactTree, rds: LocalRdsData): Promise<boolean> {
  const files = WAREHOUSE_SETUP_FILES.map((name) => artifactLayout.warehouseFile('postgres', name)).filter(
    (f) => tree.has(f),
  );
  if (files.length === 0) return false;
  const target = tree.json(artifactLayout.warehouseTarget('postgres')) as unknown as {
    readonly resourceArn: string;
    readonly secretArn: string;
    readonly database: string;
  };
  const run = (sql: string, transactionId?: string) =>
    rds.executeStatement({ ...target, sql, ...(transactionId === undefined ? {} : { transactionId }) });
  const postgres = (st: Statement) => compile(st, 'postgres');
  const digest = digestOf(tree, files);
  for (const st of MARKER_TABLE) await run(postgres(st));
  if (((await run(postgres(markerQuery(digest)))).records ?? []).length > 0) return false;
  for (const file of files) {
    const { transactionId } = await rds.beginTransaction(target);
    try {
      for (const sql of splitStatements(tree.text(file), 'postgres')) await run(sql, transactionId);
      await rds.commitTransaction({ ...target, transactionId });
    } catch (error) {
      await rds.rollbackTransaction({ ...target, transactionId }).catch(() => undefined);
      throw new Error(`warehouse setup ${file}: ${(error as Error).message}`);
    }
  }
  await run(postgres(markerInsert(digest)));
  return true;
}

/** Row counts of every base table outside the staging schemas and the catalogs. */
export async function warehouseCounts(
  redshift: LocalRedshiftData,
  tree?: ArtifactTree,
): Promise<Record<string, number>> {
  const target = tree === undefined ? { Database: 'dev', WorkgroupName: 'lakeline-local' } : targetOf(tree);
  const [listing] = redshiftSql([
    s.select({
      items: [s.item(s.col('table_schema')), s.item(s.col('table_name'))],
      from: s.fromTable(s.table('tables', 'information_schema')),
      where: s.and(
        s.eq(s.col('table_type'), s.lit('BASE TABLE')),
        s.inList(
          s.col('table_schema'),
          ['pg_catalog', 'information_schema', 'lakeline_local'].map((x) => s.lit(x)),
          true,
        ),
        s.binary('<>', s.call('right', s.col('table_schema'), s.lit('_staging'.length)), s.lit('_staging')),
      ),
      orderBy: [s.asc(s.col('table_schema')), s.asc(s.col('table_name'))],
    }),
  ]);
  const counts: Record<string, number> = {};
  for (const [schema, table] of await query(redshift, target, listing!)) {
    const [count] = redshiftSql([
      s.select({ items: [s.item(s.call('count'))], from: s.fromTable(s.table(table!, schema)) }),
    ]);
    const [[n] = ['0']] = await query(redshift, target, count!);
    counts[`${schema}.${table}`] = Number(n);
  }
  return counts;
}
