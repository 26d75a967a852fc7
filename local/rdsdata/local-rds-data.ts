/**
 * The RDS Data API, served locally: BeginTransaction, ExecuteStatement, BatchExecuteStatement,
 * CommitTransaction and RollbackTransaction, with AWS's shapes and error names, over the local
 * warehouse (PGlite or a PostgreSQL server) that the Redshift Data API of the same simulated
 * account also uses. SQL runs as written: it is PostgreSQL's own, as on Aurora PostgreSQL. The one
 * statement the simulator carries out itself is the `aws_s3` extension's import of an S3 object
 * (import-from-s3.ts), from the local S3.
 *
 * The warehouse is taken in turns (local/engines/warehouse-turns.ts): a statement without a
 * transaction takes one turn; a transaction holds the warehouse from BeginTransaction until it is
 * committed, rolled back, or rolled back for want of calls (3 minutes, as on AWS), and every other
 * caller's statement waits until then.
 */
import { randomBytes } from 'node:crypto';
import type {
  CopyFormat,
  QualifiedTable,
  SqlParams,
  StatementResult,
  WarehouseConnection,
  WarehouseSession,
} from '../engines/warehouse-connection.js';
import { turnsOf } from '../engines/warehouse-turns.js';
import { BUILTIN_TYPE_NAMES } from '../redshift/result-records.js';
import type { LocalS3 } from '../s3/local-s3.js';
import type {
  BatchExecuteStatementInput,
  BatchExecuteStatementOutput,
  BeginTransactionInput,
  BeginTransactionOutput,
  CommitTransactionOutput,
  ConnectionInput,
  ExecuteStatementInput,
  ExecuteStatementOutput,
  RollbackTransactionOutput,
  SqlParameter,
  TransactionInput,
} from './data-api.js';
import {
  badRequestException,
  databaseError,
  databaseErrorException,
  transactionNotFoundException,
} from './errors.js';
import {
  createsAwsS3Extension,
  type ImportRequest,
  importMessage,
  namesImport,
  parseImport,
} from './import-from-s3.js';
import { bindParameters, parameterMap, stringParameter } from './parameters.js';
import { formattedRecords, rdsResult } from './result-records.js';

export interface LocalRdsDataOptions {
  readonly warehouse: WarehouseConnection;
  readonly s3: LocalS3;
  /** An open transaction with no call for this long is rolled back (default 3 minutes, AWS's rule). */
  readonly idleTimeoutMs?: number;
  /** A transaction older than this is rolled back (default 24 hours, AWS's rule). */
  readonly maxTransactionMs?: number;
}

/** ExecuteStatement's SQL is at most 65,536 characters. */
export const MAX_SQL_LENGTH = 65_536;

const IDLE_MS = 3 * 60 * 1000;
const LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What the aws_s3 extension's missing object comes to (S3's 404, as the extension reports it). */
export const MISSING_OBJECT = 'ERROR: HTTP 404. Requested file does not exist.';

/** Where a statement runs: in a transaction's session, or on its own (autocommit). */
interface Runner {
  run(sql: string, params: SqlParams | undefined): Promise<StatementResult>;
  copy(table: QualifiedTable, columns: readonly string[], file: string, format: CopyFormat): Promise<number>;
}

type Plan =
  | { readonly kind: 'sql'; readonly sql: string; readonly params: SqlParams | undefined }
  | { readonly kind: 'import'; readonly request: ImportRequest }
  | { readonly kind: 'extension' };

class RollbackRequested extends Error {}

const isRollback = (error: unknown): boolean =>
  error instanceof RollbackRequested || (error as { cause?: unknown })?.cause instanceof RollbackRequested;

