/**
 * Glue crawlers, locally: CreateClassifier, CreateCrawler, StartCrawler, StopCrawler, GetCrawler
 * and GetCrawlerMetrics over a LocalS3 and a LocalDataCatalog; UpdateX and DeleteX of both, and a
 * crawler's tags (given at CreateCrawler or by TagResource), for the local endpoint.
 *
 * A crawl runs in the background as on Glue: StartCrawler returns at once with the crawler
 * RUNNING; it turns STOPPING while the crawl writes the catalog, then READY with LastCrawl set.
 * The state machine polls GetCrawler through Wait states that take no time locally, so GetCrawler
 * waits a few milliseconds on a running crawl before answering: the crawl's I/O progresses between
 * polls instead of the poll loop starving it. A crawl that has not ended after `crawlTimeoutMs`
 * is ended FAILED (Glue crawls have no such limit), so a poll loop always reaches READY.
 */
import { randomUUID } from 'node:crypto';
import type { LocalS3 } from '../../s3/local-s3.js';
import { glueError } from '../catalog/glue-error.js';
import type { LocalDataCatalog } from '../catalog/local-data-catalog.js';
import { parseCrawlerConfiguration } from './crawler-configuration.js';
import { CUSTOM_DATATYPES } from './crawler-csv.js';
import { describeCrawler } from './crawler-description.js';
import {
  type CrawlDefinition,
  CrawlFailure,
  type CrawlSummary,
  type LogLevel,
  runCrawl,
} from './crawler-run.js';
import type {
  Crawler,
  CrawlerMetrics,
  CrawlerState,
  CrawlLogEvent,
  CrawlStatus,
  CreateClassifierInput,
  CreateCrawlerInput,
  CsvClassifier,
  CsvClassifierInput,
  LastCrawlInfo,
  UpdateCrawlerInput,
} from './crawler-types.js';

export interface CrawlerStateChange {
  readonly crawler: string;
  readonly state: CrawlerState;
  readonly lastCrawl?: LastCrawlInfo;
}

export interface LocalGlueCrawlersOptions {
  readonly s3: LocalS3;
  readonly catalog: LocalDataCatalog;
  /** The longest GetCrawler waits on a running crawl before answering; 25 ms unless set. */
  readonly pollWaitMs?: number;
  /** A crawl still running after this long ends FAILED (CANCELLED if a stop was asked); 10 minutes unless set. */
  readonly crawlTimeoutMs?: number;
  readonly onStateChange?: (change: CrawlerStateChange) => void;
  readonly now?: () => Date;
}

type Empty = Record<string, never>;

interface RunningCrawl {
  readonly id: string;
  readonly started: number;
  readonly controller: AbortController;
  settled: Promise<void>;
  stopRequested: boolean;
}

interface CrawlerRecord {
  input: CreateCrawlerInput;
  options: CrawlDefinition['options'];
  readonly creationTime: string;
  lastUpdated: string;
  version: number;
  tags: Record<string, string>;
  state: CrawlerState;
  lastCrawl?: LastCrawlInfo;
  run?: RunningCrawl | undefined;
  readonly runtimesSeconds: number[];
  metrics: { created: number; updated: number; deleted: number };
  log: CrawlLogEvent[];
}

const LOG_GROUP = '/aws-glue/crawlers';
const MAX_LOG_EVENTS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function requireName(input: { readonly Name?: unknown } | undefined, what: string): string {
  const name = input?.Name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
    throw glueError('InvalidInputException', `${what} Name must be a string of 1 to 255 characters`);
  }
  return name;
}

/** The CsvClassifier of a CreateClassifier or UpdateClassifier request: the one kind served locally. */
function onlyCsvClassifier(input: CreateClassifierInput): CsvClassifierInput {
  const kinds = Object.keys(input ?? {}).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  if (kinds.length !== 1)
    throw glueError('InvalidInputException', 'Exactly one classifier type must be given');
  const csv = input.CsvClassifier;
  if (csv === undefined) {
    throw glueError(
      'InvalidInputException',
      `${kinds[0]} is not supported by the local crawler; only CsvClassifier is`,
    );
  }
  return csv;
}

