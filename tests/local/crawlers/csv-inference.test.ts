import { afterEach, describe, expect, it } from 'vitest';
import type { CsvClassifierInput } from '../../../local/glue/crawlers/index.js';
import { BUCKET, type CrawlWorld, columnsOf, crawlWorld, DATABASE } from './crawl-world.js';

const LADDER_CSV = [
  'id,price,active,name,joined,seen_at,code,huge,empty',
  '1,9.99,true,Ana,2024-01-02,2024-01-02 10:00:00,007,99999999999999999999,',
  '2,10,FALSE,Bo,2024-02-03,2024-02-03T11:00:00,012,1,',
  '-3,1e3,True,Cy,2024-03-04,2024-03-04 12:00:00.250,100,2,',
].join('\n');

const classifier = (extra: Partial<CsvClassifierInput> = {}): CsvClassifierInput => ({
  Name: 'csv',
  Delimiter: ',',
  QuoteSymbol: '"',
  ContainsHeader: 'PRESENT',
  DisableValueTrimming: false,
  AllowSingleColumn: false,
  ...extra,
});

let world: CrawlWorld;
afterEach(() => world?.dispose());

async function crawlOne(
  files: Readonly<Record<string, string>>,
  csv?: CsvClassifierInput,
): Promise<Awaited<ReturnType<CrawlWorld['catalog']['getTable']>>['Table']> {
  world = crawlWorld();
  for (const [name, body] of Object.entries(files)) world.put(`data/items/${name}`, body);
  if (csv !== undefined) await world.crawlers.createClassifier({ CsvClassifier: csv });
  await world.crawl('items', ['data/items/'], csv === undefined ? {} : { Classifiers: [csv.Name] });
  expect((await world.crawlers.getCrawler({ Name: 'items' })).Crawler.LastCrawl?.Status).toBe('SUCCEEDED');
  return (await world.catalog.getTable({ DatabaseName: DATABASE, Name: 'items' })).Table;
}

describe('CSV inference', () => {
  it.each([
    {
      case: "Glue's ladder: boolean, bigint, double, else string; dates and timestamps stay strings",
      csv: classifier(),
      columns: [
        'id:bigint',
        'price:double',
        'active:boolean',
        'name:string',
        'joined:string',
        'seen_at:string',
        'code:bigint',
        'huge:double',
        'empty:string',
      ],
    },
    {
      case: 'custom datatypes: DATE and TIMESTAMP detected when the classifier enables them',
      csv: classifier({
        CustomDatatypeConfigured: true,
        CustomDatatypes: ['BOOLEAN', 'INT', 'LONG', 'DOUBLE', 'DATE', 'TIMESTAMP'],
      }),
      columns: [
        'id:int',
        'price:double',
        'active:boolean',
        'name:string',
        'joined:date',
        'seen_at:timestamp',
        'code:int',
        'huge:double',
        'empty:string',
      ],
    },
  ])('$case', async ({ csv, columns }) => {
    const table = await crawlOne({ 'items.csv': LADDER_CSV }, csv);
    expect(columnsOf(table)).toEqual(columns);
    expect(table.Parameters).toMatchObject({
      classification: 'csv',
      recordCount: '3',
      objectCount: '1',
      'skip.header.line.count': '1',
      UPDATED_BY_CRAWLER: 'items',
    });
  });

  it('reads the header of an all-string file when the classifier declares it PRESENT', async () => {
    const table = await crawlOne(
      { 'people.csv': 'first_name,Last Name,city\nAna,Lee,Oslo\nBo,Kim,Rome\n' },
      classifier(),
    );
    expect(columnsOf(table)).toEqual(['first_name:string', 'last name:string', 'city:string']);
    expect(table.Parameters.recordCount).toBe('2');
  });

  it.each([
    {
      case: 'all-string data: the header cannot be told from the data, columns are col0…',
      body: 'first_name,last_name\nAna,Lee\nBo,Kim\n',
      columns: ['col0:string', 'col1:string'],
      records: '3',
      header: false,
    },
    {
      case: 'a numeric column under a string first row: the first row is the header',
      body: 'name,age\nAna,31\nBo,42\n',
      columns: ['name:string', 'age:bigint'],
      records: '2',
      header: true,
    },
  ])('built-in classifier, $case', async ({ body, columns, records, header }) => {
    const table = await crawlOne({ 'people.csv': body });
    expect(columnsOf(table)).toEqual(columns);
    expect(table.Parameters.recordCount).toBe(records);
    expect(table.Parameters['skip.header.line.count']).toBe(header ? '1' : undefined);
  });

  it('honours the classifier delimiter and quote; quoted values make the table OpenCSVSerde', async () => {
    const table = await crawlOne(
      { 'q.csv': "label;amount\n'a;b';2\n'it''s';3\n" },
      classifier({ Delimiter: ';', QuoteSymbol: "'" }),
    );
    expect(columnsOf(table)).toEqual(['label:string', 'amount:bigint']);
    expect(table.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
      Parameters: { quoteChar: "'", separatorChar: ';' },
    });
    expect(table.Parameters).toMatchObject({ delimiter: ';', areColumnsQuoted: 'true' });
  });

  it('describes unquoted CSV with LazySimpleSerDe, as Glue does', async () => {
    const table = await crawlOne({ 'plain.csv': 'a,b\n1,2\n' }, classifier());
    expect(table.StorageDescriptor).toMatchObject({
      Location: `s3://${BUCKET}/data/items/`,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        Parameters: { 'field.delim': ',' },
      },
    });
    expect(table.Parameters.areColumnsQuoted).toBe('false');
  });

  it('leaves rows of the wrong width and unbalanced quotes out of inference, and logs them', async () => {
    // The unbalanced quote runs to the end of the file: one record of two fields.
    const body = 'id,n,note\n1,2,ok\n3\n4,abc,x,extra\n7,8,fine\n9,10,"quoted, fine"\n5,"6,broken\n10,11,x\n';
    const table = await crawlOne({ 'dirty.csv': body }, classifier());
    expect(columnsOf(table)).toEqual(['id:bigint', 'n:bigint', 'note:string']);
    const log = world.crawlers.crawlLog('items').map((e) => e.message);
    expect(log.some((m) => /dirty\.csv: 3 malformed records left out/.test(m))).toBe(true);
  });

  it.each([
    { trimming: 'on', DisableValueTrimming: false, type: 'bigint' },
    { trimming: 'off', DisableValueTrimming: true, type: 'string' },
  ])('value trimming $trimming', async ({ DisableValueTrimming, type }) => {
    const table = await crawlOne({ 't.csv': 'k,v\na, 12 \nb,3\n' }, classifier({ DisableValueTrimming }));
    expect(columnsOf(table)).toEqual(['k:string', `v:${type}`]);
  });

  it('merges the files of a table: the union of columns, each type the wider one', async () => {
    const table = await crawlOne(
      { 'a.csv': 'id,x\n1,2\n', 'b.csv': 'id,x,y\n2,2.5,z\n3,4,w\n' },
      classifier(),
    );
    expect(columnsOf(table)).toEqual(['id:bigint', 'x:double', 'y:string']);
    expect(table.Parameters).toMatchObject({ objectCount: '2', recordCount: '3' });
  });
});