interface OpenTransaction {
  readonly id: string;
  readonly session: WarehouseSession;
  /** The statements sent in it, one after another; never rejects. */
  chain: Promise<unknown>;
  pending: number;
  ended: boolean;
  idle: NodeJS.Timeout | undefined;
  readonly lifetime: NodeJS.Timeout;
  /** Ends the warehouse transaction: commits, or rolls back. */
  finish(outcome: 'commit' | 'rollback'): void;
  /** Settles when the warehouse transaction has ended (rejects when COMMIT failed). */
  readonly done: Promise<void>;
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export class LocalRdsData {
  private readonly transactions = new Map<string, OpenTransaction>();
  private readonly typeNames = new Map<number, string>(
    Object.entries(BUILTIN_TYPE_NAMES).map(([k, v]) => [Number(k), v]),
  );
  private closed = false;

  constructor(private readonly options: LocalRdsDataOptions) {}

  get warehouse(): WarehouseConnection {
    return this.options.warehouse;
  }

  /** The ids of the transactions open now. */
  openTransactions(): string[] {
    return [...this.transactions.keys()];
  }

  // ── transactions ──────────────────────────────────────────────────────────────────────────

  /** Waits for the warehouse's turn, begins a transaction there, and holds it until it ends. */
  async beginTransaction(input: BeginTransactionInput): Promise<BeginTransactionOutput> {
    this.checkOpen();
    checkConnection(input);
    const warehouse = this.options.warehouse;
    const ready = deferred<WarehouseSession>();
    const outcome = deferred<'commit' | 'rollback'>();
    const done = turnsOf(warehouse)
      .take(() =>
        warehouse.transaction(async (session) => {
          ready.resolve(session);
          if ((await outcome.promise) === 'rollback') throw new RollbackRequested();
        }),
      )
      .catch((error) => {
        if (!isRollback(error)) throw error;
      });
    const endedEarly = done.then(() => Promise.reject(new Error('the transaction ended before it began')));
    endedEarly.catch(() => undefined);
    let session: WarehouseSession;
    try {
      session = await Promise.race([ready.promise, endedEarly]);
    } catch (error) {
      throw databaseError(error);
    }
    const id = randomBytes(36).toString('base64');
    const tx: OpenTransaction = {
      id,
      session,
      chain: Promise.resolve(),
      pending: 0,
      ended: false,
      idle: undefined,
      lifetime: setTimeout(() => this.abort(tx), this.options.maxTransactionMs ?? LIFETIME_MS).unref(),
      finish: (o) => outcome.resolve(o),
      done,
    };
    this.transactions.set(id, tx);
    this.armIdle(tx);
    return { transactionId: id };
  }

  async commitTransaction(input: TransactionInput): Promise<CommitTransactionOutput> {
    const tx = this.endingTransaction(input);
    await tx.chain;
    tx.finish('commit');
    try {
      await tx.done;
    } catch (error) {
      throw databaseError(error);
    }
    return { transactionStatus: 'Transaction Committed' };
  }

  async rollbackTransaction(input: TransactionInput): Promise<RollbackTransactionOutput> {
    const tx = this.endingTransaction(input);
    await tx.chain;
    tx.finish('rollback');
    await tx.done.catch(() => undefined);
    return { transactionStatus: 'Rollback Complete' };
  }

  private endingTransaction(input: TransactionInput): OpenTransaction {
    checkArns(input);
    const tx = this.transaction(input.transactionId);
    this.forget(tx);
    return tx;
  }

  private transaction(id: unknown): OpenTransaction {
    if (typeof id !== 'string' || id === '') throw badRequestException('transactionId is required');
    const tx = this.transactions.get(id);
    if (tx === undefined) throw transactionNotFoundException(id);
    return tx;
  }

  private forget(tx: OpenTransaction): void {
    tx.ended = true;
    this.transactions.delete(tx.id);
    clearTimeout(tx.idle);
    clearTimeout(tx.lifetime);
  }

  /** Rolls the transaction back once its statements so far have run; later calls find no transaction. */
  private abort(tx: OpenTransaction): void {
    if (tx.ended) return;
    this.forget(tx);
    void tx.chain.then(() => tx.finish('rollback'));
  }

  private armIdle(tx: OpenTransaction): void {
    clearTimeout(tx.idle);
    tx.idle = setTimeout(() => {
      if (tx.pending === 0) this.abort(tx);
    }, this.options.idleTimeoutMs ?? IDLE_MS).unref();
  }

  /** Runs `work` in the transaction after its earlier statements; an error rolls the transaction back. */
  private async inTransaction<T>(id: string, work: (runner: Runner) => Promise<T>): Promise<T> {
    const tx = this.transaction(id);
    tx.pending += 1;
    clearTimeout(tx.idle);
    const run = tx.chain.then(async () => {
      if (tx.ended) throw transactionNotFoundException(id);
      try {
        return await work(sessionRunner(tx.session));
      } catch (error) {
        // As on Aurora: a statement that fails aborts its transaction, which is then not found.
        this.abort(tx);
        throw error;
      }
    });
    tx.chain = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      tx.pending -= 1;
      if (!tx.ended && tx.pending === 0) this.armIdle(tx);
    }
  }

