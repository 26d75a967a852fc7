/**
 * What deploy records of the warehouse SQL it applied, in the warehouse itself: SQL leaves nothing
 * to compare with, so each set-up file gets a row (pipeline, stage, file, sha256, applied_at) in
 * `lakeline_deploy.applied`, written in the same transaction or batch as the file's last
 * statements. A file is "create" when never applied, "update" when its text changed, "none"
 * otherwise. Rendered for the target's dialect.
 */
import { compile, type Expr, type Statement, sql as s, type TargetDialect, t } from '../../core/index.js';

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
