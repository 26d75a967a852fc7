/** Calling the local Data API the way a client does: submit, wait for the end, read the result. */
import type { DescribeStatementOutput, Field, LocalRedshiftData } from '../../../local/redshift/index.js';
import { CONNECTION } from './fixtures.js';

export type Value = string | number | boolean | null;

export async function batch(
  redshift: LocalRedshiftData,
  sqls: readonly string[],
  extra: { DbUser?: string } = {},
): Promise<DescribeStatementOutput> {
  const { Id } = await redshift.batchExecuteStatement({ ...CONNECTION, ...extra, Sqls: sqls });
  return redshift.waitFor(Id);
}

const plain = (field: Field): Value => {
  if ('isNull' in field) return null;
  if ('booleanValue' in field) return field.booleanValue;
  if ('longValue' in field) return field.longValue;
  if ('doubleValue' in field) return field.doubleValue;
  if ('stringValue' in field) return field.stringValue;
  return Buffer.from(field.blobValue).toString('hex');
};

/** Runs one statement (as `DbUser` when given); its rows as objects, or the statement's Error. */
export async function sql(
  redshift: LocalRedshiftData,
  text: string,
  DbUser?: string,
): Promise<{ rows: Record<string, Value>[]; error?: string; status: string; resultRows: number }> {
  const { Id } = await redshift.executeStatement({
    ...CONNECTION,
    Sql: text,
    ...(DbUser === undefined ? {} : { DbUser }),
  });
  const d = await redshift.waitFor(Id);
  if (d.Status !== 'FINISHED' || !d.HasResultSet) {
    return {
      rows: [],
      status: d.Status,
      resultRows: d.ResultRows,
      ...(d.Error === undefined ? {} : { error: d.Error }),
    };
  }
  const result = await redshift.getStatementResult({ Id });
  const names = result.ColumnMetadata.map((c) => c.name);
  return {
    status: d.Status,
    resultRows: d.ResultRows,
    rows: result.Records.map((r) => Object.fromEntries(names.map((n, i) => [n, plain(r[i]!)]))),
  };
}

/** The single value of a one-row, one-column query, failing loudly otherwise. */
export async function scalar(redshift: LocalRedshiftData, text: string, DbUser?: string): Promise<Value> {
  const r = await sql(redshift, text, DbUser);
  if (r.error !== undefined) throw new Error(`${text}: ${r.error}`);
  const row = r.rows[0];
  if (r.rows.length !== 1 || row === undefined) throw new Error(`${text}: ${r.rows.length} rows`);
  return Object.values(row)[0] ?? null;
}
