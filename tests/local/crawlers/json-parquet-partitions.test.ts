import { afterEach, describe, expect, it } from 'vitest';
import { DuckDb } from '../../../local/engines/index.js';
import { duckString } from '../engines/duckdb-quoting.js';
import { BUCKET, type CrawlWorld, columnsOf, crawlWorld, DATABASE } from './crawl-world.js';

let world: CrawlWorld;
afterEach(() => world?.dispose());

const table = async (name: string) =>
  (await world.catalog.getTable({ DatabaseName: DATABASE, Name: name })).Table;
const tableNames = async () =>
  (await world.catalog.getTables({ DatabaseName: DATABASE })).TableList.map((t) => t.Name);

/** Writes `select` as Snappy Parquet under `folder` of the bucket, as the jobs write processed data. */
async function writeParquet(folder: string, select: string, partitionBy?: string): Promise<void> {
  const db = await DuckDb.open({ threads: 1 });
  try {
    const partition = partitionBy === undefined ? '' : `, PARTITION_BY (${partitionBy}), OVERWRITE_OR_IGNORE`;
    const target =
      partitionBy === undefined ? world.path(`${folder}/part-0.snappy.parquet`) : world.path(folder);
    world.put(`${folder}/.keep-folder`, '');
    await db.run(
      `COPY (${select}) TO ${duckString(target)} (FORMAT parquet, COMPRESSION snappy${partition})`,
    );
  } finally {
    db.close();
  }
}

describe('JSON inference', () => {
  it('types newline-delimited JSON as Glue does: int/bigint by range, structs, arrays, no dates', async () => {
    world = crawlWorld();
    world.put(
      'events/e/part-1.json',
      [
        '{"id":1,"name":"a","score":1.5,"ok":true,"big":3000000000,"tags":["x"],"address":{"city":"Oslo","zip":123},"when":"2024-01-01","nothing":null}',
        '{"id":2,"name":null,"score":2,"ok":false,"tags":[],"address":{"city":"Rome","country":"IT"},"extra":"e","nothing":null}',
        'not json at all',
        '',
        '{"ID":3}',
      ].join('\n'),
    );
    await world.crawl('events', ['events/e/']);
    const t = await table('e');
    expect(columnsOf(t)).toEqual([
      'id:int',
      'name:string',
      'score:double',
      'ok:boolean',
      'big:bigint',
      'tags:array<string>',
      'address:struct<city:string,zip:int,country:string>',
      'when:string',
      'nothing:string',
      'extra:string',
    ]);
    expect(t.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { paths: 'id,name,score,ok,big,tags,address,when,nothing,extra' },
    });
    expect(t.Parameters).toMatchObject({ classification: 'json', recordCount: '3' });
    expect(world.crawlers.crawlLog('events').some((e) => /1 malformed records/.test(e.message))).toBe(true);
  });

  it('reads the first megabyte of a larger file: a key first seen past it is no column', async () => {
    world = crawlWorld();
    const total = 60_000;
    const lines = Array.from({ length: total }, (_, i) =>
      JSON.stringify(i < 50_000 ? { id: i, name: `n${i % 10}` } : { id: i, late: `n${i % 10}` }),
    );
    const body = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(lines.slice(0, 50_000).join('\n'))).toBeGreaterThan(1024 * 1024);
    world.put('events/big/part-1.json', body);
    await world.crawl('events', ['events/big/']);
    const t = await table('big');
    expect(columnsOf(t)).toEqual(['id:int', 'name:string']);
    const estimated = Number(t.Parameters.recordCount);
    expect(estimated).not.toBe(total);
    expect(Math.abs(estimated - total) / total).toBeLessThan(0.02);
  });
});