describe("CSV inference reads the file's sample, as Glue does", () => {
  const rows = (from: number, to: number, value: (i: number) => string) =>
    Array.from({ length: to - from }, (_, k) => `${from + k},${value(from + k)}\n`).join('');

  it.each([
    { where: 'in record 1,000', at: 1000, width: 1, type: 'string' },
    { where: 'in record 1,001, past the first 1,000 records', at: 1001, width: 1, type: 'bigint' },
    { where: 'in record 400 of 2 KB records', at: 400, width: 2048, type: 'string' },
    { where: 'in record 600 of 2 KB records, past the first megabyte', at: 600, width: 2048, type: 'bigint' },
  ])('a non-numeric value $where', async ({ at, width, type }) => {
    const body = `id,n,pad\n${rows(1, 1500, (i) => `${i === at ? 'n/a' : i},${'p'.repeat(width)}`)}`;
    const table = await crawlOne({ 'n.csv': body });
    expect(columnsOf(table)).toEqual(['id:bigint', `n:${type}`, 'pad:string']);
    // Under a megabyte the file is read whole and the count is exact, the records past the sample too.
    if (width === 1) expect(table.Parameters.recordCount).toBe('1499');
  });

  it('estimates the record count of a file larger than its sample from the records per byte read', async () => {
    const total = 64_000;
    const body = `id,amount\n${rows(1, total + 1, (i) => String(i % 997).padStart(30, '0'))}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
    const table = await crawlOne({ 'big.csv': body });
    expect(columnsOf(table)).toEqual(['id:bigint', 'amount:bigint']);
    const estimated = Number(table.Parameters.recordCount);
    expect(estimated).not.toBe(total);
    expect(Math.abs(estimated - total) / total).toBeLessThan(0.01);
    expect(table.Parameters.sizeKey).toBe(String(Buffer.byteLength(body)));
  });

  it('reads on past the first megabyte until it holds a whole record', async () => {
    const note = 'y'.repeat(1_500_000);
    const table = await crawlOne({ 'wide.csv': `id,note\n1,${note}\n2,short\n` }, classifier());
    expect(columnsOf(table)).toEqual(['id:bigint', 'note:string']);
  });
});
