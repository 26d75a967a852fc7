/**
 * The synthesized student-enrollment raw crawler, over the pipeline's own sample data laid out as
 * `s3://lakeline-local/student-enrollment/raw/<dataset>/`, driven by the synthesized crawl-and-wait
 * states of the state machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { synthTree } from '../../../cli/synth-tree.js';
import { LOCAL_STAGE, artifactLayout as layout } from '../../../core/index.js';
import {
  createAslExecutor,
  type ExecutionEvent,
  type JsonValue,
  type TaskHandler,
} from '../../../local/executor/index.js';
import { LocalDataCatalog } from '../../../local/glue/catalog/index.js';
import { LocalGlueCrawlers } from '../../../local/glue/crawlers/index.js';
import { LocalS3 } from '../../../local/s3/index.js';
import { GLUE_GET_CRAWLER_RESOURCE, glueGetCrawler } from '../../../local/services/glue-get-crawler.js';
import { GLUE_START_CRAWLER_RESOURCE, glueStartCrawler } from '../../../local/services/glue-start-crawler.js';
import pipeline from '../../../pipelines/student-enrollment/pipeline.js';
import { type SampleSummary, writeSample } from '../../../pipelines/student-enrollment/sample.js';
import { crawlStateNames } from '../../../state-machines/patterns/crawl-and-wait.js';
import { columnsOf } from './crawl-world.js';

const BUCKET = 'lakeline-local';
const RAW_DB = 'student_enrollment_local_raw';
const RAW_CRAWLER = 'student-enrollment-local-raw-crawler';
const DATASETS = ['students', 'courses', 'instructors', 'enrollments'] as const;

const tree = synthTree(pipeline, LOCAL_STAGE);
const artifact = (path: string): string => {
  const found = tree.find((a) => a.path === path);
  if (found === undefined) throw new Error(`the tree has no ${path}`);
  return found.content;
};
const classifierFiles = tree.filter((a) => layout.classifiers.nameOf(a.path) !== undefined);

interface Flagship {
  readonly dir: string;
  readonly s3: LocalS3;
  readonly catalog: LocalDataCatalog;
  readonly crawlers: LocalGlueCrawlers;
  readonly sample: SampleSummary;
}

let flagship: Flagship | undefined;
afterEach(() => {
  if (flagship !== undefined) rmSync(flagship.dir, { recursive: true, force: true });
  flagship = undefined;
});

/** The local account: the sample uploaded to the raw layer (unless `bucket` is false), the tree's classifier and raw crawler created. */
async function setUp(options: { dirty?: number; bucket?: boolean } = {}): Promise<Flagship> {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-flagship-crawl-'));
  const sample = writeSample({ out: join(dir, 'input'), rows: 400, seed: 11, dirty: options.dirty ?? 0 });
  const s3 = new LocalS3(join(dir, 's3'));
  if (options.bucket !== false) {
    s3.createBucket(BUCKET);
    s3.upload(join(dir, 'input'), BUCKET, 'student-enrollment/raw');
  }
  const catalog = new LocalDataCatalog(join(dir, 'catalog'));
  const crawlers = new LocalGlueCrawlers({ s3, catalog });
  for (const c of classifierFiles) await crawlers.createClassifier(JSON.parse(c.content));
  await crawlers.createCrawler(JSON.parse(artifact(layout.crawlers.path('raw'))));
  flagship = { dir, s3, catalog, crawlers, sample };
  return flagship;
}

const EXPECTED_COLUMNS: Record<(typeof DATASETS)[number], string[]> = {
  students: [
    'student_id:string',
    'first_name:string',
    'last_name:string',
    'email:string',
    'phone:string',
    'ssn:string',
    'date_of_birth:string',
    'country:string',
    'enrolled_since:string',
  ],
  courses: ['course_id:string', 'course_name:string', 'department:string', 'credits:bigint', 'level:string'],
  instructors: [
    'instructor_id:string',
    'first_name:string',
    'last_name:string',
    'email:string',
    'department:string',
    'rating:double',
  ],
  enrollments: [
    'enrollment_id:string',
    'student_id:string',
    'course_id:string',
    'instructor_id:string',
    'enrollment_date:string',
    'term:string',
    'marks:double',
    'attendance_pct:double',
    'status:string',
    'notes:string',
    'updated_at:string',
  ],
};

describe('the synthesized raw crawler over the sample raw layer', () => {
  it('catalogs one table per dataset with the columns, header and dialect of the CSV classifier', async () => {
    const { crawlers, catalog, sample, s3 } = await setUp();
    await crawlers.startCrawler({ Name: RAW_CRAWLER });
    const crawler = await crawlers.whenReady({ Name: RAW_CRAWLER });
    expect(crawler.LastCrawl?.Status).toBe('SUCCEEDED');

    const { TableList } = await catalog.getTables({ DatabaseName: RAW_DB });
    expect(TableList.map((t) => t.Name)).toEqual([...DATASETS].sort());
    for (const dataset of DATASETS) {
      const table = TableList.find((t) => t.Name === dataset)!;
      expect({ dataset, columns: columnsOf(table) }).toEqual({ dataset, columns: EXPECTED_COLUMNS[dataset] });
      const body = readFileSync(s3.path(BUCKET, `student-enrollment/raw/${dataset}/${dataset}.csv`), 'utf8');
      expect(table.StorageDescriptor.Location).toBe(`s3://${BUCKET}/student-enrollment/raw/${dataset}/`);
      expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        body.includes('"')
          ? 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
          : 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      );
      expect(table.PartitionKeys).toEqual([]);
      expect(table.Parameters).toMatchObject({
        classification: 'csv',
        delimiter: ',',
        'skip.header.line.count': '1',
        recordCount: String(sample.expected[dataset].inputRows),
        UPDATED_BY_CRAWLER: RAW_CRAWLER,
      });
    }
    const log = crawlers.crawlLog(RAW_CRAWLER).map((e) => e.message);
    expect(log.filter((m) => m.includes('classified by student-enrollment-local-csv'))).toHaveLength(4);
  });

  it('still catalogs every dataset from dirty data, leaving broken rows out of inference', async () => {
    const { crawlers, catalog } = await setUp({ dirty: 0.2 });
    await crawlers.startCrawler({ Name: RAW_CRAWLER });
    expect((await crawlers.whenReady({ Name: RAW_CRAWLER })).LastCrawl?.Status).toBe('SUCCEEDED');
    const { Table } = await catalog.getTable({ DatabaseName: RAW_DB, Name: 'enrollments' });
    // Planted unparseable numbers ("abc" marks) make marks a string, as they would on Glue.
    expect(Table.StorageDescriptor.Columns.map((c) => c.Name)).toEqual(
      EXPECTED_COLUMNS.enrollments.map((c) => c.split(':')[0]),
    );
    const warnings = crawlers
      .crawlLog(RAW_CRAWLER)
      .filter((e) => e.message.includes('malformed records left out'));
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('raw/enrollments/enrollments.csv'),
    ]);
  });
});

