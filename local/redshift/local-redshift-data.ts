/**
 * The Redshift Data API, served locally: ExecuteStatement, BatchExecuteStatement,
 * DescribeStatement, GetStatementResult, CancelStatement and ListStatements, with AWS's shapes,
 * statuses and error names, over the local warehouse (PGlite or a PostgreSQL server).
 *
 * It receives Redshift SQL — what the state machine embeds and what deploy sends — and runs the
 * PostgreSQL rendering the artifact tree pairs with it (statement-map.ts); SQL it does not know
 * runs as written. A COPY from S3 is carried out from the local S3 (copy-from-s3.ts); a batch reads
 * the files of its COPYs ahead, one COPY after another, while the warehouse runs the statements
 * before them.
 *
 * Statements are queued and run one job at a time, after the call that submitted them has
 * returned: a caller sees SUBMITTED, then PICKED, STARTED, and FINISHED, FAILED or ABORTED, as a
 * poller does on AWS.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCopy, positionalParameters } from '../../core/index.js';
import type {
  StatementResult,
  WarehouseConnection,
  WarehouseSession,
} from '../engines/warehouse-connection.js';
import { turnsOf } from '../engines/warehouse-turns.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { type CopySource, loadCopySource, NO_ROWS, readCopySource } from './copy-from-s3.js';
import type {
  BatchExecuteStatementInput,
  ConnectionInput,
  DescribeStatementOutput,
  ExecuteStatementInput,
  GetStatementResultOutput,
  ListStatementsInput,
  SqlParameter,
  StatementData,
  StatementStatus,
  StatementSubmitted,
} from './data-api.js';
import { resourceNotFoundException, validationException } from './errors.js';
import { BUILTIN_TYPE_NAMES, resultSet } from './result-records.js';
import { StatementMap } from './statement-map.js';
import { type Job, StatementRecord, TERMINAL } from './statement-record.js';

export interface LocalRedshiftDataOptions {
  readonly warehouse: WarehouseConnection;
  readonly s3: LocalS3;
  /** Redshift → PostgreSQL statements (default: none, every statement runs as written). */
  readonly statements?: StatementMap;
  /** Where COPY writes its intermediate CSV (default: the system's temporary folder). */
  readonly scratchDir?: string;
  /** Close the warehouse with the service (default true). */
  readonly ownsWarehouse?: boolean;
  /** Records per GetStatementResult page (default 10,000). */
  readonly pageSize?: number;
  readonly now?: () => Date;
}

/** BatchExecuteStatement takes 1 to 40 statements; a statement is at most 100,000 characters. */
export const MAX_BATCH_STATEMENTS = 40;
export const MAX_SQL_LENGTH = 100_000;

const ID = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$/;

/** One step of a statement's local execution. */
type Step =
  | { readonly kind: 'sql'; readonly sql: string; readonly params: readonly string[] | undefined }
  | {
      readonly kind: 'copy';
      readonly copy: NonNullable<ReturnType<typeof parseCopy>>;
      readonly external: boolean;
    };

class Cancelled extends Error {}

/** The COPY sources of one job, being read ahead; `dispose` stops reading and removes what was read. */
interface ReadAhead {
  source(step: Step): Promise<CopySource>;
  dispose(): Promise<void>;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('ERROR:') ? message : `ERROR: ${message}`;
}

export class LocalRedshiftData {
  private readonly jobs = new Map<string, Job>();
  private readonly plans = new Map<string, Step[][]>();
  private readonly queue: Job[] = [];
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly idleListeners = new Set<() => void>();
  private readonly typeNames = new Map<number, string>(
    Object.entries(BUILTIN_TYPE_NAMES).map(([k, v]) => [Number(k), v]),
  );
  private statements: StatementMap;
  private draining = false;
  private queryIds = 0;
  private pid: number | undefined;
  private closed = false;

  constructor(private readonly options: LocalRedshiftDataOptions) {
    this.statements = options.statements ?? StatementMap.empty();
  }

  get warehouse(): WarehouseConnection {
    return this.options.warehouse;
  }

