/**
 * Writes a crawl's tables to the catalog under the crawler's policies:
 *
 * - a new table is created with its partitions whatever the SchemaChangePolicy;
 * - UpdateBehavior UPDATE_IN_DATABASE replaces an existing table's definition, or with the
 *   `MergeNewColumns` output option only adds new columns; LOG leaves the table as it is and only
 *   adds new partitions (logging the change it did not apply);
 * - partitions take their table's columns with `InheritFromTable`, else their own;
 * - DeleteBehavior decides what happens to this crawler's tables and partitions whose folders no
 *   longer hold any object: LOG keeps them, DELETE_FROM_DATABASE deletes them,
 *   DEPRECATE_IN_DATABASE marks a table with the DEPRECATED_BY_CRAWLER parameter.
 */
import { createHash } from 'node:crypto';
import type { Column, PartitionInput, Table, TableInput } from '../catalog/catalog-types.js';
import { isGlueError } from '../catalog/glue-error.js';
import type { LocalDataCatalog } from '../catalog/local-data-catalog.js';
import type { CrawlerOptions } from './crawler-configuration.js';
import type { FileFormat } from './crawler-file-schema.js';
import type { PartitionPlan, TablePlan } from './crawler-plan.js';
import { crawlParameters, storageDescriptor, toColumns } from './crawler-storage.js';
import type { DeleteBehavior, UpdateBehavior } from './crawler-types.js';

export interface ApplyContext {
  readonly catalog: LocalDataCatalog;
  readonly crawler: string;
  readonly database: string;
  /** Who Glue records as the tables' creator: the crawler's role, assumed. */
  readonly createdBy: string;
  readonly update: UpdateBehavior;
  readonly delete: DeleteBehavior;
  readonly options: CrawlerOptions;
  /** CRAWL_NEW_FOLDERS_ONLY: only new partitions are written and nothing is deleted. */
  readonly newFoldersOnly: boolean;
  /** The targets' folders (`s3://bucket/prefix/`): deletions stay within them. */
  readonly targetFolders: readonly string[];
  /** Every folder that still holds an object, readable or not. */
  readonly occupied: ReadonlySet<string>;
  readonly log: (message: string) => void;
  readonly signal: AbortSignal;
}

export interface ApplyResult {
  tablesCreated: number;
  tablesUpdated: number;
  tablesDeleted: number;
  partitionsCreated: number;
  partitionsUpdated: number;
  partitionsDeleted: number;
}

/** JSON with sorted keys, so two definitions compare by content. */
const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

async function getTable(
  catalog: LocalDataCatalog,
  database: string,
  name: string,
): Promise<Table | undefined> {
  try {
    return (await catalog.getTable({ DatabaseName: database, Name: name })).Table;
  } catch (error) {
    if (isGlueError(error, 'EntityNotFoundException')) return undefined;
    throw error;
  }
}

function tableInput(
  plan: TablePlan,
  columns: readonly Column[],
  partitionKeys: readonly string[],
  crawler: string,
): TableInput {
  const parameters = crawlParameters(plan.format, columns, plan.stats, crawler);
  return {
    Name: plan.name,
    Owner: 'owner',
    Retention: 0,
    StorageDescriptor: storageDescriptor(plan.format, columns, plan.location, parameters),
    PartitionKeys: partitionKeys.map((k) => ({ Name: k, Type: 'string' })),
    TableType: 'EXTERNAL_TABLE',
    Parameters: parameters,
  };
}

function partitionInput(
  partition: PartitionPlan,
  table: { readonly columns: readonly Column[]; readonly format: FileFormat },
  ctx: ApplyContext,
): PartitionInput {
  const inherit = ctx.options.partitionsInheritFromTable;
  const columns = inherit ? table.columns : toColumns(partition.columns);
  const format = inherit ? table.format : partition.format;
  const parameters = crawlParameters(format, columns, partition.stats, ctx.crawler);
  return {
    Values: partition.values,
    StorageDescriptor: storageDescriptor(format, columns, partition.location, parameters),
    Parameters: parameters,
  };
}

/** The format a table already in the catalog was written with, read back from its definition. */
function formatOfTable(table: Table, fallback: FileFormat): FileFormat {
  const p = table.Parameters;
  if (p.classification === 'csv' && fallback.kind === 'csv') {
    const openCsv = table.StorageDescriptor.SerdeInfo.SerializationLibrary?.endsWith('OpenCSVSerde') === true;
    return {
      kind: 'csv',
      delimiter: p.delimiter ?? fallback.delimiter,
      quote: table.StorageDescriptor.SerdeInfo.Parameters.quoteChar ?? fallback.quote,
      header: p['skip.header.line.count'] === '1',
      serde: openCsv ? 'OpenCSVSerDe' : 'LazySimpleSerDe',
    };
  }
  return fallback;
}

