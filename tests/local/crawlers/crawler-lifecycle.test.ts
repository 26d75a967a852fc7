import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../local/executor/index.js';
import { BUCKET, type CrawlWorld, columnsOf, crawlerInput, crawlWorld, DATABASE } from './crawl-world.js';

let world: CrawlWorld;
afterEach(() => world?.dispose());

/** The rejection of a call, to compare its AWS error name and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(AwsServiceError);
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

const lastCrawl = async (name: string) => (await world.crawlers.getCrawler({ Name: name })).Crawler.LastCrawl;

describe('crawler state', () => {
  it('goes READY → RUNNING → STOPPING → READY, with LastCrawl SUCCEEDED only at the end', async () => {
    world = crawlWorld();
    world.put('raw/a/a.csv', 'id,v\n1,2\n');
    world.put('raw/b/b.csv', 'id,w\n1,x\n');
    await world.crawlers.createCrawler(crawlerInput('c', ['raw/a/', 'raw/b/']));

    const before = (await world.crawlers.getCrawler({ Name: 'c' })).Crawler;
    expect(before).toMatchObject({ Name: 'c', State: 'READY', DatabaseName: DATABASE, CrawlElapsedTime: 0 });
    expect(before.LastCrawl).toBeUndefined();
    expect(before.Targets.S3Targets).toEqual([
      { Path: `s3://${BUCKET}/raw/a/`, Exclusions: [] },
      { Path: `s3://${BUCKET}/raw/b/`, Exclusions: [] },
    ]);

    expect(await world.crawlers.startCrawler({ Name: 'c' })).toEqual({});
    // GetCrawlers answers without waiting: the crawl has not done any I/O yet.
    expect((await world.crawlers.getCrawlers()).Crawlers.map((c) => c.State)).toEqual(['RUNNING']);
    const polled: string[] = [];
    for (let polls = 0; polls < 1000; polls++) {
      const { Crawler } = await world.crawlers.getCrawler({ Name: 'c' });
      polled.push(Crawler.State);
      if (Crawler.State === 'READY') break;
      expect(Crawler.LastCrawl).toBeUndefined();
    }
    expect(polled.at(-1)).toBe('READY');
    expect(world.changes.map((c) => c.state)).toEqual(['RUNNING', 'STOPPING', 'READY']);

    const crawl = await lastCrawl('c');
    expect(crawl).toMatchObject({ Status: 'SUCCEEDED', LogGroup: '/aws-glue/crawlers', LogStream: 'c' });
    expect(crawl?.ErrorMessage).toBeUndefined();
    expect(Number.isNaN(Date.parse(crawl!.StartTime))).toBe(false);
    expect(world.crawlers.crawlLog('c')[0]?.message).toBe(
      `[${crawl!.MessagePrefix}] BENCHMARK : Running Start Crawl for Crawler c`,
    );
    const { CrawlerMetricsList } = await world.crawlers.getCrawlerMetrics({ CrawlerNameList: ['c'] });
    expect(CrawlerMetricsList).toMatchObject([
      { CrawlerName: 'c', TablesCreated: 2, TablesUpdated: 0, TablesDeleted: 0 },
    ]);
  });

  it('refuses a second start while running (Glue.CrawlerRunningException), then starts again once READY', async () => {
    world = crawlWorld();
    world.put('raw/a/a.csv', 'id,v\n1,2\n');
    await world.crawlers.createCrawler(crawlerInput('c', ['raw/a/']));
    await world.crawlers.startCrawler({ Name: 'c' });
    expect(await failure(world.crawlers.startCrawler({ Name: 'c' }))).toEqual({
      name: 'Glue.CrawlerRunningException',
      message: 'Crawler with name c has already started',
    });
    await world.crawlers.whenReady({ Name: 'c' });
    await world.crawlers.startCrawler({ Name: 'c' });
    expect((await world.crawlers.whenReady({ Name: 'c' })).LastCrawl?.Status).toBe('SUCCEEDED');
  });

  it.each([
    ['getCrawler', (w: CrawlWorld) => w.crawlers.getCrawler({ Name: 'nope' })],
    ['startCrawler', (w: CrawlWorld) => w.crawlers.startCrawler({ Name: 'nope' })],
    ['stopCrawler', (w: CrawlWorld) => w.crawlers.stopCrawler({ Name: 'nope' })],
  ])('%s of an unknown crawler: Glue.EntityNotFoundException', async (_name, call) => {
    world = crawlWorld();
    expect(await failure(call(world))).toEqual({
      name: 'Glue.EntityNotFoundException',
      message: 'Crawler with name nope not found',
    });
  });

  it('refuses a crawler or classifier that already exists', async () => {
    world = crawlWorld();
    await world.crawlers.createCrawler(crawlerInput('c', ['raw/']));
    expect((await failure(world.crawlers.createCrawler(crawlerInput('c', ['raw/'])))).name).toBe(
      'Glue.AlreadyExistsException',
    );
    await world.crawlers.createClassifier({ CsvClassifier: { Name: 'csv' } });
    expect((await failure(world.crawlers.createClassifier({ CsvClassifier: { Name: 'csv' } }))).name).toBe(
      'Glue.AlreadyExistsException',
    );
  });

  it.each([
    ['an unknown classifier', { Classifiers: ['missing'] }, 'Glue.EntityNotFoundException'],
    ['a configuration that is not JSON', { Configuration: '{nope' }, 'Glue.InvalidInputException'],
    [
      'a configuration option the local crawler lacks',
      { Configuration: '{"Version":1.0,"Grouping":{"TableGroupingPolicy":"Other"}}' },
      'Glue.InvalidInputException',
    ],
    [
      'new folders only with UPDATE_IN_DATABASE',
      { RecrawlPolicy: { RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' as const } },
      'Glue.InvalidInputException',
    ],
    ['a JDBC target', { Targets: { JdbcTargets: [{ ConnectionName: 'x' }] } }, 'Glue.InvalidInputException'],
  ])('refuses a crawler with %s', async (_case, extra, name) => {
    world = crawlWorld();
    expect((await failure(world.crawlers.createCrawler(crawlerInput('c', ['raw/'], extra)))).name).toBe(name);
  });

  it('stopCrawler cancels a running crawl (CANCELLED, nothing written); a READY crawler is not running', async () => {
    world = crawlWorld();
    world.put('raw/a/a.csv', 'id,v\n1,2\n');
    await world.crawlers.createCrawler(crawlerInput('c', ['raw/a/']));
    expect((await failure(world.crawlers.stopCrawler({ Name: 'c' }))).name).toBe(
      'Glue.CrawlerNotRunningException',
    );
    await world.crawlers.startCrawler({ Name: 'c' });
    await world.crawlers.stopCrawler({ Name: 'c' });
    expect((await world.crawlers.getCrawler({ Name: 'c' })).Crawler.State).not.toBe('RUNNING');
    expect((await failure(world.crawlers.stopCrawler({ Name: 'c' }))).name).toMatch(
      /^Glue\.Crawler(Stopping|NotRunning)Exception$/,
    );
    expect((await world.crawlers.whenReady({ Name: 'c' })).LastCrawl?.Status).toBe('CANCELLED');
    expect((await failure(world.catalog.getDatabase({ Name: DATABASE }))).name).toBe(
      'Glue.EntityNotFoundException',
    );
  });
});

describe('what a crawl makes of its targets', () => {
  it('creates no table for a target with no files (hidden files do not count), and still succeeds', async () => {
    world = crawlWorld();
    world.put('raw/full/a.csv', 'id,v\n1,2\n');
    world.put('raw/markers/_SUCCESS', '');
    await world.crawl('c', ['raw/full/', 'raw/empty/', 'raw/markers/']);
    expect((await lastCrawl('c'))?.Status).toBe('SUCCEEDED');
    const { TableList } = await world.catalog.getTables({ DatabaseName: DATABASE });
    expect(TableList.map((t) => t.Name)).toEqual(['full']);
  });

  it('logs a file it cannot read as an ERROR, leaves it out, and still succeeds', async () => {
    world = crawlWorld();
    world.put('raw/t/good.csv', 'id,v\n1,2\n');
    world.put('raw/t/broken.parquet', 'PAR1 this is not a parquet file');
    await world.crawl('c', ['raw/t/']);
    expect((await lastCrawl('c'))?.Status).toBe('SUCCEEDED');
    const t = (await world.catalog.getTable({ DatabaseName: DATABASE, Name: 't' })).Table;
    expect(columnsOf(t)).toEqual(['id:bigint', 'v:bigint']);
    expect(t.Parameters.objectCount).toBe('1');
    const errors = world.crawlers.crawlLog('c').filter((e) => e.message.includes('ERROR :'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(`Unable to read s3://${BUCKET}/raw/t/broken.parquet`);
  });

  it('gives a table of files no classifier recognizes the classification UNKNOWN', async () => {
    world = crawlWorld();
    world.put('raw/blobs/a.bin', Buffer.from([0, 1, 2, 3, 0, 5]));
    await world.crawl('c', ['raw/blobs/']);
    const t = (await world.catalog.getTable({ DatabaseName: DATABASE, Name: 'blobs' })).Table;
    expect(t.Parameters.classification).toBe('UNKNOWN');
    expect(t.StorageDescriptor.Columns).toEqual([]);
  });

  it('fails the crawl when the bucket does not exist', async () => {
    world = crawlWorld();
    await world.crawlers.createCrawler({
      ...crawlerInput('c', []),
      Targets: { S3Targets: [{ Path: 's3://no-such-bucket/raw/' }] },
    });
    await world.recrawl('c');
    expect(await lastCrawl('c')).toMatchObject({
      Status: 'FAILED',
      ErrorMessage:
        'The specified bucket does not exist: no-such-bucket (S3 target s3://no-such-bucket/raw/)',
    });
  });

  it('fails the crawl without writing anything when it finds more tables than TableThreshold', async () => {
    world = crawlWorld();
    world.put('raw/a/a.csv', 'id,v\n1,2\n');
    world.put('raw/b/b.csv', 'id,v\n1,2\n');
    const configuration = JSON.stringify({ Version: 1.0, CrawlerOutput: { Tables: { TableThreshold: 1 } } });
    await world.crawl('c', ['raw/a/', 'raw/b/'], { Configuration: configuration });
    expect(await lastCrawl('c')).toMatchObject({
      Status: 'FAILED',
      ErrorMessage:
        'The number of tables detected by crawler: 2 is greater than the table threshold value provided: 1',
    });
    expect((await failure(world.catalog.getDatabase({ Name: DATABASE }))).name).toBe(
      'Glue.EntityNotFoundException',
    );
  });

  it('ends a crawl stuck on a read FAILED after crawlTimeoutMs, so polling always reaches READY', async () => {
    world = crawlWorld({ crawlTimeoutMs: 300, pollWaitMs: 5 });
    world.put('raw/stuck/.placeholder', '');
    const fifo = world.path('raw/stuck/never-ends.csv');
    execFileSync('mkfifo', [fifo]);
    await world.crawlers.createCrawler(crawlerInput('c', ['raw/stuck/']));
    // Taken before the start: the crawl's own timer starts inside startCrawler, so the wait until
    // READY is at least the timeout however slowly the call returns.
    const started = Date.now();
    await world.crawlers.startCrawler({ Name: 'c' });
    let polls = 0;
    while ((await world.crawlers.getCrawler({ Name: 'c' })).Crawler.State !== 'READY') polls++;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290); // timers and clock reads round to the millisecond
    expect(polls).toBeGreaterThan(0);
    expect(await lastCrawl('c')).toMatchObject({
      Status: 'FAILED',
      ErrorMessage: 'the local crawl did not finish within 300 ms and was ended',
    });
    // Release the read the crawl is blocked on; its late end changes nothing.
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await lastCrawl('c'))?.Status).toBe('FAILED');
    expect((await failure(world.catalog.getTable({ DatabaseName: DATABASE, Name: 'stuck' }))).name).toBe(
      'Glue.EntityNotFoundException',
    );
  });
});