  /** Replaces the Redshift → PostgreSQL statement map (e.g. once the artifact tree is installed). */
  useStatements(map: StatementMap): void {
    this.statements = map;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  // ── submitting ────────────────────────────────────────────────────────────────────────────

  async executeStatement(input: ExecuteStatementInput): Promise<StatementSubmitted> {
    this.checkOpen();
    this.checkConnection(input);
    if (typeof input.Sql !== 'string' || input.Sql.trim() === '')
      throw validationException('Sql must not be empty.');
    if (input.Sql.length > MAX_SQL_LENGTH)
      throw validationException(`Sql is longer than ${MAX_SQL_LENGTH} characters.`);
    const parameters = this.checkParameters(input.Parameters);
    const steps = [this.plan(input.Sql, parameters)];
    return this.submit(input, [input.Sql], false, steps, parameters);
  }

  async batchExecuteStatement(input: BatchExecuteStatementInput): Promise<StatementSubmitted> {
    this.checkOpen();
    this.checkConnection(input);
    const sqls = input.Sqls;
    if (!Array.isArray(sqls) || sqls.length < 1 || sqls.length > MAX_BATCH_STATEMENTS) {
      throw validationException(`Sqls must hold 1 to ${MAX_BATCH_STATEMENTS} statements.`);
    }
    sqls.forEach((sql, i) => {
      if (typeof sql !== 'string' || sql.trim() === '')
        throw validationException(`Sqls[${i}] must not be empty.`);
      if (sql.length > MAX_SQL_LENGTH)
        throw validationException(`Sqls[${i}] is longer than ${MAX_SQL_LENGTH} characters.`);
    });
    const steps = sqls.map((sql) => this.plan(sql, undefined));
    return this.submit(input, sqls, true, steps, undefined);
  }

  private checkOpen(): void {
    if (this.closed) throw validationException('The local Redshift Data API has been closed.');
  }

  private checkConnection(input: ConnectionInput): void {
    const hasWorkgroup = typeof input.WorkgroupName === 'string' && input.WorkgroupName !== '';
    const hasCluster = typeof input.ClusterIdentifier === 'string' && input.ClusterIdentifier !== '';
    if (hasWorkgroup === hasCluster) {
      throw validationException(
        hasWorkgroup
          ? 'Specify either ClusterIdentifier or WorkgroupName, not both.'
          : 'Either ClusterIdentifier or WorkgroupName is required.',
      );
    }
    if (typeof input.Database !== 'string' || input.Database === '') {
      throw validationException('Database is required.');
    }
    if (input.SessionId !== undefined || input.SessionKeepAliveSeconds !== undefined) {
      throw validationException('Sessions (SessionId, SessionKeepAliveSeconds) are not served locally.');
    }
    if (input.ResultFormat !== undefined && input.ResultFormat !== 'JSON') {
      throw validationException(`ResultFormat ${input.ResultFormat} is not served locally; use JSON.`);
    }
  }

  private checkParameters(
    parameters: readonly SqlParameter[] | undefined,
  ): readonly SqlParameter[] | undefined {
    if (parameters === undefined) return undefined;
    if (!Array.isArray(parameters) || parameters.length === 0) {
      throw validationException('Parameters must hold at least one parameter when given.');
    }
    const seen = new Set<string>();
    for (const p of parameters) {
      if (typeof p?.name !== 'string' || p.name === '' || typeof p.value !== 'string') {
        throw validationException('Each parameter needs a name and a string value.');
      }
      if (seen.has(p.name)) throw validationException(`Parameter ${p.name} is given twice.`);
      seen.add(p.name);
    }
    return parameters;
  }

  /** The local steps of one Redshift statement: its PostgreSQL counterpart, or itself. */
  private plan(redshiftSql: string, parameters: readonly SqlParameter[] | undefined): Step[] {
    const translation = this.statements.translate(redshiftSql);
    const texts = translation?.postgres ?? [redshiftSql];
    return texts.map((sql): Step => {
      const copy = parseCopy(sql);
      if (copy !== undefined) {
        // A PostgreSQL COPY standing for a Redshift statement that is not a COPY reads an external table.
        return { kind: 'copy', copy, external: translation !== undefined && !translation.redshiftCopy };
      }
      if (parameters === undefined) return { kind: 'sql', sql, params: undefined };
      const positional = positionalParameters(sql);
      const values = positional.names.map((name) => {
        const p = parameters.find((x) => x.name === name);
        if (p === undefined)
          throw validationException(`Parameter ${name} is used in the SQL but has no value.`);
        return p.value;
      });
      return { kind: 'sql', sql: positional.sql, params: values };
    });
  }

  private submit(
    input: ConnectionInput,
    sqls: readonly string[],
    batch: boolean,
    steps: Step[][],
    parameters: readonly SqlParameter[] | undefined,
  ): StatementSubmitted {
    const id = randomUUID();
    const now = this.now();
    const parent = new StatementRecord(id, batch ? '' : sqls[0]!, ++this.queryIds, now);
    const statements = batch
      ? sqls.map((sql, i) => new StatementRecord(`${id}:${i + 1}`, sql, ++this.queryIds, now))
      : [parent];
    const job: Job = { id, batch, input, parameters, parent, statements, cancelRequested: false };
    this.jobs.set(id, job);
    this.plans.set(id, steps);
    this.queue.push(job);
    this.pump();
    return {
      Id: id,
      CreatedAt: now,
      ...connectionEcho(input),
    };
  }

  // ── running ───────────────────────────────────────────────────────────────────────────────

  private pump(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        if (job.cancelRequested) continue;
        this.setStatus(job, job.parent, 'PICKED');
        // Let pollers see PICKED before the work takes the warehouse.
        await new Promise((resolve) => setImmediate(resolve));
        // The warehouse is shared (the RDS Data API's transactions): the job waits for its turn, PICKED.
        const current = job;
        await turnsOf(this.options.warehouse).take(() => this.execute(current));
      }
    } finally {
      this.draining = false;
      for (const listener of [...this.idleListeners]) listener();
    }
  }

  private setStatus(job: Job, record: StatementRecord, status: StatementStatus): void {
    record.set(status, this.now());
    this.notify(job.id);
  }

  private async execute(job: Job): Promise<void> {
    const steps = this.plans.get(job.id)!;
    this.plans.delete(job.id);
    this.pid ??= await this.backendPid();
    this.setStatus(job, job.parent, 'STARTED');
    const role = job.input.DbUser;
    const reads = this.readAhead(steps);
    const work = async (session: WarehouseSession) => {
      for (const [i, record] of job.statements.entries()) {
        if (job.cancelRequested) throw new Cancelled();
        if (record !== job.parent) this.setStatus(job, record, 'STARTED');
        let result: StatementResult = { command: '', rowCount: undefined, columns: undefined, rows: [] };
        for (const step of steps[i]!) result = await this.runStep(session, step, reads);
        if (record !== job.parent) {
          record.finish(result, this.now());
          this.notify(job.id);
        } else {
          record.result = result;
        }
      }
    };
    const single = steps.length === 1 && steps[0]!.length === 1 && steps[0]![0]!.kind === 'sql';
    let failure: { error: unknown } | undefined;
    try {
      if (single && role === undefined) {
        // One plain statement commits on its own, as the Data API runs it (some commands refuse a transaction block).
        const warehouse = this.options.warehouse;
        await work({
          run: (sql, params) => warehouse.run(sql, params),
          copyCsv: () => Promise.reject(new Error('unreachable: a single SQL step never copies')),
        });
      } else {
        await this.options.warehouse.transaction(work, role === undefined ? {} : { role });
      }
    } catch (error) {
      failure = { error };
    } finally {
      // Before the status: a poller that sees the job end sees its intermediate files gone.
      await reads.dispose();
    }
    if (failure !== undefined) {
      this.fail(job, failure.error);
      return;
    }
    if (job.batch) this.setStatus(job, job.parent, 'FINISHED');
    else job.parent.finish(job.parent.result!, this.now());
    this.notify(job.id);
  }

  /**
   * Starts reading the files of the job's COPYs, one COPY after another, so that DuckDB reads the
   * Parquet while the warehouse runs the statements before each COPY. Within a batch (one
   * transaction) nothing the job does writes to S3, so reading at the start reads what the COPY's
   * own turn would. A read that fails is reported when its COPY's turn comes.
   */
  private readAhead(steps: readonly Step[][]): ReadAhead {
    const sources = new Map<Step, Promise<CopySource>>();
    let stopped = false;
    let previous: Promise<unknown> = Promise.resolve();
    for (const step of steps.flat()) {
      if (step.kind !== 'copy') continue;
      const context = {
        s3: this.options.s3,
        scratchDir: this.options.scratchDir ?? join(tmpdir(), 'lakeline-redshift'),
        readsExternalTable: step.external,
      };
      const read = previous.then(() => (stopped ? NO_ROWS : readCopySource(step.copy, context)));
      read.catch(() => undefined);
      sources.set(step, read);
      previous = read.catch(() => undefined);
    }
    return {
      source: (step) => sources.get(step)!,
      dispose: async () => {
        stopped = true;
        for (const read of sources.values()) (await read.catch(() => undefined))?.dispose();
      },
    };
  }

  private async runStep(session: WarehouseSession, step: Step, reads: ReadAhead): Promise<StatementResult> {
    if (step.kind === 'sql') return session.run(step.sql, step.params);
    const rows = await loadCopySource(session, step.copy, await reads.source(step));
    return { command: step.external ? 'INSERT' : 'COPY', rowCount: rows, columns: undefined, rows: [] };
  }

  /**
   * The batch was rolled back as a whole. The statement that failed is FAILED with the error;
   * those after it never ran (ABORTED); those before it keep FINISHED — their work is undone with
   * the transaction, as on Redshift. A cancelled job is ABORTED without an error.
   */
  private fail(job: Job, error: unknown): void {
    const now = this.now();
    const cancelled = error instanceof Cancelled;
    const text = cancelled ? undefined : errorText(error);
    let reached = false;
    for (const record of job.statements) {
      if (record === job.parent) continue;
      if (record.status === 'STARTED') {
        reached = true;
        if (text !== undefined) record.error = text;
        record.set(cancelled ? 'ABORTED' : 'FAILED', now);
      } else if (!TERMINAL.has(record.status) || reached) {
        reached = true;
        record.set('ABORTED', now);
      }
    }
    if (text !== undefined) job.parent.error = text;
    job.parent.set(cancelled ? 'ABORTED' : 'FAILED', now);
    this.notify(job.id);
  }

  private async backendPid(): Promise<number> {
    try {
      const rows = await this.options.warehouse.query('SELECT pg_backend_pid() AS pid');
      return Number(rows[0]?.pid ?? 0);
    } catch {
      return 0;
    }
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  private find(id: unknown): { job: Job; record: StatementRecord } {
    if (typeof id !== 'string' || !ID.test(id)) {
      throw validationException(`Id "${String(id)}" is not a statement identifier.`);
    }
    const [jobId, n] = id.split(':');
    const job = this.jobs.get(jobId!);
    if (job === undefined) throw resourceNotFoundException(`Query ${id} does not exist.`);
    if (n === undefined) return { job, record: job.parent };
    const record = job.batch ? job.statements[Number(n) - 1] : undefined;
    if (record === undefined) throw resourceNotFoundException(`Query ${id} does not exist.`);
    return { job, record };
  }

  async describeStatement(input: { readonly Id: string }): Promise<DescribeStatementOutput> {
    const { job, record } = this.find(input?.Id);
    const own = record.describe();
    const { QueryString, ...rest } = own;
    return {
      ...rest,
      ...(QueryString === '' ? {} : { QueryString }),
      ...connectionEcho(job.input),
      RedshiftPid: this.pid ?? 0,
      ResultFormat: 'JSON',
      ...(record === job.parent && job.parameters !== undefined ? { QueryParameters: job.parameters } : {}),
      ...(record === job.parent && job.batch
        ? { SubStatements: job.statements.map((s) => s.describe()) }
        : {}),
      ...(record === job.parent && job.batch
        ? { HasResultSet: job.statements.some((s) => s.hasResultSet) }
        : {}),
    };
  }

  async getStatementResult(input: {
    readonly Id: string;
    readonly NextToken?: string;
  }): Promise<GetStatementResultOutput> {
    const { job, record } = this.find(input?.Id);
    if (job.batch && record === job.parent) {
      throw validationException(
        `Query ${input.Id} is a batch; ask for the result of one of its statements (${input.Id}:1 …).`,
      );
    }
    if (record.status !== 'FINISHED' || !record.hasResultSet) {
      throw resourceNotFoundException(
        'Query does not have result. Please check query status with DescribeStatement.',
      );
    }
    const result = record.result!;
    await this.resolveTypeNames((result.columns ?? []).map((c) => c.typeOid));
    const set = resultSet(result, (oid) => this.typeNames.get(oid) ?? 'unknown');
    const pageSize = this.options.pageSize ?? 10_000;
    const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
    const records = set.records.slice(offset, offset + pageSize);
    const next = offset + pageSize < set.records.length ? encodeToken(offset + pageSize) : undefined;
    return {
      Records: records,
      ColumnMetadata: set.columns,
      TotalNumRows: set.records.length,
      ...(next === undefined ? {} : { NextToken: next }),
    };
  }

  /** The statements and batches submitted, newest first, filtered as ListStatements filters them. */
  listStatements(input: ListStatementsInput = {}): StatementData[] {
    const status = input.Status ?? 'ALL';
    return [...this.jobs.values()]
      .filter((job) => {
        const i = job.input;
        if (status !== 'ALL' && job.parent.status !== status) return false;
        if (input.StatementName !== undefined && !(i.StatementName ?? '').startsWith(input.StatementName))
          return false;
        if (input.Database !== undefined && i.Database !== input.Database) return false;
        if (input.ClusterIdentifier !== undefined && i.ClusterIdentifier !== input.ClusterIdentifier)
          return false;
        return input.WorkgroupName === undefined || i.WorkgroupName === input.WorkgroupName;
      })
      .reverse()
      .map((job) => ({
        Id: job.id,
        ...(job.batch
          ? { QueryStrings: job.statements.map((s) => s.queryString) }
          : { QueryString: job.parent.queryString }),
        ...(job.input.SecretArn === undefined ? {} : { SecretArn: job.input.SecretArn }),
        Status: job.parent.status,
        ...(job.input.StatementName === undefined ? {} : { StatementName: job.input.StatementName }),
        CreatedAt: job.parent.createdAt,
        UpdatedAt: job.parent.updatedAt,
        ...(job.parameters === undefined ? {} : { QueryParameters: job.parameters }),
        IsBatchStatement: job.batch,
        ResultFormat: 'JSON' as const,
      }));
  }

  private async resolveTypeNames(oids: readonly number[]): Promise<void> {
    const unknown = [...new Set(oids)].filter((oid) => !this.typeNames.has(oid));
    if (unknown.length === 0) return;
    const rows = await this.options.warehouse.query(
      'SELECT oid::int8 AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[])',
      [`{${unknown.join(',')}}`],
    );
    for (const row of rows) this.typeNames.set(Number(row.oid), String(row.typname));
  }

  /**
   * Cancels a statement that has not ended. One still queued never runs; one running is stopped
   * at its next statement boundary (the engines cannot interrupt a statement) and rolled back.
   */
  async cancelStatement(input: { readonly Id: string }): Promise<{ Status: boolean }> {
    const { job, record } = this.find(input?.Id);
    if (record !== job.parent) throw validationException('Cancel the batch, not one of its statements.');
    if (TERMINAL.has(job.parent.status)) {
      throw validationException(`Could not cancel a query that is already in ${job.parent.status} state.`);
    }
    job.cancelRequested = true;
    if (job.parent.status === 'SUBMITTED') {
      const now = this.now();
      for (const s of job.statements) s.set('ABORTED', now);
      job.parent.set('ABORTED', now);
      this.notify(job.id);
    }
    return { Status: true };
  }

  // ── waiting ───────────────────────────────────────────────────────────────────────────────

  private notify(jobId: string): void {
    for (const listener of [...(this.listeners.get(jobId) ?? [])]) listener();
  }

  /**
   * Resolves when the statement's status moves on from what it is now, when it has ended, or after
   * `timeoutMs` — a long poll, so a poller with no wait of its own does not spin.
   */
  async waitForProgress(id: string, timeoutMs: number): Promise<void> {
    const { job, record } = this.find(id);
    if (TERMINAL.has(record.status)) return;
    const from = record.status;
    await new Promise<void>((resolve) => {
      const set = this.listeners.get(job.id) ?? new Set();
      this.listeners.set(job.id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(check);
        if (set.size === 0) this.listeners.delete(job.id);
        resolve();
      };
      const check = () => {
        if (record.status !== from) done();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(check);
    });
  }

  /** Resolves with the statement's description once it has ended. */
  async waitFor(id: string): Promise<DescribeStatementOutput> {
    for (;;) {
      const { record } = this.find(id);
      if (TERMINAL.has(record.status)) return this.describeStatement({ Id: id });
      await this.waitForProgress(id, 60_000);
    }
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return;
    await new Promise<void>((resolve) => {
      const listener = () => {
        if (this.draining || this.queue.length > 0) return;
        this.idleListeners.delete(listener);
        resolve();
      };
      this.idleListeners.add(listener);
    });
  }

  /** Stops taking statements, lets the queued ones finish, and closes the warehouse if it owns it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    if (this.options.ownsWarehouse !== false) await this.options.warehouse.close();
  }
}

function connectionEcho(input: ConnectionInput): Partial<StatementSubmitted> {
  const out: { -readonly [K in keyof StatementSubmitted]?: StatementSubmitted[K] } = {};
  if (input.Database !== undefined) out.Database = input.Database;
  if (input.DbUser !== undefined) out.DbUser = input.DbUser;
  if (input.ClusterIdentifier !== undefined) out.ClusterIdentifier = input.ClusterIdentifier;
  if (input.WorkgroupName !== undefined) out.WorkgroupName = input.WorkgroupName;
  if (input.SecretArn !== undefined) out.SecretArn = input.SecretArn;
  return out;
}

const encodeToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

function decodeToken(token: string): number {
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (m === null) throw validationException('NextToken is not valid.');
  return Number(m[1]);
}