function checkCsvClassifier(csv: CsvClassifierInput): void {
  for (const [field, value] of [
    ['Delimiter', csv.Delimiter],
    ['QuoteSymbol', csv.QuoteSymbol],
  ] as const) {
    if (value !== undefined && (value.length !== 1 || /[\r\n]/.test(value))) {
      throw glueError(
        'InvalidInputException',
        `CsvClassifier ${field} must be one character other than a line break`,
      );
    }
  }
  if ((csv.Delimiter ?? ',') === (csv.QuoteSymbol ?? '"')) {
    throw glueError('InvalidInputException', 'CsvClassifier QuoteSymbol must differ from its Delimiter');
  }
  const unsupported = (csv.CustomDatatypes ?? []).filter((t) => !CUSTOM_DATATYPES.includes(t.toUpperCase()));
  if (unsupported.length > 0) {
    throw glueError(
      'InvalidInputException',
      `the local CSV classifier cannot detect ${unsupported.join(', ')}`,
    );
  }
}

const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export class LocalGlueCrawlers {
  private readonly crawlers = new Map<string, CrawlerRecord>();
  private readonly classifiers = new Map<string, CsvClassifier>();
  private readonly pollWaitMs: number;
  private readonly crawlTimeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: LocalGlueCrawlersOptions) {
    this.pollWaitMs = options.pollWaitMs ?? 25;
    this.crawlTimeoutMs = options.crawlTimeoutMs ?? 10 * 60 * 1000;
    this.now = options.now ?? (() => new Date());
  }

  // ── classifiers ──────────────────────────────────────────────────────────────────────────────

  async createClassifier(input: CreateClassifierInput): Promise<Empty> {
    const csv = onlyCsvClassifier(input);
    const name = requireName(csv, 'CsvClassifier');
    if (this.classifiers.has(name))
      throw glueError('AlreadyExistsException', `Classifier ${name} already exists.`);
    checkCsvClassifier(csv);
    const now = this.now().toISOString();
    this.classifiers.set(name, { ...csv, CreationTime: now, LastUpdated: now, Version: 1 });
    return {};
  }

  /** UpdateClassifier: the members given replace the classifier's, the others stay. */
  async updateClassifier(input: CreateClassifierInput): Promise<Empty> {
    const csv = onlyCsvClassifier(input);
    const name = requireName(csv, 'CsvClassifier');
    const current = this.classifiers.get(name);
    if (current === undefined) throw glueError('EntityNotFoundException', `Classifier ${name} not found.`);
    const given = Object.fromEntries(Object.entries(csv).filter(([, v]) => v !== undefined));
    const merged: CsvClassifier = {
      ...current,
      ...given,
      LastUpdated: this.now().toISOString(),
      Version: current.Version + 1,
    };
    checkCsvClassifier(merged);
    this.classifiers.set(name, merged);
    return {};
  }

  async deleteClassifier(input: { readonly Name: string }): Promise<Empty> {
    const name = requireName(input, 'Classifier');
    if (!this.classifiers.delete(name))
      throw glueError('EntityNotFoundException', `Classifier ${name} not found.`);
    return {};
  }

  async getClassifier(input: {
    readonly Name: string;
  }): Promise<{ Classifier: { CsvClassifier: CsvClassifier } }> {
    const name = requireName(input, 'Classifier');
    const classifier = this.classifiers.get(name);
    if (classifier === undefined) throw glueError('EntityNotFoundException', `Classifier ${name} not found.`);
    return { Classifier: { CsvClassifier: classifier } };
  }

  // ── crawlers ─────────────────────────────────────────────────────────────────────────────────

  async createCrawler(input: CreateCrawlerInput): Promise<Empty> {
    const name = requireName(input, 'Crawler');
    if (this.crawlers.has(name)) throw glueError('AlreadyExistsException', `${name} already exists`);
    const options = this.checkCrawler(input);
    const now = this.now().toISOString();
    this.crawlers.set(name, {
      input,
      options,
      creationTime: now,
      lastUpdated: now,
      version: 1,
      tags: { ...(input.Tags ?? {}) },
      state: 'READY',
      runtimesSeconds: [],
      metrics: { created: 0, updated: 0, deleted: 0 },
      log: [],
    });
    return {};
  }

  /**
   * UpdateCrawler: the members given replace the crawler's, the others stay, as on Glue. A crawler
   * that is crawling cannot be updated (CrawlerRunningException).
   */
  async updateCrawler(input: UpdateCrawlerInput): Promise<Empty> {
    const record = this.record(input);
    if (record.state !== 'READY') {
      throw glueError(
        'CrawlerRunningException',
        `Crawler with name ${record.input.Name} is running; stop it first`,
      );
    }
    const given = Object.fromEntries(
      Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'Tags'),
    );
    const merged = { ...record.input, ...given } as CreateCrawlerInput;
    record.options = this.checkCrawler(merged);
    record.input = merged;
    record.lastUpdated = this.now().toISOString();
    record.version += 1;
    return {};
  }

  /** DeleteCrawler: its tables stay in the catalog, as on Glue; a crawling crawler cannot be deleted. */
  async deleteCrawler(input: { readonly Name: string }): Promise<Empty> {
    const record = this.record(input);
    if (record.state !== 'READY') {
      throw glueError(
        'CrawlerRunningException',
        `Crawler with name ${record.input.Name} is running; stop it first`,
      );
    }
    this.crawlers.delete(record.input.Name);
    return {};
  }

  /** The crawler names, those carrying every tag of `Tags` when it is given (ListCrawlers' filter). */
  listCrawlers(input: { readonly Tags?: Readonly<Record<string, string>> } = {}): { CrawlerNames: string[] } {
    const wanted = Object.entries(input.Tags ?? {});
    return {
      CrawlerNames: [...this.crawlers.values()]
        .filter((r) => wanted.every(([k, v]) => r.tags[k] === v))
        .map((r) => r.input.Name)
        .sort(),
    };
  }

  crawlerTags(input: { readonly Name: string }): Record<string, string> {
    return { ...this.record(input).tags };
  }

  tagCrawler(input: { readonly Name: string; readonly Tags: Readonly<Record<string, string>> }): void {
    const record = this.record(input);
    record.tags = { ...record.tags, ...input.Tags };
  }

  untagCrawler(input: { readonly Name: string; readonly TagKeys: readonly string[] }): void {
    const record = this.record(input);
    for (const key of input.TagKeys) delete record.tags[key];
  }

  /** What CreateCrawler and UpdateCrawler accept: a crawl of S3 targets the local crawler can run. */
  private checkCrawler(input: CreateCrawlerInput): CrawlDefinition['options'] {
    if (typeof input.Role !== 'string' || input.Role === '')
      throw glueError('InvalidInputException', 'Role is required');
    if (typeof input.DatabaseName !== 'string' || input.DatabaseName === '') {
      throw glueError('InvalidInputException', 'DatabaseName is required for a crawler of S3 targets');
    }
    const targets = input.Targets ?? {};
    const s3Targets = targets.S3Targets ?? [];
    const others = Object.entries(targets).filter(
      ([k, v]) => k !== 'S3Targets' && Array.isArray(v) && v.length > 0,
    );
    if (others.length > 0) {
      throw glueError(
        'InvalidInputException',
        `${others.map(([k]) => k).join(', ')}: the local crawler reads S3 targets only`,
      );
    }
    if (s3Targets.length === 0)
      throw glueError('InvalidInputException', 'Targets must hold at least one S3 target');
    for (const t of s3Targets) {
      if (typeof t?.Path !== 'string' || !/^s3:\/\/[^/]+/.test(t.Path)) {
        throw glueError(
          'InvalidInputException',
          `S3 target Path must be an s3:// URI, not ${JSON.stringify(t?.Path)}`,
        );
      }
    }
    for (const c of input.Classifiers ?? []) {
      if (!this.classifiers.has(c)) throw glueError('EntityNotFoundException', `Classifier ${c} not found.`);
    }
    const recrawl = input.RecrawlPolicy?.RecrawlBehavior ?? 'CRAWL_EVERYTHING';
    if (recrawl === 'CRAWL_EVENT_MODE') {
      throw glueError(
        'InvalidInputException',
        'CRAWL_EVENT_MODE needs an SQS queue; the local crawler has none',
      );
    }
    if (
      recrawl === 'CRAWL_NEW_FOLDERS_ONLY' &&
      (input.SchemaChangePolicy?.UpdateBehavior !== 'LOG' ||
        input.SchemaChangePolicy?.DeleteBehavior !== 'LOG')
    ) {
      throw glueError(
        'InvalidInputException',
        'The SchemaChangePolicy of a crawler that crawls new folders only must be LOG for updates and deletes',
      );
    }
    return parseCrawlerConfiguration(input.Configuration);
  }

  async getCrawler(input: { readonly Name: string }): Promise<{ Crawler: Crawler }> {
    const record = this.record(input);
    // Time for the crawl to progress: locally the state machine's Wait before this call takes none.
    await this.waitForProgress(input);
    return { Crawler: this.describe(record) };
  }

  /**
   * Gives a running crawl up to `pollWaitMs` to progress (returns sooner if it ends). Locally, Wait
   * states and retry intervals take no time, so callers that poll or retry wait here instead.
   */
  async waitForProgress(input: { readonly Name: string }): Promise<void> {
    const run = this.record(input).run;
    if (run !== undefined) await Promise.race([run.settled, sleep(this.pollWaitMs)]);
  }

  async getCrawlers(): Promise<{ Crawlers: Crawler[] }> {
    return { Crawlers: [...this.crawlers.values()].map((r) => this.describe(r)) };
  }

  async startCrawler(input: { readonly Name: string }): Promise<Empty> {
    const record = this.record(input);
    const name = record.input.Name;
    if (record.state !== 'READY') {
      throw glueError('CrawlerRunningException', `Crawler with name ${name} has already started`);
    }
    const run: RunningCrawl = {
      id: randomUUID(),
      started: this.now().getTime(),
      controller: new AbortController(),
      settled: Promise.resolve(),
      stopRequested: false,
    };
    record.run = run;
    this.transition(record, 'RUNNING');
    run.settled = this.execute(record, run);
    return {};
  }

  async stopCrawler(input: { readonly Name: string }): Promise<Empty> {
    const record = this.record(input);
    const name = record.input.Name;
    if (record.run === undefined)
      throw glueError('CrawlerNotRunningException', `Crawler with name ${name} isn't running`);
    if (record.state === 'STOPPING') {
      throw glueError('CrawlerStoppingException', `Crawler with name ${name} is already stopping`);
    }
    record.run.stopRequested = true;
    this.transition(record, 'STOPPING');
    record.run.controller.abort(new Error('the crawl was stopped'));
    return {};
  }

  async getCrawlerMetrics(
    input: { readonly CrawlerNameList?: readonly string[] } = {},
  ): Promise<{ CrawlerMetricsList: CrawlerMetrics[] }> {
    const names = input.CrawlerNameList ?? [...this.crawlers.keys()];
    return {
      CrawlerMetricsList: names.flatMap((name) => {
        const r = this.crawlers.get(name);
        if (r === undefined) return [];
        const last = r.runtimesSeconds.at(-1) ?? 0;
        return [
          {
            CrawlerName: name,
            TimeLeftSeconds: 0,
            StillEstimating: r.run !== undefined,
            LastRuntimeSeconds: last,
            MedianRuntimeSeconds: median(r.runtimesSeconds),
            TablesCreated: r.metrics.created,
            TablesUpdated: r.metrics.updated,
            TablesDeleted: r.metrics.deleted,
          },
        ];
      }),
    };
  }

  /** The crawler's log in `/aws-glue/crawlers` (its stream is named after it), oldest first. */
  crawlLog(name: string): readonly CrawlLogEvent[] {
    return this.record({ Name: name }).log;
  }

  /** Resolves once the crawler is READY again (at once if it is), with GetCrawler's answer. */
  async whenReady(input: { readonly Name: string }): Promise<Crawler> {
    const record = this.record(input);
    await record.run?.settled;
    return this.describe(record);
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private describe(record: CrawlerRecord): Crawler {
    return describeCrawler({
      input: record.input,
      state: record.state,
      creationTime: record.creationTime,
      lastUpdated: record.lastUpdated,
      version: record.version,
      elapsedMs: record.run === undefined ? 0 : this.now().getTime() - record.run.started,
      ...(record.lastCrawl === undefined ? {} : { lastCrawl: record.lastCrawl }),
    });
  }

  private record(input: { readonly Name?: unknown } | undefined): CrawlerRecord {
    const name = requireName(input, 'Crawler');
    const record = this.crawlers.get(name);
    if (record === undefined)
      throw glueError('EntityNotFoundException', `Crawler with name ${name} not found`);
    return record;
  }

  private transition(record: CrawlerRecord, state: CrawlerState): void {
    record.state = state;
    this.options.onStateChange?.({
      crawler: record.input.Name,
      state,
      ...(state === 'READY' && record.lastCrawl !== undefined ? { lastCrawl: record.lastCrawl } : {}),
    });
  }

  private write(record: CrawlerRecord, run: RunningCrawl, level: LogLevel, message: string): void {
    if (record.run !== run) return;
    record.log.push({ timestamp: this.now().toISOString(), message: `[${run.id}] ${level} : ${message}` });
    if (record.log.length > MAX_LOG_EVENTS) record.log.splice(0, record.log.length - MAX_LOG_EVENTS);
  }

  private async execute(record: CrawlerRecord, run: RunningCrawl): Promise<void> {
    const timeout = setTimeout(() => {
      const message = `the local crawl did not finish within ${this.crawlTimeoutMs} ms and was ended`;
      this.write(record, run, 'ERROR', message);
      run.controller.abort(new Error(message));
      this.finish(
        record,
        run,
        run.stopRequested ? 'CANCELLED' : 'FAILED',
        run.stopRequested ? undefined : message,
      );
    }, this.crawlTimeoutMs);
    try {
      const classifiers = (record.input.Classifiers ?? []).flatMap((c) => {
        const found = this.classifiers.get(c);
        return found === undefined ? [] : [found];
      });
      const summary = await runCrawl(
        { input: record.input, options: record.options, classifiers },
        {
          s3: this.options.s3,
          catalog: this.options.catalog,
          signal: run.controller.signal,
          log: (level, message) => this.write(record, run, level, message),
          writing: () => {
            if (record.run === run && record.state === 'RUNNING') this.transition(record, 'STOPPING');
          },
        },
      );
      this.finish(record, run, 'SUCCEEDED', undefined, summary);
    } catch (error) {
      if (run.stopRequested) this.finish(record, run, 'CANCELLED');
      else {
        const message =
          error instanceof CrawlFailure
            ? error.message
            : `Internal Service Exception: ${(error as Error).message}`;
        this.write(record, run, 'ERROR', message);
        this.finish(record, run, 'FAILED', message);
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  private finish(
    record: CrawlerRecord,
    run: RunningCrawl,
    status: CrawlStatus,
    errorMessage?: string,
    summary?: CrawlSummary,
  ): void {
    if (record.run !== run) return;
    this.write(record, run, 'BENCHMARK', `Crawler has finished running and is in state READY (${status})`);
    record.run = undefined;
    record.runtimesSeconds.push((this.now().getTime() - run.started) / 1000);
    record.metrics = {
      created: summary?.tablesCreated ?? 0,
      updated: summary?.tablesUpdated ?? 0,
      deleted: summary?.tablesDeleted ?? 0,
    };
    record.lastCrawl = {
      Status: status,
      ...(errorMessage === undefined ? {} : { ErrorMessage: errorMessage }),
      LogGroup: LOG_GROUP,
      LogStream: record.input.Name,
      MessagePrefix: run.id,
      StartTime: new Date(run.started).toISOString(),
    };
    this.transition(record, 'READY');
  }
}
