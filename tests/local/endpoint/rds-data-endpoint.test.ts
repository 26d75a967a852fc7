/**
 * The RDS Data API on the local endpoint, in the SDK's wire format (REST-JSON: POST /<path> with
 * camelCase members, errors as `x-amzn-errortype` with the model's status), sent as plain HTTP
 * signed for `rds-data` (the endpoint routes by the credential scope).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEndpoint } from '../../../local/endpoint/index.js';
import { rdsDataEndpoint } from '../../../local/endpoint/rds-data-endpoint.js';
import { startLocalEndpoint } from '../../../local/endpoint/server.js';
import { PgliteWarehouse } from '../../../local/engines/index.js';
import { LocalRdsData } from '../../../local/rdsdata/index.js';
import { LocalS3 } from '../../../local/s3/local-s3.js';
import { CLUSTER } from '../rdsdata/cluster.js';
import { scratch } from '../redshift/fixtures.js';

const work = scratch('rds-endpoint');
let rds: LocalRdsData;
let endpoint: RunningEndpoint;

beforeAll(async () => {
  const s3 = new LocalS3(`${work.dir}/s3`);
  s3.put('landing', 'a.csv', 'id,name\n1,x\n');
  rds = new LocalRdsData({ warehouse: await PgliteWarehouse.open(), s3 });
  endpoint = await startLocalEndpoint({
    services: [rdsDataEndpoint({ rdsData: Promise.resolve(rds) })],
    account: '000000000000',
    port: 0,
  });
});
afterAll(async () => {
  await endpoint.close();
  await rds.close();
  await rds.warehouse.close();
  work.remove();
});

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; error?: string; json: Record<string, unknown> }> {
  const response = await fetch(`${endpoint.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/rds-data/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    ...(response.headers.get('x-amzn-errortype') === null
      ? {}
      : { error: response.headers.get('x-amzn-errortype')! }),
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('the rds-data endpoint', () => {
  it('runs statements, parameters and results in the wire shapes', async () => {
    expect(
      await post('/Execute', { ...CLUSTER, sql: 'CREATE TABLE t (id int, name text, data bytea)' }),
    ).toEqual({
      status: 200,
      json: { numberOfRecordsUpdated: 0, generatedFields: [] },
    });
    const insert = await post('/Execute', {
      ...CLUSTER,
      sql: 'INSERT INTO t VALUES (:id, :name, :data)',
      parameters: [
        { name: 'id', value: { longValue: 1 } },
        { name: 'name', value: { stringValue: 'Ada' } },
        { name: 'data', value: { blobValue: Buffer.from([0, 1, 2]).toString('base64') } },
      ],
    });
    expect(insert.json.numberOfRecordsUpdated).toBe(1);
    const select = await post('/Execute', {
      ...CLUSTER,
      sql: 'SELECT * FROM t',
      includeResultMetadata: true,
    });
    expect(select.json.records).toEqual([[{ longValue: 1 }, { stringValue: 'Ada' }, { blobValue: 'AAEC' }]]);
    expect((select.json.columnMetadata as { name: string }[]).map((c) => c.name)).toEqual([
      'id',
      'name',
      'data',
    ]);
    const json = await post('/Execute', {
      ...CLUSTER,
      sql: 'SELECT id, name FROM t',
      formatRecordsAs: 'JSON',
    });
    expect(json.json).toEqual({ formattedRecords: '[{"id":1,"name":"Ada"}]', numberOfRecordsUpdated: 0 });
  });

  it('begins, imports in, and commits or rolls back a transaction', async () => {
    const begun = await post('/BeginTransaction', CLUSTER);
    const transactionId = begun.json.transactionId as string;
    expect(typeof transactionId).toBe('string');
    const imported = await post('/Execute', {
      ...CLUSTER,
      transactionId,
      sql: "SELECT aws_s3.table_import_from_s3('t', 'id,name', '(FORMAT csv, HEADER true)', 'landing', 'a.csv', 'us-east-1')",
    });
    expect(imported.json.records).toEqual([
      [{ stringValue: '1 rows imported into relation "t" from file a.csv of 12 bytes' }],
    ]);
    expect(await post('/RollbackTransaction', { ...CLUSTER, transactionId })).toEqual({
      status: 200,
      json: { transactionStatus: 'Rollback Complete' },
    });
    const again = await post('/CommitTransaction', { ...CLUSTER, transactionId });
    expect(again).toEqual({
      status: 404,
      error: 'TransactionNotFoundException',
      json: { message: `Transaction ${transactionId} is not found` },
    });
    const next = (await post('/BeginTransaction', CLUSTER)).json.transactionId as string;
    const batch = await post('/BatchExecute', {
      ...CLUSTER,
      transactionId: next,
      sql: 'INSERT INTO t (id) VALUES (:id)',
      parameterSets: [[{ name: 'id', value: { longValue: 2 } }], [{ name: 'id', value: { longValue: 3 } }]],
    });
    expect(batch.json).toEqual({ updateResults: [{ generatedFields: [] }, { generatedFields: [] }] });
    expect((await post('/CommitTransaction', { ...CLUSTER, transactionId: next })).json).toEqual({
      transactionStatus: 'Transaction Committed',
    });
    expect((await post('/Execute', { ...CLUSTER, sql: 'SELECT count(*) FROM t' })).json.records).toEqual([
      [{ longValue: 3 }],
    ]);
  });

  it.each([
    [
      'an error of the SQL',
      '/Execute',
      { ...CLUSTER, sql: 'SELEC 1' },
      400,
      'DatabaseErrorException',
      /^ERROR: syntax error at or near "SELEC"/,
    ],
    ['a member missing', '/Execute', { ...CLUSTER }, 400, 'BadRequestException', /sql is required/],
    ['a member of the wrong type', '/Execute', { ...CLUSTER, sql: 1 }, 400, 'BadRequestException', /sql/],
    [
      'an unknown path',
      '/ExecuteSql',
      { ...CLUSTER, sql: 'SELECT 1' },
      404,
      'UnknownOperationException',
      /ExecuteSql/,
    ],
  ])('answers %s with the code and status of the model', async (_, path, body, status, code, message) => {
    const answer = await post(path, body);
    expect(answer.status).toBe(status);
    expect(answer.error).toBe(code);
    expect(answer.json.message).toMatch(message);
  });
});
