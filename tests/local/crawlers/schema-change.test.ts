import { afterEach, describe, expect, it } from 'vitest';
import type { CreateCrawlerInput } from '../../../local/glue/crawlers/index.js';
import { type CrawlWorld, columnsOf, crawlWorld, DATABASE } from './crawl-world.js';

let world: CrawlWorld;
afterEach(() => world?.dispose());

const getTable = async (name: string) =>
  (await world.catalog.getTable({ DatabaseName: DATABASE, Name: name })).Table;
const partitionsOf = async (name: string) =>
  (await world.catalog.getPartitions({ DatabaseName: DATABASE, TableName: name })).Partitions;
const tableNames = async () =>
  (await world.catalog.getTables({ DatabaseName: DATABASE })).TableList.map((t) => t.Name);
const config = (output: object) => JSON.stringify({ Version: 1.0, CrawlerOutput: output });

/** Crawls `orders/` (partitioned by day), changes the data, and crawls again. */
async function crawlTwice(extra: Partial<CreateCrawlerInput>, change: () => void): Promise<void> {
  world = crawlWorld();
  world.put('orders/day=1/a.csv', 'id,amount,channel\n1,2,web\n');
  world.put('orders/day=2/b.csv', 'id,amount,channel\n3,4,shop\n');
  await world.crawl('orders', ['orders/'], extra);
  change();
  await world.recrawl('orders');
  expect((await world.crawlers.getCrawler({ Name: 'orders' })).Crawler.LastCrawl?.Status).toBe('SUCCEEDED');
}

const newSchema = () => {
  // Every file now has a `coupon` and no `channel`, and `amount` holds decimals.
  world.put('orders/day=1/a.csv', 'id,amount,coupon\n1,2.5,X\n');
  world.put('orders/day=2/b.csv', 'id,amount,coupon\n3,4,Y\n');
  world.put('orders/day=3/c.csv', 'id,amount,coupon\n5,6,Z\n');
};

describe('SchemaChangePolicy', () => {
  it('UPDATE_IN_DATABASE replaces the definition: new version, partitions updated and added', async () => {
    await crawlTwice(
      { SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' } },
      newSchema,
    );
    const t = await getTable('orders');
    expect(columnsOf(t)).toEqual(['id:bigint', 'amount:double', 'coupon:string']);
    expect(t.VersionId).toBe('1');
    expect((await partitionsOf('orders')).map((p) => [p.Values, columnsOf(p)])).toEqual([
      [['1'], ['id:bigint', 'amount:double', 'coupon:string']],
      [['2'], ['id:bigint', 'amount:bigint', 'coupon:string']],
      [['3'], ['id:bigint', 'amount:bigint', 'coupon:string']],
    ]);
    const { CrawlerMetricsList } = await world.crawlers.getCrawlerMetrics();
    expect(CrawlerMetricsList[0]).toMatchObject({ TablesCreated: 0, TablesUpdated: 1 });
  });

  it('MergeNewColumns only adds columns, and InheritFromTable gives partitions the table columns', async () => {
    await crawlTwice(
      {
        SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' },
        Configuration: config({
          Tables: { AddOrUpdateBehavior: 'MergeNewColumns' },
          Partitions: { AddOrUpdateBehavior: 'InheritFromTable' },
        }),
      },
      newSchema,
    );
    const t = await getTable('orders');
    expect(columnsOf(t)).toEqual(['id:bigint', 'amount:bigint', 'channel:string', 'coupon:string']);
    const partitions = await partitionsOf('orders');
    expect(partitions.map((p) => p.Values)).toEqual([['1'], ['2'], ['3']]);
    for (const p of partitions) expect(columnsOf(p)).toEqual(columnsOf(t));
  });

  it('LOG leaves the table as it is but still adds new partitions', async () => {
    await crawlTwice({ SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' } }, newSchema);
    const t = await getTable('orders');
    expect(columnsOf(t)).toEqual(['id:bigint', 'amount:bigint', 'channel:string']);
    expect(t.VersionId).toBe('0');
    expect((await partitionsOf('orders')).map((p) => p.Values)).toEqual([['1'], ['2'], ['3']]);
    expect(
      world.crawlers.crawlLog('orders').some((e) => e.message.includes('not applied (UpdateBehavior LOG)')),
    ).toBe(true);
  });
});

describe('DeleteBehavior', () => {
  const removeDayTwo = () => {
    world.s3.deletePrefix('lake', 'orders/day=2/');
  };

  it('DELETE_FROM_DATABASE deletes partitions and tables whose folders are gone', async () => {
    await crawlTwice(
      {
        SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DELETE_FROM_DATABASE' },
      },
      removeDayTwo,
    );
    expect((await partitionsOf('orders')).map((p) => p.Values)).toEqual([['1']]);
    world.s3.deletePrefix('lake', 'orders/');
    await world.recrawl('orders');
    expect(await tableNames()).toEqual([]);
    expect((await world.crawlers.getCrawlerMetrics()).CrawlerMetricsList[0]?.TablesDeleted).toBe(1);
  });

  it.each([
    ['LOG', undefined],
    ['DEPRECATE_IN_DATABASE', '1'],
  ] as const)('%s keeps a table whose folder is gone', async (behavior, deprecated) => {
    await crawlTwice(
      { SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: behavior } },
      () => world.s3.deletePrefix('lake', 'orders/'),
    );
    const t = await getTable('orders');
    expect(t.Parameters.DEPRECATED_BY_CRAWLER).toBe(deprecated);
    expect((await partitionsOf('orders')).map((p) => p.Values)).toEqual([['1'], ['2']]);
  });
});

describe('RecrawlPolicy CRAWL_NEW_FOLDERS_ONLY', () => {
  it('reads only folders added since the last crawl', async () => {
    await crawlTwice(
      {
        RecrawlPolicy: { RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
        SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
      },
      () => {
        world.put('orders/day=1/late.csv', 'id,amount,channel\n9,oops,web\n');
        world.put('orders/day=3/c.csv', 'id,amount,channel\n5,6,web\n');
      },
    );
    const log = world.crawlers.crawlLog('orders').map((e) => e.message);
    expect(log.filter((m) => m.includes('day=1/late.csv'))).toEqual([]);
    expect((await partitionsOf('orders')).map((p) => [p.Values, p.Parameters.objectCount])).toEqual([
      [['1'], '1'],
      [['2'], '1'],
      [['3'], '1'],
    ]);
    expect(columnsOf(await getTable('orders'))).toEqual(['id:bigint', 'amount:bigint', 'channel:string']);
  });
});
