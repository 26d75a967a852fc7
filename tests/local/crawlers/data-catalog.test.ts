import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../local/executor/index.js';
import { LocalDataCatalog, type StorageDescriptor } from '../../../local/glue/catalog/index.js';

let dir: string;
let catalog: LocalDataCatalog;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lakeline-catalog-'));
  catalog = new LocalDataCatalog(join(dir, 'catalog'), { catalogId: '123456789012' });
  await catalog.createDatabase({ DatabaseInput: { Name: 'Sales' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sd = (location: string, columns: [string, string][] = [['id', 'bigint']]): StorageDescriptor => ({
  Columns: columns.map(([Name, Type]) => ({ Name, Type })),
  Location: location,
  Compressed: false,
  NumberOfBuckets: -1,
  SerdeInfo: { Parameters: {} },
  BucketColumns: [],
  SortColumns: [],
  Parameters: {},
  StoredAsSubDirectories: false,
});

async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(AwsServiceError);
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error('expected the call to fail');
}

describe('the local Data Catalog', () => {
  it('keeps databases and tables on disk, lowercased, readable by another instance', async () => {
    await catalog.createTable({
      DatabaseName: 'sales',
      TableInput: {
        Name: 'Orders',
        StorageDescriptor: sd('s3://b/orders/'),
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
      },
    });
    const again = new LocalDataCatalog(join(dir, 'catalog'), { catalogId: '123456789012' });
    const { Database } = await again.getDatabase({ Name: 'SALES' });
    expect(Database).toMatchObject({ Name: 'sales', CatalogId: '123456789012', Parameters: {} });
    const { Table } = await again.getTable({ DatabaseName: 'sales', Name: 'ORDERS' });
    expect(Table).toMatchObject({
      Name: 'orders',
      DatabaseName: 'sales',
      TableType: 'EXTERNAL_TABLE',
      VersionId: '0',
      PartitionKeys: [{ Name: 'day', Type: 'string' }],
      StorageDescriptor: { Location: 's3://b/orders/' },
    });
    expect((await again.getDatabases()).DatabaseList.map((d) => d.Name)).toEqual(['sales']);
  });

  it.each([
    ['getDatabase', (c: LocalDataCatalog) => c.getDatabase({ Name: 'nope' }), 'Database nope not found.'],
    ['getTables', (c: LocalDataCatalog) => c.getTables({ DatabaseName: 'nope' }), 'Database nope not found.'],
    [
      'getTable',
      (c: LocalDataCatalog) => c.getTable({ DatabaseName: 'sales', Name: 'nope' }),
      'Table nope not found.',
    ],
    [
      'getPartitions',
      (c: LocalDataCatalog) => c.getPartitions({ DatabaseName: 'sales', TableName: 'nope' }),
      'Table nope not found.',
    ],
  ])('%s of an unknown name: Glue.EntityNotFoundException', async (_call, call, message) => {
    expect(await errorOf(call(catalog))).toBe(`Glue.EntityNotFoundException: ${message}`);
  });

  it('refuses what exists already, and names that are not names', async () => {
    expect(await errorOf(catalog.createDatabase({ DatabaseInput: { Name: 'sales' } }))).toBe(
      'Glue.AlreadyExistsException: Database sales already exists.',
    );
    await catalog.createTable({
      DatabaseName: 'sales',
      TableInput: { Name: 't', StorageDescriptor: sd('s3://b/t/') },
    });
    expect(
      await errorOf(
        catalog.createTable({
          DatabaseName: 'sales',
          TableInput: { Name: 't', StorageDescriptor: sd('s3://b/t/') },
        }),
      ),
    ).toBe('Glue.AlreadyExistsException: Table t already exists in database sales.');
    expect(await errorOf(catalog.getTable({ DatabaseName: 'sales', Name: '../x' }))).toMatch(
      /^Glue\.InvalidInputException/,
    );
  });

  it('lists tables matching an Expression, page by page', async () => {
    for (const name of ['raw_a', 'raw_b', 'raw_c', 'stg_a']) {
      await catalog.createTable({
        DatabaseName: 'sales',
        TableInput: { Name: name, StorageDescriptor: sd(`s3://b/${name}/`) },
      });
    }
    const first = await catalog.getTables({ DatabaseName: 'sales', Expression: 'raw_.*', MaxResults: 2 });
    expect(first.TableList.map((t) => t.Name)).toEqual(['raw_a', 'raw_b']);
    const second = await catalog.getTables({
      DatabaseName: 'sales',
      Expression: 'raw_.*',
      NextToken: first.NextToken!,
    });
    expect(second.TableList.map((t) => t.Name)).toEqual(['raw_c']);
    expect(second.NextToken).toBeUndefined();
  });

  it('updates a table as a new version, and keeps partitions that fit its keys', async () => {
    await catalog.createTable({
      DatabaseName: 'sales',
      TableInput: {
        Name: 'o',
        StorageDescriptor: sd('s3://b/o/'),
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
      },
    });
    const { Errors } = await catalog.batchCreatePartition({
      DatabaseName: 'sales',
      TableName: 'o',
      PartitionInputList: [
        { Values: ['2'], StorageDescriptor: sd('s3://b/o/day=2/') },
        { Values: ['1'], StorageDescriptor: sd('s3://b/o/day=1/') },
        { Values: ['1', 'x'], StorageDescriptor: sd('s3://b/o/day=1/x/') },
      ],
    });
    expect(Errors.map((e) => e.ErrorDetail.ErrorCode)).toEqual(['InvalidInputException']);
    const { Partitions } = await catalog.getPartitions({ DatabaseName: 'sales', TableName: 'o' });
    expect(
      Partitions.map((p) => [p.Values, p.TableName, p.DatabaseName, p.StorageDescriptor.Location]),
    ).toEqual([
      [['1'], 'o', 'sales', 's3://b/o/day=1/'],
      [['2'], 'o', 'sales', 's3://b/o/day=2/'],
    ]);
    expect(
      (await catalog.getPartition({ DatabaseName: 'sales', TableName: 'o', PartitionValues: ['2'] }))
        .Partition.Values,
    ).toEqual(['2']);
    expect(
      await errorOf(catalog.getPartitions({ DatabaseName: 'sales', TableName: 'o', Expression: 'day > 1' })),
    ).toMatch(/^Glue\.InvalidInputException/);

    await catalog.updateTable({
      DatabaseName: 'sales',
      TableInput: {
        Name: 'o',
        StorageDescriptor: sd('s3://b/o/', [
          ['id', 'bigint'],
          ['v', 'double'],
        ]),
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
      },
    });
    const { Table } = await catalog.getTable({ DatabaseName: 'sales', Name: 'o' });
    expect(Table.VersionId).toBe('1');
    expect(Table.StorageDescriptor.Columns.map((c) => c.Name)).toEqual(['id', 'v']);

    await catalog.deleteTable({ DatabaseName: 'sales', Name: 'o' });
    expect(await errorOf(catalog.getPartitions({ DatabaseName: 'sales', TableName: 'o' }))).toBe(
      'Glue.EntityNotFoundException: Table o not found.',
    );
  });
});
