/**
 * What deploy records of the warehouse SQL it applied, in the warehouse itself: SQL leaves nothing
 * to compare with, so each set-up file gets a row (pipeline, stage, file, sha256, applied_at) in
 * `lakeline_deploy.applied`, written in the same transaction or batch as the file's last
 * statements. A file is "create" when never applied, "update" when its text changed, "none"
 * otherwise. Rendered for the target's dialect; each target kind's resource sends the files its
 * own way (`setupFileResource`).
 */
import { createHash } from 'node:crypto';
import {
  artifactLayout,
  compile,
  type Expr,
  type Statement,
  sql as s,
  type TargetDialect,
  t,
  WAREHOUSE_SETUP_FILES,
  type WarehouseFile,
} from '../../core/index.js';
import type { Clients } from '../clients.js';
import type { DeployContext } from '../context.js';
import { DeployError } from '../errors.js';
import type { Resource } from '../resource.js';

const APPLIED = s.table('applied', 'lakeline_deploy');

/** The bookkeeping table, created when missing. */
const appliedTable: Statement[] = [
  { kind: 'createSchema', name: 'lakeline_deploy', ifNotExists: true },
  {
    kind: 'createTable',
    table: APPLIED,
    columns: [
      { name: 'pipeline', type: t.string(128), notNull: false },
      { name: 'stage', type: t.string(64), notNull: false },
      { name: 'file', type: t.string(256), notNull: false },
      { name: 'sha256', type: t.string(64), notNull: false },
      { name: 'applied_at', type: t.timestamp(), notNull: false },
    ],
    ifNotExists: true,
  },
];

const appliedRow = (pipeline: string, stage: string, file: string): Expr =>
  s.and(
    s.eq(s.col('pipeline'), s.lit(pipeline)),
    s.eq(s.col('stage'), s.lit(stage)),
    s.eq(s.col('file'), s.lit(file)),
  );

/** Records a file as applied: its row replaced. */
export function recordApplied(
  pipeline: string,
  stage: string,
  file: string,
  sha: string,
  dialect: TargetDialect,
): string[] {
  // A literal timestamp: Redshift's GETDATE() and PostgreSQL's now() have no common spelling.
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const statements: Statement[] = [
    ...appliedTable,
    { kind: 'delete', table: APPLIED, where: appliedRow(pipeline, stage, file) },
    {
      kind: 'insert',
      table: APPLIED,
      columns: ['pipeline', 'stage', 'file', 'sha256', 'applied_at'],
      query: s.select({
        items: [
          s.item(s.lit(pipeline)),
          s.item(s.lit(stage)),
          s.item(s.lit(file)),
          s.item(s.lit(sha)),
          s.item(s.cast(s.lit(now), t.timestamp())),
        ],
      }),
    },
  ];
  return statements.map((st) => compile(st, dialect));
}

/** The SHA-256 last applied for a file: one row, one column, or none (or no table: never deployed). */
export const appliedQuery = (pipeline: string, stage: string, file: string, dialect: TargetDialect): string =>
  compile(
    s.select({
      items: [s.item(s.col('sha256'))],
      from: s.fromTable(APPLIED),
      where: appliedRow(pipeline, stage, file),
    }),
    dialect,
  );

/** One set-up file of the tree's warehouse target, with what deploy compares it by. */
export interface SetupFile {
  readonly name: WarehouseFile;
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
}

/** The target's set-up files the tree holds (schema, roles, policies), in the order they run. */
export function setupFiles(ctx: DeployContext, dialect: TargetDialect): SetupFile[] {
  return WAREHOUSE_SETUP_FILES.map((name) => ({ name, path: artifactLayout.warehouseFile(dialect, name) }))
    .filter(({ path }) => ctx.tree.has(path))
    .map(({ name, path }) => {
      const text = ctx.tree.text(path);
      return { name, path, text, sha256: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * A set-up file as a deploy resource: `readApplied` runs `appliedQuery` and gives the SHA-256 it
 * found (a missing bookkeeping table, never deployed, reads as nothing); `apply` sends the file
 * with `recordApplied` last. Destroy leaves the warehouse as it is: tables hold data, and roles
 * may be shared.
 */
export function setupFileResource(
  type: string,
  file: SetupFile,
  ops: {
    readonly readApplied: (clients: Clients) => Promise<string | undefined>;
    readonly apply: (clients: Clients) => Promise<void>;
  },
): Resource {
  return {
    type,
    name: file.path,
    desired: { sha256: file.sha256 },
    async read(clients) {
      try {
        const value = await ops.readApplied(clients);
        return value === undefined ? undefined : { sha256: value.trim() };
      } catch (error) {
        if (error instanceof DeployError && /does not exist/.test(error.awsMessage)) return undefined;
        throw error;
      }
    },
    create: ops.apply,
    update: ops.apply,
    async delete() {},
    owned: () => false,
    keptBecause: 'the warehouse holds data, and its roles may be shared',
  };
}
