/**
 * The star schema resolved from the model: table names, typed columns, and the staging tables
 * that mirror each processed dataset. Every statement generator works from this one resolution,
 * so names and column orders agree across the DDL, the grants, the policies and the load.
 */
import {
  type DataType,
  type Dimension,
  type Fact,
  jobOutputSchema,
  latestByOf,
  type Mart,
  type Pipeline,
  PipelineDefinitionError,
  type ProcessedDataset,
  type SchemaColumn,
  type Stage,
  sameDataset,
  stagedColumnNames,
  type TableName,
  tablePath,
  tableSchema,
  targetKindOf,
  type Warehouse,
  type WarehouseTable,
  warehouseTablesOf,
} from '../core/index.js';
import { changesTableName, historyColumns } from './history-columns.js';

/** The dialects the warehouse is rendered for: each target kind's (core/targets). */
export type WarehouseDialect = 'redshift' | 'postgres';
export const WAREHOUSE_DIALECTS: readonly WarehouseDialect[] = ['redshift', 'postgres'];

/**
 * Whether a rendering is the simulator's stand-in rather than the stage's target: the PostgreSQL
 * rendering of a stage whose target is Redshift is what the local warehouse runs for each Redshift
 * statement (the tree's `local/postgres/`), with the simulator's adaptations (unlogged tables,
 * COPY of Parquet from S3). A PostgreSQL target's own rendering is valid on a real server.
 */
export function isStandIn(stage: Stage, dialect: WarehouseDialect): boolean {
  const target = targetKindOf(stage.warehouse).dialect;
  if (target === dialect) return false;
  if (dialect === 'postgres') return true;
  throw new PipelineDefinitionError(
    `stage ${stage.name}`,
    ['warehouse'],
    `the target is ${target}, so the warehouse has no ${dialect} rendering in this stage`,
    `ask for the ${target} rendering, or name a ${dialect} target in the stage`,
  );
}

export interface StarColumn {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
  readonly identity?: boolean;
}

export interface StarTable {
  readonly kind: WarehouseTable['kind'];
  readonly name: string;
  /** The table's own schema, or the warehouse's. */
  readonly schema: string;
  /** Schema-qualified, in `schema`. */
  readonly table: TableName;
  readonly columns: readonly StarColumn[];
  /** The dimension, fact or mart of the model the table is. */
  readonly model: WarehouseTable;
}

/** A processed dataset as staged for loading: its columns in the order its Parquet files hold them. */
export interface StagingSource {
  readonly dataset: ProcessedDataset;
  readonly table: TableName;
  /**
   * What the load stages, in file order, then the Hive partition columns (only in the path). A
   * COPY maps Parquet columns by position, so an unpartitioned dataset stages every column of its
   * files; a partitioned one is read through Spectrum by name, and stages only the columns the star
   * uses (plus its partition columns): nothing else — free text such as notes — is moved.
   */
  readonly columns: readonly SchemaColumn[];
  readonly partitionColumns: readonly string[];
}

export interface Star {
  readonly pipeline: Pipeline;
  readonly warehouse: Warehouse;
  /** The warehouse's schema: tables that name none live there, and so do the files' statement runners. */
  readonly schema: string;
  /** Every schema the star's tables live in, the warehouse's first (even when no table is in it). */
  readonly schemas: readonly string[];
  readonly stagingSchema: string;
  readonly dimensions: readonly Dimension[];
  readonly facts: readonly Fact[];
  readonly marts: readonly Mart[];
  /** Dimensions first (facts reference them), then facts, then marts, in model order. */
  readonly tables: readonly StarTable[];
  /** One per processed dataset the star loads from, in order of first use. */
  readonly sources: readonly StagingSource[];
}

const SURROGATE_KEY_TYPE: DataType = Object.freeze({ kind: 'bigint' });

export const dimensionColumns = (d: Dimension): StarColumn[] => [
  { name: d.surrogateKey, type: SURROGATE_KEY_TYPE, notNull: true, identity: true },
  { name: d.naturalKey.name, type: d.naturalKey.type, notNull: true },
  ...d.columns.map((c) => ({ name: c.name, type: c.type, notNull: false })),
  ...(d.history === undefined ? [] : historyColumns(d.history)),
];

export const factColumns = (f: Fact): StarColumn[] => [
  { name: f.key.name, type: f.key.type, notNull: true },
  // Nullable: a fact whose dimension row is missing keeps a NULL key rather than being dropped.
  ...f.foreignKeys.map((k) => ({ name: k.name, type: SURROGATE_KEY_TYPE, notNull: false })),
  ...f.measures.map((c) => ({ name: c.name, type: c.type, notNull: false })),
  ...f.attributes.map((c) => ({ name: c.name, type: c.type, notNull: false })),
];

export const martColumns = (m: Mart): StarColumn[] =>
  m.columns.map((c) => ({ name: c.name, type: c.type, notNull: m.key?.includes(c.name) === true }));

const COLUMNS: {
  [K in WarehouseTable['kind']]: (table: Extract<WarehouseTable, { kind: K }>) => StarColumn[];
} = { dimension: dimensionColumns, fact: factColumns, mart: martColumns };

const columnsOf = (table: WarehouseTable): StarColumn[] =>
  (COLUMNS[table.kind] as (t: WarehouseTable) => StarColumn[])(table);