  /** Runs `work` in the warehouse's next turn, each statement committing on its own. */
  private autocommit<T>(work: (runner: Runner) => Promise<T>): Promise<T> {
    const warehouse = this.options.warehouse;
    return turnsOf(warehouse).take(() =>
      work({
        run: (sql, params) => warehouse.run(sql, params),
        copy: (table, columns, file, format) =>
          warehouse.transaction((session) => session.copyCsv(table, columns, file, format)),
      }),
    );
  }

  // ── statements ────────────────────────────────────────────────────────────────────────────

  async executeStatement(input: ExecuteStatementInput): Promise<ExecuteStatementOutput> {
    this.checkOpen();
    checkConnection(input);
    checkSql(input.sql);
    checkResultOptions(input);
    const plan = this.plan(input.sql, parameterMap(input.parameters));
    const work = async (runner: Runner): Promise<ExecuteStatementOutput> => {
      const result = await this.run(runner, plan);
      return this.output(runner, result, input);
    };
    return input.transactionId === undefined
      ? this.autocommit(work)
      : this.inTransaction(input.transactionId, work);
  }

  async batchExecuteStatement(input: BatchExecuteStatementInput): Promise<BatchExecuteStatementOutput> {
    this.checkOpen();
    checkConnection(input);
    checkSql(input.sql);
    if (namesImport(input.sql)) {
      throw badRequestException(
        'aws_s3.table_import_from_s3 is served through ExecuteStatement, not in a batch',
      );
    }
    const sets = input.parameterSets ?? [];
    if (!Array.isArray(sets)) throw badRequestException('parameterSets must be a list of parameter lists');
    const plans = (sets.length === 0 ? [undefined] : sets).map((set) =>
      this.plan(input.sql, parameterMap(set as readonly SqlParameter[] | undefined)),
    );
    const work = async (runner: Runner) => {
      for (const plan of plans) await this.run(runner, plan);
      return { updateResults: sets.map(() => ({ generatedFields: [] })) };
    };
    if (input.transactionId !== undefined) return this.inTransaction(input.transactionId, work);
    // Without a transaction the sets still go in one: all of them, or none when one fails.
    const warehouse = this.options.warehouse;
    return turnsOf(warehouse).take(async () => {
      try {
        return await warehouse.transaction((session) => work(sessionRunner(session)));
      } catch (error) {
        throw databaseError(error);
      }
    });
  }

  private plan(sql: string, parameters: ReturnType<typeof parameterMap>): Plan {
    if (createsAwsS3Extension(sql)) return { kind: 'extension' };
    const request = parseImport(sql, (name) => stringParameter(parameters, name));
    if (request !== undefined) return { kind: 'import', request };
    return { kind: 'sql', ...bindParameters(sql, parameters) };
  }

  private async run(runner: Runner, plan: Plan): Promise<StatementResult> {
    try {
      if (plan.kind === 'sql') return await runner.run(plan.sql, plan.params);
      if (plan.kind === 'extension')
        return { command: 'CREATE EXTENSION', rowCount: undefined, columns: undefined, rows: [] };
      return await this.importObject(runner, plan.request);
    } catch (error) {
      throw databaseError(error);
    }
  }

  /** The aws_s3 extension's import: the object copied into the table, the extension's text returned. */
  private async importObject(runner: Runner, request: ImportRequest): Promise<StatementResult> {
    const s3 = this.options.s3;
    let object: ReturnType<LocalS3['head']>;
    try {
      object = s3.head(request.bucket, request.key);
    } catch {
      object = undefined;
    }
    if (object === undefined) throw databaseErrorException(MISSING_OBJECT);
    const rows = await runner.copy(
      request.table,
      request.columns,
      s3.path(request.bucket, request.key),
      request.format,
    );
    return {
      command: 'SELECT',
      rowCount: 1,
      columns: [{ name: 'table_import_from_s3', typeOid: 25 }],
      rows: [[importMessage(rows, request, object.size)]],
    };
  }

