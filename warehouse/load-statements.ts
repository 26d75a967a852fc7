/**
 * 04-load: staging from the processed layer, dimensions merged on their natural keys, facts
 * resolved to surrogate keys and merged on their grain. Rerunning it changes nothing: every
 * write is a MERGE keyed on the model's keys (or, for a dimension with history, an UPDATE and an
 * INSERT of the changes found against it: none on a rerun), and staging is emptied before it is
 * filled.
 *
 * The statements carry no BEGIN/COMMIT: the Redshift Data API's BatchExecuteStatement runs its
 * list as one transaction, and synthWarehouse wraps the file form in one. On Redshift staging is
 * emptied with DELETE, not TRUNCATE, because TRUNCATE commits the running transaction there.
 *
 * The Redshift and PostgreSQL lists have the same length and order, statement for statement, so
 * a runner can pair the i-th Redshift statement with the i-th PostgreSQL one. The PostgreSQL
 * rendering differs in three ways that leave the tables as Redshift's leaves them, only faster:
 * - staging is emptied with TRUNCATE, which is transactional in PostgreSQL and, unlike DELETE,
 *   leaves no dead rows behind (PGlite runs no autovacuum; DELETE would grow staging each rerun);
 * - a MERGE updates a matched row only when a value changed (`WHEN MATCHED AND … IS DISTINCT
 *   FROM …`; Redshift's MERGE takes no condition), so a rerun rewrites nothing — but its row count
 *   (the Data API's ResultRows) counts changed and new rows where Redshift counts every matched row;
 * - a fact's staged rows are inserted in grain-key order, which PostgreSQL's B-tree primary key
 *   takes several times faster than random order (Redshift orders rows by its SORTKEY anyway).
 */
import {
  type Expr,
  exportKey,
  type Fact,
  latestByOf,
  type Mart,
  type Merge,
  type Stage,
  type Statement,
  sql as s,
  s3Uri,
  type TableName,
  t,
} from '../core/index.js';
import { historyCheck } from './history-checks.js';
import { latestRows } from './latest-rows.js';
import { emptyStaging, STAGED, staged } from './load-parts.js';
import { scd2Statements, validAt } from './scd2-statements.js';
import { copyRoleArn, lakeSchema } from './schema-statements.js';
import {
  isStandIn,
  latestDimensionTable,
  resolvedFactTable,
  type StagingSource,
  type Star,
  stagingFor,
  starTable,
  type WarehouseDialect,
} from './star.js';

/** The RDS Data API parameter that carries the key of the object an import reads. */
export const IMPORT_KEY_PARAMETER = 'file_path';

/** The Glue table the processed crawler makes of a dataset: its folder name. */
export const catalogTableName = (source: StagingSource): string =>
  (
    source.dataset.prefix
      .split('/')
      .filter((p) => p !== '')
      .at(-1) ?? source.dataset.name
  ).toLowerCase();

function loadStaging(star: Star, stage: Stage, source: StagingSource, dialect: WarehouseDialect): Statement {
  const from = s3Uri(star.pipeline.name, stage, 'processed', source.dataset.prefix);
  const all = source.columns.map((c) => c.name);
  if (dialect === 'postgres' && !isStandIn(stage, dialect)) {
    // Aurora imports one CSV object per call: the job's CSV export, each file under the prefix.
    return {
      kind: 's3Import',
      table: source.table,
      columns: all,
      bucket: stage.bucket,
      prefix: exportKey(star.pipeline.name, source.dataset.prefix),
      keyParameter: IMPORT_KEY_PARAMETER,
      region: stage.region,
      format: 'csv',
      header: true,
    };
  }
  if (dialect === 'postgres' || source.partitionColumns.length === 0) {
    // Redshift's COPY; in the simulator's stand-in, the same COPY of the Parquet files under the
    // prefix, partition columns read from the paths (local/redshift/README.md).
    return {
      kind: 'copy',
      table: source.table,
      columns: all,
      from,
      iamRole: copyRoleArn(stage),
      format: 'parquet',
    };
  }
  // COPY maps Parquet columns by position and cannot read partition values from the path.
  return {
    kind: 'insert',
    table: source.table,
    columns: all,
    query: s.select({
      items: all.map((c) => s.item(s.col(c))),
      from: s.fromTable(s.table(catalogTableName(source), lakeSchema(star))),
    }),
  };
}