describe('Parquet inference and partitions', () => {
  it('takes types from the file schema and key=value folders as partitions', async () => {
    world = crawlWorld();
    await writeParquet(
      'processed/sales',
      `SELECT i::INTEGER AS id, (i * 1.5)::DOUBLE AS amount, (i * 10)::BIGINT AS qty, (i + 0.25)::DECIMAL(10,2) AS price,
              DATE '2024-01-01' + i::INTEGER AS sold, TIMESTAMP '2024-01-01 10:00:00' AS at, i % 2 = 0 AS ok,
              'n' || i AS name, ['a', 'b'] AS tags, {'w': 1.5::FLOAT, 'h': 2.5::FLOAT} AS dims,
              CASE WHEN i < 4 THEN 'eu' ELSE 'us' END AS region, 2023 + i % 2 AS year
       FROM range(8) t(i)`,
      'region, year',
    );
    await world.crawl('sales', ['processed/sales/']);
    const t = await table('sales');
    expect(columnsOf(t)).toEqual([
      'id:int',
      'amount:double',
      'qty:bigint',
      'price:decimal(10,2)',
      'sold:date',
      'at:timestamp',
      'ok:boolean',
      'name:string',
      'tags:array<string>',
      'dims:struct<w:float,h:float>',
    ]);
    expect(t.PartitionKeys).toEqual([
      { Name: 'region', Type: 'string' },
      { Name: 'year', Type: 'string' },
    ]);
    expect(t.StorageDescriptor).toMatchObject({
      Location: `s3://${BUCKET}/processed/sales/`,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        Parameters: { 'serialization.format': '1' },
      },
    });
    expect(t.Parameters).toMatchObject({ classification: 'parquet', recordCount: '8', objectCount: '4' });

    const { Partitions } = await world.catalog.getPartitions({ DatabaseName: DATABASE, TableName: 'sales' });
    expect(Partitions.map((p) => [p.Values, p.StorageDescriptor.Location, p.Parameters.recordCount])).toEqual(
      [
        [['eu', '2023'], `s3://${BUCKET}/processed/sales/region=eu/year=2023/`, '2'],
        [['eu', '2024'], `s3://${BUCKET}/processed/sales/region=eu/year=2024/`, '2'],
        [['us', '2023'], `s3://${BUCKET}/processed/sales/region=us/year=2023/`, '2'],
        [['us', '2024'], `s3://${BUCKET}/processed/sales/region=us/year=2024/`, '2'],
      ],
    );
    // Without InheritFromTable a partition describes its own files, which here agree with the table.
    expect(Partitions.every((p) => p.StorageDescriptor.Columns.length === 10)).toBe(true);

    const eu = await world.catalog.getPartitions({
      DatabaseName: DATABASE,
      TableName: 'sales',
      Expression: "region = 'eu'",
    });
    expect(eu.Partitions.map((p) => p.Values)).toEqual([
      ['eu', '2023'],
      ['eu', '2024'],
    ]);
  });

  it('names partitions of plain folders partition_0, partition_1, …', async () => {
    world = crawlWorld();
    world.put('logs/2024/01/a.json', '{"level":"info","n":1}\n');
    world.put('logs/2024/02/b.json', '{"level":"warn","n":2}\n');
    await world.crawl('logs', ['logs/']);
    const t = await table('logs');
    expect(t.PartitionKeys.map((k) => k.Name)).toEqual(['partition_0', 'partition_1']);
    const { Partitions } = await world.catalog.getPartitions({ DatabaseName: DATABASE, TableName: 'logs' });
    expect(Partitions.map((p) => p.Values)).toEqual([
      ['2024', '01'],
      ['2024', '02'],
    ]);
  });

  it('with a table level, each folder at that level is a table; without one, siblings are partitions', async () => {
    world = crawlWorld();
    world.put('zone/sales/a.csv', 'id,v\n1,2\n');
    world.put('zone/clicks/b.csv', 'id,v\n3,4\n');
    const levelTwo = JSON.stringify({ Version: 1.0, Grouping: { TableLevelConfiguration: 2 } });
    await world.crawl('by-level', ['zone/'], { Configuration: levelTwo, TablePrefix: 'raw_' });
    expect(await tableNames()).toEqual(['raw_clicks', 'raw_sales']);
    expect((await table('raw_sales')).StorageDescriptor.Location).toBe(`s3://${BUCKET}/zone/sales/`);

    await world.crawl('by-folder', ['zone/'], { DatabaseName: 'other_db' });
    const { TableList } = await world.catalog.getTables({ DatabaseName: 'other_db' });
    expect(TableList.map((t) => [t.Name, t.PartitionKeys.map((k) => k.Name)])).toEqual([
      ['zone', ['partition_0']],
    ]);
  });

  it('splits a folder whose files have different formats into a table per sub-folder', async () => {
    world = crawlWorld();
    world.put('mixed/a/x.csv', 'id,v\n1,2\n');
    world.put('mixed/b/y.json', '{"id":1}\n');
    await world.crawl('mixed', ['mixed/']);
    expect(await tableNames()).toEqual(['a', 'b']);
    expect((await table('a')).Parameters.classification).toBe('csv');
    expect((await table('b')).Parameters.classification).toBe('json');
  });

  it('crawls no hidden files and honours Exclusions and SampleSize', async () => {
    world = crawlWorld();
    world.put('t/x/_SUCCESS', '');
    world.put('t/x/.part-0.crc', 'binary');
    world.put('t/x/_temporary/0/part.csv', 'id,v\nx,y\n');
    world.put('t/x/keep.csv', 'id,v\n1,2\n');
    world.put('t/x/skip.tmp', 'id,v\nq,r\n');
    world.put('t/x/more/one.csv', 'id,v\n3,4\n');
    world.put('t/x/more/two.csv', 'id,v\n5,6\n');
    await world.crawlers.createCrawler({
      Name: 'filtered',
      Role: 'arn:aws:iam::000000000000:role/test-glue',
      DatabaseName: DATABASE,
      Targets: { S3Targets: [{ Path: `s3://${BUCKET}/t/x/`, Exclusions: ['*.tmp'], SampleSize: 1 }] },
    });
    await world.recrawl('filtered');
    const t = await table('x');
    expect(columnsOf(t)).toEqual(['id:bigint', 'v:bigint']);
    expect(t.Parameters.objectCount).toBe('2');
  });
});
