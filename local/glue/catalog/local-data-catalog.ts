/**
 * The Glue Data Catalog on disk, answering in the Glue API's shapes:
 *
 *   <root>/<database>/database.json            the Database
 *   <root>/<database>/tables/<table>.json      the Table
 *   <root>/<database>/partitions/<table>.json  its Partitions, sorted by values
 *
 * Names are lowercased as Glue stores them, so lookups are case-insensitive. Every write replaces
 * a whole file through a rename, so a reader never sees half a table; writes of one catalog object
 * are serialized, so two crawlers writing the same database do not lose each other's tables.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Database,
  DatabaseInput,
  Paged,
  Partition,
  PartitionError,
  PartitionInput,
  Table,
  TableInput,
} from './catalog-types.js';
import { glueError } from './glue-error.js';
import { partitionFilter } from './partition-expression.js';

export interface LocalDataCatalogOptions {
  /** The account whose catalog this is; Glue reports it as CatalogId. */
  readonly catalogId?: string;
  readonly now?: () => Date;
}

type Empty = Record<string, never>;

const DEFAULT_PAGE = 100;

/** Glue's names: 1–255 characters on one line; here also a safe file name. */
function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
    throw glueError(
      'InvalidInputException',
      `${kind} name must be 1 to 255 characters, not ${JSON.stringify(name)}`,
    );
  }
  if (/[\r\n\0/\\]/.test(name) || name === '.' || name === '..') {
    throw glueError('InvalidInputException', `${kind} name ${JSON.stringify(name)} is not a valid name`);
  }
  return name.toLowerCase();
}

function page<T>(items: readonly T[], input: Paged): { items: T[]; NextToken?: string } {
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw glueError('InvalidInputException', `invalid NextToken ${JSON.stringify(input.NextToken)}`);
  }
  const size = input.MaxResults ?? DEFAULT_PAGE;
  const end = Math.min(items.length, start + size);
  return end < items.length
    ? { items: items.slice(start, end), NextToken: String(end) }
    : { items: items.slice(start) };
}

const byValues = (a: Partition, b: Partition): number => {
  const x = JSON.stringify(a.Values);
  const y = JSON.stringify(b.Values);
  return x < y ? -1 : x > y ? 1 : 0;
};