function mergeInto(
  target: TableName,
  source: TableName,
  key: string,
  columns: readonly { name: string; value: Expr }[],
  keyValue: Expr,
  dialect: WarehouseDialect,
): Merge {
  const updates = columns.length > 0 ? columns : [{ name: key, value: keyValue }];
  const changed = updates.map((c) => s.binary('is distinct from', s.col(c.name, target.name), c.value));
  return {
    kind: 'merge',
    target,
    targetAlias: target.name,
    source: s.fromTable(source, STAGED),
    on: s.eq(s.col(key, target.name), keyValue),
    ...(dialect === 'postgres' ? { whenMatchedAnd: s.or(...changed) } : {}),
    whenMatchedUpdate: updates.map((c) => ({ column: c.name, value: c.value })),
    whenNotMatchedInsert: {
      columns: [key, ...columns.map((c) => c.name)],
      values: [keyValue, ...columns.map((c) => c.value)],
    },
  };
}

/**
 * Type 1: one MERGE on the natural key; with `latestBy`, from the latest row of each key, first
 * staged in a table of its own (Redshift's MERGE reads a table, not a query). With history: the
 * SCD Type 2 statements (scd2-statements.ts).
 */
function dimensionLoads(star: Star, dialect: WarehouseDialect, loadTime: Expr): Statement[][] {
  return star.dimensions.map((d): Statement[] => {
    if (d.history !== undefined)
      return [...scd2Statements(star, d, d.history, dialect, loadTime), historyCheck(star, d)];
    const source = stagingFor(star, d.source);
    const column = (name: string) => source.columns.find((c) => c.name === name);
    const table = starTable(star, d.name);
    const key = staged(column(d.naturalKey.source), d.naturalKey.source, d.naturalKey.type);
    const values = d.columns.map((c) => ({
      name: c.name,
      value: staged(column(c.source), c.source, c.type),
    }));
    if (latestByOf(d) === undefined) {
      return [mergeInto(table.table, source.table, d.naturalKey.name, values, key, dialect)];
    }
    const latest = latestDimensionTable(star, d);
    return [
      emptyStaging(latest, dialect),
      {
        kind: 'insert',
        table: latest,
        columns: [d.naturalKey.name, ...values.map((v) => v.name)],
        query: s.select({
          items: [s.item(key, d.naturalKey.name), ...values.map((v) => s.item(v.value, v.name))],
          from: latestRows(source, d),
        }),
      },
      mergeInto(
        table.table,
        latest,
        d.naturalKey.name,
        values.map((v) => ({ name: v.name, value: s.col(v.name, STAGED) })),
        s.col(d.naturalKey.name, STAGED),
        dialect,
      ),
    ];
  });
}

/**
 * Surrogate keys are looked up by natural key with LEFT JOINs: a fact whose dimension row is
 * missing is kept with a NULL key, and a later load (the dimension having arrived) fills it in.
 * In a dimension with history the key is the version valid at the fact's event time (`fk(…, { at
 * })`); a fact older than the key's first version keeps a NULL key, as a missing row does.
 */