  private async output(
    runner: Runner,
    result: StatementResult,
    input: ExecuteStatementInput,
  ): Promise<ExecuteStatementOutput> {
    const updated = DML.has(result.command) ? (result.rowCount ?? 0) : 0;
    if (result.columns === undefined) return { numberOfRecordsUpdated: updated, generatedFields: [] };
    await this.resolveTypeNames(
      runner,
      result.columns.map((c) => c.typeOid),
    );
    const set = rdsResult(result, (oid) => this.typeNames.get(oid) ?? 'unknown');
    const metadata = input.includeResultMetadata === true ? { columnMetadata: set.columns } : {};
    if (input.formatRecordsAs === 'JSON') {
      return { formattedRecords: formattedRecords(set), ...metadata, numberOfRecordsUpdated: updated };
    }
    return { records: set.records, ...metadata, numberOfRecordsUpdated: updated, generatedFields: [] };
  }

  private async resolveTypeNames(runner: Runner, oids: readonly number[]): Promise<void> {
    const unknown = [...new Set(oids)].filter((oid) => !this.typeNames.has(oid));
    if (unknown.length === 0) return;
    const result = await runner.run(
      'SELECT oid::int8 AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[])',
      [`{${unknown.join(',')}}`],
    );
    for (const [oid, name] of result.rows) this.typeNames.set(Number(oid), String(name));
  }

  private checkOpen(): void {
    if (this.closed) throw badRequestException('The local RDS Data API has been closed.');
  }

  /** Rolls back every open transaction and takes no more calls; the warehouse is the account's to close. */
  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.transactions.values()];
    for (const tx of open) this.abort(tx);
    await Promise.all(open.map((tx) => tx.done.catch(() => undefined)));
  }
}

function sessionRunner(session: WarehouseSession): Runner {
  return {
    run: (sql, params) => session.run(sql, params),
    copy: (table, columns, file, format) => session.copyCsv(table, columns, file, format),
  };
}

function checkArns(input: { readonly resourceArn?: unknown; readonly secretArn?: unknown }): void {
  if (
    typeof input?.resourceArn !== 'string' ||
    !/^arn:[^:]+:rds:[^:]*:[^:]*:cluster:.+/.test(input.resourceArn)
  ) {
    throw badRequestException(
      `resourceArn must be an Aurora DB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>), not ${JSON.stringify(input?.resourceArn)}`,
    );
  }
  if (typeof input.secretArn !== 'string' || input.secretArn === '') {
    throw badRequestException('secretArn is required');
  }
}

function checkConnection(input: ConnectionInput): void {
  checkArns(input);
  for (const name of ['database', 'schema'] as const) {
    if (input[name] !== undefined && typeof input[name] !== 'string') {
      throw badRequestException(`${name} must be a string`);
    }
  }
}

function checkSql(sql: unknown): void {
  if (typeof sql !== 'string' || sql.trim() === '') throw badRequestException('sql must not be empty');
  if (sql.length > MAX_SQL_LENGTH) {
    throw badRequestException(`sql is longer than ${MAX_SQL_LENGTH} characters`);
  }
}

function checkResultOptions(input: ExecuteStatementInput): void {
  const format = input.formatRecordsAs;
  if (format !== undefined && format !== 'NONE' && format !== 'JSON') {
    throw badRequestException(`formatRecordsAs must be NONE or JSON, not ${String(format)}`);
  }
  const options = input.resultSetOptions;
  if (options?.decimalReturnType !== undefined && options.decimalReturnType !== 'STRING') {
    throw badRequestException('resultSetOptions.decimalReturnType is served locally as STRING only');
  }
  if (options?.longReturnType !== undefined && options.longReturnType !== 'LONG') {
    throw badRequestException('resultSetOptions.longReturnType is served locally as LONG only');
  }
}