const sameValues = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export class LocalDataCatalog {
  readonly catalogId: string;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly root: string,
    options: LocalDataCatalogOptions = {},
  ) {
    this.catalogId = options.catalogId ?? '000000000000';
    this.now = options.now ?? (() => new Date());
  }

  // ── databases ────────────────────────────────────────────────────────────────────────────────

  async createDatabase(input: { readonly DatabaseInput: DatabaseInput }): Promise<Empty> {
    const name = checkName('Database', input.DatabaseInput?.Name);
    return this.exclusive(async () => {
      if ((await this.readJson(this.databaseFile(name))) !== undefined) {
        throw glueError('AlreadyExistsException', `Database ${name} already exists.`);
      }
      const { Description, LocationUri, Parameters } = input.DatabaseInput;
      const database: Database = {
        Name: name,
        ...(Description === undefined ? {} : { Description }),
        ...(LocationUri === undefined ? {} : { LocationUri }),
        Parameters: Parameters ?? {},
        CreateTime: this.timestamp(),
        CreateTableDefaultPermissions: [
          { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
        ],
        CatalogId: this.catalogId,
      };
      await this.writeJson(this.databaseFile(name), database);
      return {};
    });
  }

  async getDatabase(input: { readonly Name: string }): Promise<{ Database: Database }> {
    return { Database: await this.database(checkName('Database', input.Name)) };
  }

  async getDatabases(input: Paged = {}): Promise<{ DatabaseList: Database[]; NextToken?: string }> {
    const names = (await this.list(this.root, 'directories')).sort();
    const databases: Database[] = [];
    for (const name of names) {
      const database = await this.readJson<Database>(this.databaseFile(name));
      if (database !== undefined) databases.push(database);
    }
    const { items, NextToken } = page(databases, input);
    return NextToken === undefined ? { DatabaseList: items } : { DatabaseList: items, NextToken };
  }

  async deleteDatabase(input: { readonly Name: string }): Promise<Empty> {
    const name = checkName('Database', input.Name);
    return this.exclusive(async () => {
      await this.database(name);
      await rm(join(this.root, name), { recursive: true, force: true });
      return {};
    });
  }

  // ── tables ───────────────────────────────────────────────────────────────────────────────────

  /** `createdBy` is the caller's identity, which Glue records as CreatedBy. */
  async createTable(
    input: { readonly DatabaseName: string; readonly TableInput: TableInput },
    options: { readonly createdBy?: string } = {},
  ): Promise<Empty> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableInput?.Name);
    return this.exclusive(async () => {
      await this.database(db);
      if ((await this.readJson(this.tableFile(db, name))) !== undefined) {
        throw glueError('AlreadyExistsException', `Table ${name} already exists in database ${db}.`);
      }
      const now = this.timestamp();
      await this.writeJson(
        this.tableFile(db, name),
        this.tableFrom(db, input.TableInput, {
          CreateTime: now,
          CreatedBy: options.createdBy ?? `arn:aws:iam::${this.catalogId}:root`,
          VersionId: '0',
        }),
      );
      await rm(this.partitionsFile(db, name), { force: true });
      return {};
    });
  }

  async getTable(input: { readonly DatabaseName: string; readonly Name: string }): Promise<{ Table: Table }> {
    const db = checkName('Database', input.DatabaseName);
    return { Table: await this.table(db, checkName('Table', input.Name)) };
  }

  /** `Expression` is a regular expression the whole table name must match, as in Glue. */
  async getTables(
    input: { readonly DatabaseName: string; readonly Expression?: string } & Paged,
  ): Promise<{ TableList: Table[]; NextToken?: string }> {
    const db = checkName('Database', input.DatabaseName);
    await this.database(db);
    let pattern: RegExp | undefined;
    if (input.Expression !== undefined) {
      try {
        pattern = new RegExp(`^(?:${input.Expression})$`);
      } catch (error) {
        throw glueError('InvalidInputException', `Expression is not a valid pattern: ${input.Expression}`, {
          cause: error,
        });
      }
    }
    const names = (await this.list(join(this.root, db, 'tables'), 'files'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter((n) => pattern === undefined || pattern.test(n))
      .sort();
    const tables: Table[] = [];
    for (const name of names) {
      const table = await this.readJson<Table>(this.tableFile(db, name));
      if (table !== undefined) tables.push(table);
    }
    const { items, NextToken } = page(tables, input);
    return NextToken === undefined ? { TableList: items } : { TableList: items, NextToken };
  }

  /** Replaces the table's definition, as Glue's UpdateTable does, and makes a new version. */
  async updateTable(input: {
    readonly DatabaseName: string;
    readonly TableInput: TableInput;
  }): Promise<Empty> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableInput?.Name);
    return this.exclusive(async () => {
      const current = await this.table(db, name);
      await this.writeJson(
        this.tableFile(db, name),
        this.tableFrom(db, input.TableInput, {
          CreateTime: current.CreateTime,
          CreatedBy: current.CreatedBy,
          VersionId: String(Number(current.VersionId) + 1),
        }),
      );
      return {};
    });
  }

  async deleteTable(input: { readonly DatabaseName: string; readonly Name: string }): Promise<Empty> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.Name);
    return this.exclusive(async () => {
      await this.table(db, name);
      await rm(this.tableFile(db, name), { force: true });
      await rm(this.partitionsFile(db, name), { force: true });
      return {};
    });
  }

  // ── partitions ───────────────────────────────────────────────────────────────────────────────

  async batchCreatePartition(input: {
    readonly DatabaseName: string;
    readonly TableName: string;
    readonly PartitionInputList: readonly PartitionInput[];
  }): Promise<{ Errors: PartitionError[] }> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableName);
    return this.exclusive(async () => {
      const table = await this.table(db, name);
      const partitions = await this.partitions(db, name);
      const errors: PartitionError[] = [];
      const now = this.timestamp();
      for (const p of input.PartitionInputList) {
        const error = (code: string, message: string) =>
          errors.push({ PartitionValues: p.Values, ErrorDetail: { ErrorCode: code, ErrorMessage: message } });
        if (p.Values.length !== table.PartitionKeys.length) {
          error(
            'InvalidInputException',
            `${p.Values.length} values for the ${table.PartitionKeys.length} partition keys of ${name}`,
          );
        } else if (partitions.some((q) => sameValues(q.Values, p.Values))) {
          error('AlreadyExistsException', 'Partition already exists.');
        } else {
          partitions.push(this.partitionFrom(db, name, p, now));
        }
      }
      await this.writeJson(this.partitionsFile(db, name), partitions.sort(byValues));
      return { Errors: errors };
    });
  }

  async getPartition(input: {
    readonly DatabaseName: string;
    readonly TableName: string;
    readonly PartitionValues: readonly string[];
  }): Promise<{ Partition: Partition }> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableName);
    await this.table(db, name);
    const found = (await this.partitions(db, name)).find((p) => sameValues(p.Values, input.PartitionValues));
    if (found === undefined) throw glueError('EntityNotFoundException', 'Cannot find partition.');
    return { Partition: found };
  }

  /** `Expression` supports `key = 'value'` conditions joined by AND (see partition-expression.ts). */
  async getPartitions(
    input: {
      readonly DatabaseName: string;
      readonly TableName: string;
      readonly Expression?: string;
    } & Paged,
  ): Promise<{ Partitions: Partition[]; NextToken?: string }> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableName);
    const table = await this.table(db, name);
    const keep = partitionFilter(input.Expression, table.PartitionKeys);
    const { items, NextToken } = page((await this.partitions(db, name)).filter(keep), input);
    return NextToken === undefined ? { Partitions: items } : { Partitions: items, NextToken };
  }

  async updatePartition(input: {
    readonly DatabaseName: string;
    readonly TableName: string;
    readonly PartitionValueList: readonly string[];
    readonly PartitionInput: PartitionInput;
  }): Promise<Empty> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableName);
    return this.exclusive(async () => {
      await this.table(db, name);
      const partitions = await this.partitions(db, name);
      const index = partitions.findIndex((p) => sameValues(p.Values, input.PartitionValueList));
      if (index < 0) throw glueError('EntityNotFoundException', 'Cannot find partition.');
      const current = partitions[index]!;
      partitions[index] = this.partitionFrom(db, name, input.PartitionInput, current.CreationTime);
      await this.writeJson(this.partitionsFile(db, name), partitions.sort(byValues));
      return {};
    });
  }

  async batchDeletePartition(input: {
    readonly DatabaseName: string;
    readonly TableName: string;
    readonly PartitionsToDelete: readonly { readonly Values: readonly string[] }[];
  }): Promise<{ Errors: PartitionError[] }> {
    const db = checkName('Database', input.DatabaseName);
    const name = checkName('Table', input.TableName);
    return this.exclusive(async () => {
      await this.table(db, name);
      let partitions = await this.partitions(db, name);
      const errors: PartitionError[] = [];
      for (const { Values } of input.PartitionsToDelete) {
        const before = partitions.length;
        partitions = partitions.filter((p) => !sameValues(p.Values, Values));
        if (partitions.length === before) {
          errors.push({
            PartitionValues: Values,
            ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Cannot find partition.' },
          });
        }
      }
      await this.writeJson(this.partitionsFile(db, name), partitions);
      return { Errors: errors };
    });
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private timestamp(): string {
    return this.now().toISOString();
  }

  private tableFrom(
    db: string,
    input: TableInput,
    kept: { readonly CreateTime: string; readonly CreatedBy: string; readonly VersionId: string },
  ): Table {
    if (input.StorageDescriptor === undefined) {
      throw glueError('InvalidInputException', `Table ${input.Name} needs a StorageDescriptor`);
    }
    return {
      Name: input.Name.toLowerCase(),
      DatabaseName: db,
      ...(input.Description === undefined ? {} : { Description: input.Description }),
      Owner: input.Owner ?? 'owner',
      CreateTime: kept.CreateTime,
      UpdateTime: this.timestamp(),
      LastAccessTime: kept.CreateTime,
      Retention: input.Retention ?? 0,
      StorageDescriptor: input.StorageDescriptor,
      PartitionKeys: input.PartitionKeys ?? [],
      TableType: input.TableType ?? 'EXTERNAL_TABLE',
      Parameters: input.Parameters ?? {},
      CreatedBy: kept.CreatedBy,
      IsRegisteredWithLakeFormation: false,
      CatalogId: this.catalogId,
      VersionId: kept.VersionId,
    };
  }

  private partitionFrom(db: string, table: string, input: PartitionInput, created: string): Partition {
    return {
      Values: input.Values,
      DatabaseName: db,
      TableName: table,
      CreationTime: created,
      LastAccessTime: created,
      StorageDescriptor: input.StorageDescriptor,
      Parameters: input.Parameters ?? {},
      CatalogId: this.catalogId,
    };
  }

  private async database(name: string): Promise<Database> {
    const database = await this.readJson<Database>(this.databaseFile(name));
    if (database === undefined) throw glueError('EntityNotFoundException', `Database ${name} not found.`);
    return database;
  }

  private async table(db: string, name: string): Promise<Table> {
    await this.database(db);
    const table = await this.readJson<Table>(this.tableFile(db, name));
    if (table === undefined) throw glueError('EntityNotFoundException', `Table ${name} not found.`);
    return table;
  }

  private async partitions(db: string, table: string): Promise<Partition[]> {
    return (await this.readJson<Partition[]>(this.partitionsFile(db, table))) ?? [];
  }

  private databaseFile(db: string): string {
    return join(this.root, db, 'database.json');
  }

  private tableFile(db: string, table: string): string {
    return join(this.root, db, 'tables', `${table}.json`);
  }

  private partitionsFile(db: string, table: string): string {
    return join(this.root, db, 'partitions', `${table}.json`);
  }

  private async readJson<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async writeJson(file: string, value: unknown): Promise<void> {
    await mkdir(join(file, '..'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temporary, file);
  }

  private async list(dir: string, kind: 'files' | 'directories'): Promise<string[]> {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries.filter((e) => (kind === 'files' ? e.isFile() : e.isDirectory())).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Runs writes one at a time; a failed write does not block the ones after it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