function factStatements(star: Star, fact: Fact, dialect: WarehouseDialect): Statement[] {
  const source = stagingFor(star, fact.source);
  const column = (name: string) => source.columns.find((c) => c.name === name);
  const resolved = resolvedFactTable(star, fact);
  const table = starTable(star, fact.name);
  const dimAlias = (i: number) => `d${i + 1}`;
  const joins = fact.foreignKeys.map((k, i) => {
    const d = star.dimensions.find((dim) => dim.name === k.dimension)!;
    const byKey = s.eq(s.col(d.naturalKey.name, dimAlias(i)), s.col(k.source, STAGED));
    const at = k.at === undefined ? undefined : staged(column(k.at), k.at, t.timestamp());
    return {
      type: 'left' as const,
      item: s.fromTable(starTable(star, d.name).table, dimAlias(i)),
      on:
        d.history === undefined || at === undefined
          ? byKey
          : s.and(byKey, validAt(d.history, dimAlias(i), at)),
    };
  });
  const values: { name: string; value: Expr }[] = [
    { name: fact.key.name, value: staged(column(fact.key.source), fact.key.source, fact.key.type) },
    ...fact.foreignKeys.map((k, i) => {
      const d = star.dimensions.find((dim) => dim.name === k.dimension)!;
      return { name: k.name, value: s.col(d.surrogateKey, dimAlias(i)) as Expr };
    }),
    ...[...fact.measures, ...fact.attributes].map((c) => ({
      name: c.name,
      value: staged(column(c.source), c.source, c.type),
    })),
  ];
  const merged = values.slice(1).map((v) => ({ name: v.name, value: s.col(v.name, STAGED) as Expr }));
  return [
    emptyStaging(resolved, dialect),
    {
      kind: 'insert',
      table: resolved,
      columns: values.map((v) => v.name),
      query: s.select({
        items: values.map((v) => s.item(v.value, v.name)),
        from: latestRows(source, fact),
        joins,
        ...(dialect === 'postgres' ? { orderBy: [s.asc(values[0]!.value, 'last')] } : {}),
      }),
    },
    mergeInto(table.table, resolved, fact.key.name, merged, s.col(fact.key.name, STAGED), dialect),
  ];
}

/**
 * A mart is rebuilt: emptied, then filled with its source's staged rows, in the load's
 * transaction, so a reader sees the old rows until the load commits and the new ones after. DELETE
 * in both dialects: Redshift's TRUNCATE commits the running transaction, and PostgreSQL's takes a
 * lock that blocks every reader until the load ends.
 */
function martStatements(star: Star, mart: Mart): Statement[] {
  const source = stagingFor(star, mart.source);
  const column = (name: string) => source.columns.find((c) => c.name === name);
  const table = starTable(star, mart.name).table;
  return [
    { kind: 'delete', table },
    {
      kind: 'insert',
      table,
      columns: mart.columns.map((c) => c.name),
      query: s.select({
        items: mart.columns.map((c) => s.item(staged(column(c.source), c.source, c.type), c.name)),
        from: s.fromTable(source.table, STAGED),
      }),
    },
  ];
}

export interface LoadOptions {
  /**
   * The load's time, `YYYY-MM-DD HH:MM:SS`: where the check strategy and hard deletes open and
   * close versions. By default the start of the load's transaction (Redshift SYSDATE, PostgreSQL
   * LOCALTIMESTAMP), one value for all its statements; tests fix it to compare histories.
   */
  readonly loadTime?: string;
}

export function loadStatements(
  star: Star,
  stage: Stage,
  dialect: WarehouseDialect,
  options: LoadOptions = {},
): Statement[] {
  return loadParts(star, stage, dialect, options).flat();
}

/**
 * The load in parts, each whole in itself: the staging tables filled, then each dimension, fact
 * and mart. Each part reruns safely on its own, so a load sent as several transactions (see
 * `LoadStatement.part`) converges when rerun after one of them failed.
 */
export function loadParts(
  star: Star,
  stage: Stage,
  dialect: WarehouseDialect,
  options: LoadOptions = {},
): Statement[][] {
  const loadTime =
    options.loadTime === undefined
      ? s.call('transaction_timestamp')
      : s.cast(s.lit(options.loadTime), t.timestamp());
  return [
    star.sources.flatMap((source): Statement[] => [
      emptyStaging(source.table, dialect),
      loadStaging(star, stage, source, dialect),
    ]),
    ...dimensionLoads(star, dialect, loadTime),
    ...star.facts.map((f) => factStatements(star, f, dialect)),
    ...star.marts.map((m) => martStatements(star, m)),
  ].filter((part) => part.length > 0);
}