function stagingSource(
  pipeline: Pipeline,
  warehouse: Warehouse,
  dataset: ProcessedDataset,
  stagingSchema: string,
  path: string[],
): StagingSource {
  const job = pipeline.jobs.find((j) => sameDataset(j.output, dataset));
  if (job === undefined) {
    throw new PipelineDefinitionError(
      pipeline.name,
      path,
      `"${dataset.name}" is the output of no job`,
      'load from a job output',
    );
  }
  const schema = jobOutputSchema(job);
  const partitions = dataset.partitionBy;
  const staged = new Set(
    stagedColumnNames(
      warehouse,
      dataset,
      schema.map((c) => c.name),
    ),
  );
  const inFiles = schema.filter((c) => !partitions.includes(c.name) && staged.has(c.name));
  const partitionColumns = partitions.map((p) => {
    const column = schema.find((c) => c.name === p);
    if (column === undefined) {
      throw new PipelineDefinitionError(
        pipeline.name,
        [...path, 'partitionBy'],
        `unknown column "${p}"`,
        'partition by an output column',
      );
    }
    return column;
  });
  return {
    dataset,
    table: { kind: 'table', schema: stagingSchema, name: dataset.name },
    columns: [...inFiles, ...partitionColumns],
    partitionColumns: [...partitions],
  };
}

/** Resolves the pipeline's warehouse; throws PipelineDefinitionError when there is none or it cannot load. */
export function resolveStar(pipeline: Pipeline): Star {
  const warehouse = pipeline.warehouse;
  if (warehouse === undefined) {
    throw new PipelineDefinitionError(
      pipeline.name,
      ['warehouse'],
      'the pipeline has no warehouse',
      'declare one with warehouse()',
    );
  }
  const schema = warehouse.schema;
  const stagingSchema = `${schema}_staging`;
  const tables: StarTable[] = warehouseTablesOf(warehouse).map((model) => {
    const own = tableSchema(warehouse, model);
    return {
      kind: model.kind,
      name: model.name,
      schema: own,
      table: { kind: 'table', schema: own, name: model.name },
      columns: columnsOf(model),
      model,
    };
  });
  const sources = new Map<ProcessedDataset, StagingSource>();
  for (const table of tables) {
    if (!sources.has(table.model.source)) {
      const path = [...tablePath(table.model), 'source'];
      sources.set(
        table.model.source,
        stagingSource(pipeline, warehouse, table.model.source, stagingSchema, path),
      );
    }
  }
  // Facts are resolved into staging tables named after them, a Type 1 dimension read latest row by
  // key too, and a history's changes are staged in `<dimension>_changes`; a dataset of the same
  // name would collide.
  const scratch = [
    ...warehouse.facts.map((f) => ({ name: f.name, path: ['warehouse', 'facts', f.name], what: 'fact' })),
    ...warehouse.dimensions
      .filter((d) => d.history === undefined && latestByOf(d) !== undefined)
      .map((d) => ({ name: d.name, path: ['warehouse', 'dimensions', d.name], what: 'dimension' })),
    ...warehouse.dimensions
      .filter((d) => d.history !== undefined)
      .map((d) => ({
        name: changesTableName(d),
        path: ['warehouse', 'dimensions', d.name],
        what: 'dimension',
      })),
  ];
  for (const table of scratch) {
    if ([...sources.values()].some((s) => s.table.name === table.name)) {
      throw new PipelineDefinitionError(
        pipeline.name,
        table.path,
        `the ${table.what} and a loaded dataset both need a staging table "${stagingSchema}.${table.name}"`,
        `rename the ${table.what} or the dataset`,
      );
    }
  }
  return {
    pipeline,
    warehouse,
    schema,
    schemas: [...new Set([schema, ...tables.map((t) => t.schema)])],
    stagingSchema,
    dimensions: warehouse.dimensions,
    facts: warehouse.facts,
    marts: warehouse.marts,
    tables,
    sources: [...sources.values()],
  };
}

export function starTable(star: Star, name: string): StarTable {
  const found = star.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`the warehouse ${star.schema} has no table "${name}"`);
  return found;
}

export function stagingFor(star: Star, dataset: ProcessedDataset): StagingSource {
  const found = star.sources.find((s) => s.dataset === dataset);
  if (found === undefined) throw new Error(`the dataset "${dataset.name}" is not staged`);
  return found;
}

/** `edu_staging.enrollment_fact`: fact rows with their surrogate keys resolved, the MERGE source. */
export const resolvedFactTable = (star: Star, fact: Fact): TableName => ({
  kind: 'table',
  schema: star.stagingSchema,
  name: fact.name,
});

/**
 * `shop_staging.customer_dim`: a Type 1 dimension's source rows, the latest of each natural key
 * (`latestBy`), converted to the dimension's columns: the MERGE source (Redshift's MERGE reads a
 * table, not a query).
 */
export const latestDimensionTable = (star: Star, d: Dimension): TableName => ({
  kind: 'table',
  schema: star.stagingSchema,
  name: d.name,
});

/** `shop_staging.dim_customers_changes`: what a load changes in a dimension with history, before it does. */
export const changesTable = (star: Star, d: Dimension): TableName => ({
  kind: 'table',
  schema: star.stagingSchema,
  name: changesTableName(d),
});

/** Schema-qualified names of the star's tables, dimensions first: `edu.student_dim`, … */
export function warehouseTables(pipeline: Pipeline): string[] {
  return resolveStar(pipeline).tables.map((t) => `${t.table.schema}.${t.table.name}`);
}
