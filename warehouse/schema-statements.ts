/** 01-schema: the star's schema, its staging schema, and every table the load writes. */
import {
  type ColumnDef,
  glueDatabase,
  latestByOf,
  roleArn,
  SCD2_COLUMNS,
  type Stage,
  type Statement,
  targetKindOf,
} from '../core/index.js';
import { assertionProcedure } from './history-checks.js';
import { changesColumns } from './history-columns.js';
import {
  changesTable,
  dimensionColumns,
  isStandIn,
  latestDimensionTable,
  resolvedFactTable,
  type Star,
  type StarColumn,
  starTable,
  type WarehouseDialect,
} from './star.js';

const columnDef = (c: StarColumn): ColumnDef => ({
  name: c.name,
  type: c.type,
  notNull: c.notNull,
  ...(c.identity === true ? { identity: true } : {}),
});

/** Redshift reads partitioned datasets through Spectrum; this schema maps the processed Glue database. */
export const lakeSchema = (star: Star): string => `${star.schema}_lake`;

/** The role Redshift's COPY and Spectrum assume (the simulator's stand-in names it too). */
export const copyRoleArn = (stage: Stage): string => {
  if (stage.warehouse.kind !== 'redshift') {
    throw new Error(`stage ${stage.name}: a ${stage.warehouse.kind} target has no COPY role`);
  }
  return roleArn(stage, stage.warehouse.copyRoleName);
};

export function schemaStatements(star: Star, stage: Stage, dialect: WarehouseDialect): Statement[] {
  const standIn = isStandIn(stage, dialect);
  const statements: Statement[] = [
    ...star.schemas.map((name): Statement => ({ kind: 'createSchema', name, ifNotExists: true })),
    { kind: 'createSchema', name: star.stagingSchema, ifNotExists: true },
  ];
  if (dialect === 'postgres' && !standIn) {
    // The load imports from S3 through Aurora's aws_s3 extension (with aws_commons, CASCADE).
    statements.unshift({ kind: 'createExtension', name: 'aws_s3', cascade: true });
  }
  if (dialect === 'redshift' && star.sources.some((s) => s.partitionColumns.length > 0)) {
    statements.push({
      kind: 'createExternalSchema',
      name: lakeSchema(star),
      catalogDatabase: glueDatabase(star.pipeline.name, stage, 'processed'),
      iamRole: copyRoleArn(stage),
    });
  }
  // In the simulator's stand-in the star is unlogged too: the local warehouse is a copy of the
  // processed layer, and every load MERGEs the whole processed snapshot, so a crash that empties
  // these tables is mended by the next load; the write-ahead log would cost a third of a fact load
  // on PGlite. A dimension with history is the exception: its earlier versions are in no other
  // place. A real server's tables (a PostgreSQL target) are logged; Redshift has no such hint.
  for (const table of star.tables) {
    const dimension = table.model.kind === 'dimension' ? table.model : undefined;
    const fact = table.model.kind === 'fact' ? table.model : undefined;
    const layout = table.model.kind === 'dimension' ? undefined : table.model;
    const history = dimension?.history;
    // A mart's key is its own to declare: PRIMARY KEY is informational on Redshift, enforced here.
    const primaryKey =
      table.model.kind === 'mart' ? table.model.key : [dimension?.surrogateKey ?? fact!.key.name];
    statements.push({
      kind: 'createTable',
      table: table.table,
      columns: table.columns.map(columnDef),
      ...(primaryKey === undefined ? {} : { primaryKey }),
      // A natural key has one row per version in a dimension with history; each version its scd_id.
      ...(dimension === undefined
        ? {}
        : { unique: [[history === undefined ? dimension.naturalKey.name : SCD2_COLUMNS.scdId]] }),
      ...(fact === undefined
        ? {}
        : {
            foreignKeys: fact.foreignKeys.map((k) => {
              const dim = star.dimensions.find((d) => d.name === k.dimension)!;
              return {
                columns: [k.name],
                references: starTable(star, dim.name).table,
                referencedColumns: [dim.surrogateKey],
              };
            }),
          }),
      ...(layout?.distKey === undefined ? {} : { distKey: layout.distKey }),
      ...(layout?.sortKey === undefined ? {} : { sortKey: layout.sortKey }),
      ifNotExists: true,
      ...(standIn && history === undefined ? { unlogged: true } : {}),
    });
  }
  // Staging tables carry no constraints: they hold whatever the files hold until the MERGE. They
  // are scratch, refilled by every load, so PostgreSQL may keep them out of its write-ahead log
  // (UNLOGGED is valid on a real server, and right for scratch there too).
  for (const source of star.sources) {
    statements.push({
      kind: 'createTable',
      table: source.table,
      columns: source.columns.map((c) => ({ name: c.name, type: c.type, notNull: false })),
      ifNotExists: true,
      unlogged: true,
    });
  }
  for (const d of star.dimensions) {
    if (d.history !== undefined || latestByOf(d) === undefined) continue;
    statements.push({
      kind: 'createTable',
      table: latestDimensionTable(star, d),
      columns: dimensionColumns(d)
        .filter((c) => c.identity !== true)
        .map((c) => ({ name: c.name, type: c.type, notNull: false })),
      ifNotExists: true,
      unlogged: true,
    });
  }
  for (const d of star.dimensions) {
    if (d.history === undefined) continue;
    statements.push({
      kind: 'createTable',
      table: changesTable(star, d),
      columns: changesColumns(d, d.history).map(columnDef),
      ifNotExists: true,
      unlogged: true,
    });
  }
  for (const fact of star.facts) {
    const table = star.tables.find((t) => t.name === fact.name)!;
    statements.push({
      kind: 'createTable',
      table: resolvedFactTable(star, fact),
      columns: table.columns.map((c) => ({ name: c.name, type: c.type, notNull: false })),
      ifNotExists: true,
      unlogged: true,
    });
  }
  // The checks at the end of a load of a dimension with history fail its transaction from this
  // procedure on Redshift (no DO blocks there); the stand-in creates it too, statement for statement.
  if (
    targetKindOf(stage.warehouse).dialect === 'redshift' &&
    star.dimensions.some((d) => d.history !== undefined)
  ) {
    statements.push({ kind: 'createAssertionProcedure', procedure: assertionProcedure(star) });
  }
  return statements;
}