async function writePartitions(
  plan: TablePlan,
  table: {
    readonly name: string;
    readonly columns: readonly Column[];
    readonly format: FileFormat;
    readonly keys: number;
  },
  ctx: ApplyContext,
  result: ApplyResult,
  mayUpdate: boolean,
): Promise<void> {
  const { catalog, database } = ctx;
  const existing = (
    await catalog.getPartitions({ DatabaseName: database, TableName: table.name, MaxResults: 1e9 })
  ).Partitions;
  const known = new Map(existing.map((p) => [JSON.stringify(p.Values), p]));
  const create: PartitionInput[] = [];
  for (const partition of plan.partitions) {
    if (partition.values.length !== table.keys) {
      ctx.log(
        `Partition ${partition.location} does not fit the ${table.keys} partition keys of ${table.name}; skipped`,
      );
      continue;
    }
    const input = partitionInput(partition, table, ctx);
    const current = known.get(JSON.stringify(partition.values));
    if (current === undefined) create.push(input);
    else if (
      mayUpdate &&
      stable([current.StorageDescriptor, current.Parameters]) !==
        stable([input.StorageDescriptor, input.Parameters])
    ) {
      ctx.signal.throwIfAborted();
      await catalog.updatePartition({
        DatabaseName: database,
        TableName: table.name,
        PartitionValueList: partition.values,
        PartitionInput: input,
      });
      result.partitionsUpdated++;
    }
  }
  if (create.length > 0) {
    ctx.signal.throwIfAborted();
    const { Errors } = await catalog.batchCreatePartition({
      DatabaseName: database,
      TableName: table.name,
      PartitionInputList: create,
    });
    for (const e of Errors)
      ctx.log(`Partition ${JSON.stringify(e.PartitionValues)}: ${e.ErrorDetail.ErrorMessage}`);
    result.partitionsCreated += create.length - Errors.length;
    ctx.log(
      `Created ${create.length - Errors.length} partitions for table ${table.name} in database ${database}`,
    );
  }
  if (ctx.newFoldersOnly) return;
  const planned = new Set(plan.partitions.map((p) => JSON.stringify(p.values)));
  const gone = existing.filter(
    (p) => !planned.has(JSON.stringify(p.Values)) && !ctx.occupied.has(p.StorageDescriptor.Location),
  );
  if (gone.length === 0) return;
  if (ctx.delete === 'DELETE_FROM_DATABASE') {
    ctx.signal.throwIfAborted();
    await catalog.batchDeletePartition({
      DatabaseName: database,
      TableName: table.name,
      PartitionsToDelete: gone.map((p) => ({ Values: p.Values })),
    });
    result.partitionsDeleted += gone.length;
    ctx.log(`Deleted ${gone.length} partitions of table ${table.name} whose folders are gone`);
  } else {
    ctx.log(
      `${gone.length} partitions of table ${table.name} have no objects left; kept (DeleteBehavior ${ctx.delete})`,
    );
  }
}

async function applyTable(planned: TablePlan, ctx: ApplyContext, result: ApplyResult): Promise<void> {
  const { catalog, database } = ctx;
  let plan = planned;
  let existing = await getTable(catalog, database, plan.name);
  if (existing !== undefined && existing.StorageDescriptor.Location !== plan.location) {
    // Another folder already owns the name: this table gets a suffix from its location, as on Glue.
    plan = {
      ...plan,
      name: `${plan.name}_${createHash('sha256').update(plan.location).digest('hex').slice(0, 8)}`,
    };
    existing = await getTable(catalog, database, plan.name);
  }
  const planColumns = toColumns(plan.columns);
  ctx.signal.throwIfAborted();
  if (existing === undefined) {
    await catalog.createTable(
      { DatabaseName: database, TableInput: tableInput(plan, planColumns, plan.partitionKeys, ctx.crawler) },
      { createdBy: ctx.createdBy },
    );
    result.tablesCreated++;
    ctx.log(`Created table ${plan.name} in database ${database}`);
    const table = {
      name: plan.name,
      columns: planColumns,
      format: plan.format,
      keys: plan.partitionKeys.length,
    };
    await writePartitions(plan, table, ctx, result, true);
    return;
  }

  const keep = ctx.update === 'LOG' || ctx.newFoldersOnly;
  const existingKeys = existing.PartitionKeys.map((k) => k.Name);
  if (keep) {
    const wanted = tableInput(plan, planColumns, plan.partitionKeys, ctx.crawler);
    if (
      stable([wanted.StorageDescriptor.Columns, wanted.PartitionKeys]) !==
      stable([existing.StorageDescriptor.Columns, existing.PartitionKeys])
    ) {
      ctx.log(`The schema of table ${plan.name} changed; the change is not applied (UpdateBehavior LOG)`);
    }
    const table = {
      name: plan.name,
      columns: existing.StorageDescriptor.Columns,
      format: formatOfTable(existing, plan.format),
      keys: existingKeys.length,
    };
    await writePartitions(plan, table, ctx, result, false);
    return;
  }

  const columns = ctx.options.mergeNewColumns
    ? [
        ...existing.StorageDescriptor.Columns,
        ...planColumns.filter((c) => !existing.StorageDescriptor.Columns.some((e) => e.Name === c.Name)),
      ]
    : planColumns;
  const keysChanged = stable(existingKeys) !== stable(plan.partitionKeys);
  const input = tableInput(plan, columns, plan.partitionKeys, ctx.crawler);
  const current: TableInput = {
    Name: existing.Name,
    Owner: existing.Owner,
    Retention: existing.Retention,
    StorageDescriptor: existing.StorageDescriptor,
    PartitionKeys: existing.PartitionKeys,
    TableType: existing.TableType,
    Parameters: existing.Parameters,
  };
  if (stable(current) !== stable(input)) {
    ctx.signal.throwIfAborted();
    await catalog.updateTable({ DatabaseName: database, TableInput: input });
    result.tablesUpdated++;
    ctx.log(`Updated table ${plan.name} in database ${database}`);
  }
  if (keysChanged) {
    const old = (
      await catalog.getPartitions({ DatabaseName: database, TableName: plan.name, MaxResults: 1e9 })
    ).Partitions;
    if (old.length > 0) {
      await catalog.batchDeletePartition({
        DatabaseName: database,
        TableName: plan.name,
        PartitionsToDelete: old.map((p) => ({ Values: p.Values })),
      });
      result.partitionsDeleted += old.length;
      ctx.log(
        `The partition keys of table ${plan.name} changed; its ${old.length} old partitions were removed`,
      );
    }
  }
  const table = { name: plan.name, columns, format: plan.format, keys: plan.partitionKeys.length };
  await writePartitions(plan, table, ctx, result, true);
}

