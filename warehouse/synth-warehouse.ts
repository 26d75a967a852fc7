/** The warehouse generator: the star's SQL for Redshift and PostgreSQL, and the COPY role. */
import {
  type Artifact,
  artifactLayout,
  compile,
  jsonArtifact,
  type LoadStatement,
  type Pipeline,
  type Stage,
  type Statement,
  type TableName,
  targetKindOf,
  textArtifact,
  WAREHOUSE_FILES,
  type WarehouseFile,
} from '../core/index.js';
import { accessMappingStatements } from './access-mappings.js';
import { copyRole } from './copy-role.js';
import { type LoadOptions, loadParts, loadStatements } from './load-statements.js';
import { policyStatements } from './policy-statements.js';
import { roleStatements } from './role-statements.js';
import { schemaStatements } from './schema-statements.js';
import type { StatementGroup } from './server-checks.js';
import { isStandIn, resolveStar, type Star, type WarehouseDialect } from './star.js';

/** A file's statements, or its groups (each written under its label as a comment). */
type FileContent = readonly Statement[] | readonly StatementGroup[];

interface SqlFile {
  readonly name: WarehouseFile;
  readonly purpose: string;
  readonly statements: (star: Star, stage: Stage, dialect: WarehouseDialect) => FileContent;
  /** Whether the file runs as one transaction. */
  readonly transaction: boolean;
}

const FILES: readonly SqlFile[] = [
  {
    name: WAREHOUSE_FILES.schema,
    purpose: 'schemas, star tables and staging tables',
    statements: (star, stage, d) => [...schemaStatements(star, stage, d), ...accessMappingStatements(star)],
    transaction: false,
  },
  {
    name: WAREHOUSE_FILES.roles,
    purpose: 'roles and their grants',
    statements: (star, _stage, d) => roleStatements(star, d),
    transaction: false,
  },
  {
    name: WAREHOUSE_FILES.policies,
    purpose: 'row-level security and masking',
    statements: (star, _stage, d) => policyStatements(star, d),
    transaction: false,
  },
  {
    name: WAREHOUSE_FILES.load,
    purpose: 'staging load and merges; rerunnable',
    statements: (star, stage, d) => loadStatements(star, stage, d),
    transaction: true,
  },
];

const isGroups = (content: FileContent): content is readonly StatementGroup[] =>
  content.length > 0 && 'label' in content[0]!;

const flatten = (content: FileContent): Statement[] =>
  isGroups(content) ? content.flatMap((g) => g.statements) : [...content];

function renderFile(star: Star, stage: Stage, dialect: WarehouseDialect, file: SqlFile): string {
  const content = file.statements(star, stage, dialect);
  const compiled = (statements: readonly Statement[]) => statements.map((st) => `${compile(st, dialect)};`);
  const body = isGroups(content)
    ? content.map((g) => `-- ${g.label}\n${compiled(g.statements).join('\n\n')}`)
    : compiled(content);
  const statements = file.transaction ? ['BEGIN;', ...body, 'COMMIT;'] : body;
  const rendering = isStandIn(stage, dialect)
    ? `${dialect}, the simulator's stand-in for the ${targetKindOf(stage.warehouse).dialect} target`
    : dialect;
  const header = [
    `-- ${star.pipeline.name} (${stage.name}), ${rendering}: ${file.purpose}.`,
    '-- Synthesized from the pipeline definition; change the definition, not this file.',
  ];
  return `${header.join('\n')}\n\n${statements.join('\n\n')}\n`;
}

/**
 * The warehouse files in the stage's target's rendering, with where to send them and the role the
 * warehouse loads with; for a Redshift target also the simulator's PostgreSQL stand-in of each file.
 */