// ── the crawl-and-wait states of the synthesized state machine ───────────────────────────────────

const DONE = 'Raw crawl done';
const FAILURE_ROUTE = 'Notify failure';

/** The synthesized raw crawl-and-wait states, their way out rewired to two end states. */
function crawlAndWaitDefinition(): JsonValue {
  const asl = JSON.parse(artifact(layout.stateMachine)) as {
    States: Record<string, Record<string, unknown>>;
  };
  const names = crawlStateNames('raw');
  const states: Record<string, Record<string, unknown>> = {};
  for (const name of Object.values(names)) states[name] = structuredClone(asl.States[name]!);
  const check = states[names.check] as { Choices: { Next: string; StringEquals?: string }[] };
  const succeeded = check.Choices.find((c) => c.StringEquals === 'SUCCEEDED')!;
  succeeded.Next = DONE;
  states[DONE] = { Type: 'Succeed' };
  states[FAILURE_ROUTE] = { Type: 'Pass', End: true };
  return { StartAt: names.start, States: states } as JsonValue;
}

async function runCrawlAndWait(crawlers: LocalGlueCrawlers) {
  const handlers: Record<string, TaskHandler> = {
    [GLUE_START_CRAWLER_RESOURCE]: glueStartCrawler(crawlers),
    [GLUE_GET_CRAWLER_RESOURCE]: glueGetCrawler(crawlers),
  };
  const events: ExecutionEvent[] = [];
  const result = await createAslExecutor().run(
    crawlAndWaitDefinition(),
    {},
    {
      resolve: (resource) => handlers[resource],
      context: {
        executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:run-1',
        executionName: 'run-1',
        stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
        stateMachineName: 'sm',
        startTime: '2026-01-01T00:00:00.000Z',
      },
      onEvent: (e) => events.push(e),
    },
  );
  const entered = (state: string) =>
    events.filter((e) => e.type === 'StateEntered' && e.state === state).length;
  return { result, events, entered };
}

type Output = {
  crawlers?: { raw?: { Crawler?: { State?: string; LastCrawl?: { Status?: string } } } };
  error?: { Error?: string; Cause?: string };
};

describe('crawl-and-wait, through the local Step Functions executor', () => {
  const names = crawlStateNames('raw');

  it('starts the crawl, polls until READY, and leaves on SUCCEEDED', async () => {
    const { crawlers, catalog } = await setUp();
    const { result, entered } = await runCrawlAndWait(crawlers);
    expect(result.status).toBe('SUCCEEDED');
    const output = (result.status === 'SUCCEEDED' ? result.output : {}) as Output;
    expect(output.crawlers?.raw?.Crawler).toMatchObject({
      State: 'READY',
      LastCrawl: { Status: 'SUCCEEDED' },
    });
    expect(output.error).toBeUndefined();
    expect(entered(DONE)).toBe(1);
    expect(entered(names.start)).toBe(1);
    expect(entered(names.get)).toBeGreaterThanOrEqual(1);
    expect(entered(names.get)).toBe(entered(names.wait));
    expect((await catalog.getTables({ DatabaseName: RAW_DB })).TableList).toHaveLength(4);
  });

  it('retries Glue.CrawlerRunningException while another crawl runs, then crawls', async () => {
    const { crawlers } = await setUp();
    await crawlers.startCrawler({ Name: RAW_CRAWLER });
    const { result, events, entered } = await runCrawlAndWait(crawlers);
    expect(result.status).toBe('SUCCEEDED');
    expect(events.some((e) => e.type === 'StateRetried' && e.state === names.start)).toBe(true);
    expect(entered(DONE)).toBe(1);
    expect((await crawlers.getCrawlerMetrics()).CrawlerMetricsList[0]?.TablesCreated).toBe(0);
  });

  it('takes the failure route with Lakeline.CrawlFailed when the crawl ends FAILED', async () => {
    const { crawlers } = await setUp({ bucket: false });
    const { result, entered } = await runCrawlAndWait(crawlers);
    expect(result.status).toBe('SUCCEEDED');
    const output = (result.status === 'SUCCEEDED' ? result.output : {}) as Output;
    expect(entered(names.failed)).toBe(1);
    expect(entered(DONE)).toBe(0);
    expect(output.error?.Error).toBe('Lakeline.CrawlFailed');
    expect(output.error?.Cause).toContain(`Crawler ${RAW_CRAWLER} ended its crawl FAILED`);
    expect(output.error?.Cause).toContain('The specified bucket does not exist: lakeline-local');
  });
});