async function ensureDatabase(ctx: ApplyContext): Promise<void> {
  try {
    await ctx.catalog.getDatabase({ Name: ctx.database });
  } catch (error) {
    if (!isGlueError(error, 'EntityNotFoundException')) throw error;
    try {
      await ctx.catalog.createDatabase({ DatabaseInput: { Name: ctx.database } });
      ctx.log(`Created database ${ctx.database}`);
    } catch (raced) {
      if (!isGlueError(raced, 'AlreadyExistsException')) throw raced;
    }
  }
}

/** Tables this crawler wrote under its targets whose folders hold no object any more. */
async function applyDeletions(
  plans: readonly TablePlan[],
  ctx: ApplyContext,
  result: ApplyResult,
): Promise<void> {
  const planned = new Set(plans.map((p) => p.location));
  let token: string | undefined;
  const orphans: Table[] = [];
  do {
    const page = await ctx.catalog.getTables({
      DatabaseName: ctx.database,
      ...(token === undefined ? {} : { NextToken: token }),
    });
    for (const t of page.TableList) {
      const location = t.StorageDescriptor.Location;
      if (
        t.Parameters.UPDATED_BY_CRAWLER === ctx.crawler &&
        !planned.has(location) &&
        !ctx.occupied.has(location) &&
        ctx.targetFolders.some((f) => location.startsWith(f) || f.startsWith(location))
      ) {
        orphans.push(t);
      }
    }
    token = page.NextToken;
  } while (token !== undefined);
  for (const t of orphans) {
    ctx.signal.throwIfAborted();
    if (ctx.delete === 'DELETE_FROM_DATABASE') {
      await ctx.catalog.deleteTable({ DatabaseName: ctx.database, Name: t.Name });
      result.tablesDeleted++;
      ctx.log(`Deleted table ${t.Name}: no objects left at ${t.StorageDescriptor.Location}`);
    } else if (ctx.delete === 'DEPRECATE_IN_DATABASE') {
      const count = Number(t.Parameters.DEPRECATED_BY_CRAWLER ?? '0') + 1;
      await ctx.catalog.updateTable({
        DatabaseName: ctx.database,
        TableInput: {
          Name: t.Name,
          Owner: t.Owner,
          Retention: t.Retention,
          StorageDescriptor: t.StorageDescriptor,
          PartitionKeys: t.PartitionKeys,
          TableType: t.TableType,
          Parameters: { ...t.Parameters, DEPRECATED_BY_CRAWLER: String(count) },
        },
      });
      ctx.log(`Deprecated table ${t.Name}: no objects left at ${t.StorageDescriptor.Location}`);
    } else {
      ctx.log(
        `Table ${t.Name} has no objects left at ${t.StorageDescriptor.Location}; kept (DeleteBehavior LOG)`,
      );
    }
  }
}

export async function applyPlans(plans: readonly TablePlan[], ctx: ApplyContext): Promise<ApplyResult> {
  const result: ApplyResult = {
    tablesCreated: 0,
    tablesUpdated: 0,
    tablesDeleted: 0,
    partitionsCreated: 0,
    partitionsUpdated: 0,
    partitionsDeleted: 0,
  };
  await ensureDatabase(ctx);
  for (const plan of plans) await applyTable(plan, ctx, result);
  if (!ctx.newFoldersOnly) await applyDeletions(plans, ctx, result);
  return result;
}