export function synthWarehouse(pipeline: Pipeline, stage: Stage): Artifact[] {
  const star = resolveStar(pipeline);
  const dialect = targetKindOf(stage.warehouse).dialect;
  const files = (path: (name: WarehouseFile) => string, d: WarehouseDialect) =>
    FILES.map((file) => textArtifact(path(file.name), renderFile(star, stage, d, file)));
  return [
    ...files((name) => artifactLayout.warehouseFile(dialect, name), dialect),
    ...(dialect === 'redshift' ? files(artifactLayout.standInWarehouseFile, 'postgres') : []),
    jsonArtifact(
      stage.warehouse.kind === 'redshift'
        ? artifactLayout.redshiftCopyRole
        : artifactLayout.postgresImportRole,
      copyRole(star, stage),
    ),
    jsonArtifact(artifactLayout.warehouseTarget(dialect), dataApiTarget(stage)),
  ];
}

/**
 * Where the SQL runs, as the target's API names it (Redshift Data API: `Database`,
 * `WorkgroupName` or `ClusterIdentifier`, `SecretArn`; RDS Data API: `resourceArn`, `secretArn`,
 * `database`): what deploy sends the schema, roles and policies files to. The secret is
 * referenced by ARN; its value never enters the tree.
 */
export function dataApiTarget(stage: Stage): Readonly<Record<string, string>> {
  return targetKindOf(stage.warehouse).apiTarget(stage.warehouse);
}

/**
 * The load as single statements, for the Redshift Data API's BatchExecuteStatement `Sqls`: no
 * BEGIN/COMMIT (the batch is one transaction) and no trailing semicolons.
 */
export function warehouseLoadStatements(
  pipeline: Pipeline,
  stage: Stage,
  dialect: WarehouseDialect,
  options: LoadOptions = {},
): string[] {
  const star = resolveStar(pipeline);
  return loadStatements(star, stage, dialect, options).map((st) => compile(st, dialect));
}

/**
 * The load for the stage's target, statement by statement, as its loader runs it: an import
 * statement (a PostgreSQL target's `s3Import`) says which objects it runs for.
 */
export function warehouseLoadSteps(
  pipeline: Pipeline,
  stage: Stage,
  options: LoadOptions = {},
): LoadStatement[] {
  const star = resolveStar(pipeline);
  const dialect = targetKindOf(stage.warehouse).dialect;
  return loadParts(star, stage, dialect, options).flatMap((statements, part) =>
    statements.map((st) => loadStep(st, part, dialect)),
  );
}

function loadStep(st: Statement, part: number, dialect: WarehouseDialect): LoadStatement {
  return {
    sql: compile(st, dialect),
    label: statementLabel(st),
    part,
    ...(st.kind === 's3Import'
      ? {
          perObject: {
            bucket: st.bucket,
            prefix: st.prefix,
            keyParameter: st.keyParameter,
            suffix: `.${st.format}`,
          },
        }
      : {}),
  };
}

const tableText = (table: TableName) =>
  table.schema === undefined ? table.name : `${table.schema}.${table.name}`;

/** A load statement in words (not SQL): what it does to which table, for the state it runs in. */
function statementLabel(st: Statement): string {
  switch (st.kind) {
    case 'truncate':
      return `empty ${tableText(st.table)}`;
    case 'delete':
      return `empty ${tableText(st.table)}`;
    case 'insert':
      return `fill ${tableText(st.table)}`;
    case 'merge':
      return `merge into ${tableText(st.target)}`;
    case 'update':
      return `update ${tableText(st.table)}`;
    case 'copy':
      return `copy into ${tableText(st.table)}`;
    case 's3Import':
      return `import into ${tableText(st.table)}`;
    case 'assertEmpty':
      return `check ${st.message}`;
    default:
      return st.kind;
  }
}

/** Every statement of one file, compiled; for runners that execute statement by statement. */
export function warehouseFileStatements(
  pipeline: Pipeline,
  stage: Stage,
  dialect: WarehouseDialect,
  file: WarehouseFile,
): string[] {
  const star = resolveStar(pipeline);
  const spec = FILES.find((f) => f.name === file)!;
  return flatten(spec.statements(star, stage, dialect)).map((st) => compile(st, dialect));
}
