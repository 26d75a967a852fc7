/**
 * What the service remembers of each statement it was sent: its status as DescribeStatement
 * reports it, and its result until GetStatementResult asks for it.
 */
import type { StatementResult } from '../engines/warehouse-connection.js';
import type { ConnectionInput, SqlParameter, StatementStatus, SubStatementData } from './data-api.js';

export const TERMINAL: ReadonlySet<StatementStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** Commands whose count PostgreSQL reports; for the others ResultRows is -1 ("null"). */
const COUNTED = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'FETCH', 'MOVE']);

export class StatementRecord {
  status: StatementStatus = 'SUBMITTED';
  readonly createdAt: Date;
  updatedAt: Date;
  durationNs = -1;
  error: string | undefined;
  result: StatementResult | undefined;
  resultBytes = -1;
  private startedAt: bigint | undefined;

  constructor(
    readonly id: string,
    readonly queryString: string,
    readonly queryId: number,
    now: Date,
  ) {
    this.createdAt = now;
    this.updatedAt = now;
  }

  get hasResultSet(): boolean {
    return this.result?.columns !== undefined;
  }

  get resultRows(): number {
    const r = this.result;
    if (r === undefined) return -1;
    if (r.columns !== undefined) return r.rows.length;
    return COUNTED.has(r.command) && r.rowCount !== undefined ? r.rowCount : -1;
  }

  set(status: StatementStatus, now: Date): void {
    this.status = status;
    this.updatedAt = now;
    if (status === 'STARTED') this.startedAt = process.hrtime.bigint();
    if (TERMINAL.has(status) && this.startedAt !== undefined) {
      this.durationNs = Number(process.hrtime.bigint() - this.startedAt);
    }
  }

  finish(result: StatementResult, now: Date): void {
    this.result = result;
    if (result.columns !== undefined) {
      let bytes = 0;
      for (const row of result.rows) for (const v of row) if (v !== null) bytes += Buffer.byteLength(v);
      this.resultBytes = bytes;
    }
    this.set('FINISHED', now);
  }

  describe(): SubStatementData {
    return {
      Id: this.id,
      Status: this.status,
      QueryString: this.queryString,
      CreatedAt: this.createdAt,
      UpdatedAt: this.updatedAt,
      Duration: this.durationNs,
      HasResultSet: this.hasResultSet,
      ResultRows: this.resultRows,
      ResultSize: this.resultBytes,
      RedshiftQueryId: this.queryId,
      ...(this.error === undefined ? {} : { Error: this.error }),
    };
  }
}

/** One ExecuteStatement or BatchExecuteStatement call: its statements run in one transaction. */
export interface Job {
  readonly id: string;
  readonly batch: boolean;
  readonly input: ConnectionInput;
  readonly parameters: readonly SqlParameter[] | undefined;
  /** The job's own status (a batch's parent statement; for a single statement, the statement). */
  readonly parent: StatementRecord;
  /** For a single statement: [parent]. For a batch: one per Sqls entry, Ids `<id>:<n>`. */
  readonly statements: readonly StatementRecord[];
  cancelRequested: boolean;
}
