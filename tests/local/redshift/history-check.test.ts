/**
 * The check that ends the load of a dimension with history, through the local Redshift Data API
 * on PGlite: the Redshift set-up creates the procedure the check calls, the Redshift CALL runs as
 * its stand-in (a DO block), and a violation fails the batch with the check's message and rolls
 * back what the batch did before it, as BatchExecuteStatement does on Redshift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAGE, WAREHOUSE_FILES } from '../../../core/index.js';
import { type LocalRedshiftData, openLocalRedshift } from '../../../local/redshift/index.js';
import {
  synthWarehouse,
  warehouseFileStatements,
  warehouseLoadStatements,
} from '../../../warehouse/index.js';
import { scd2Pipeline, TIMESTAMP_STRATEGY } from '../../fixtures/scd2-pipeline.js';
import { batch, scalar, sql } from './calls.js';
import { LocalS3, scratch } from './fixtures.js';

const pipeline = scd2Pipeline(TIMESTAMP_STRATEGY);
const CHECK = warehouseLoadStatements(pipeline, LOCAL_STAGE, 'redshift').find((st) =>
  st.startsWith('CALL '),
)!;

describe('the history check through the local Redshift Data API', () => {
  const work = scratch('history-check');
  let redshift: LocalRedshiftData;

  beforeAll(async () => {
    for (const artifact of synthWarehouse(pipeline, LOCAL_STAGE)) {
      const file = join(work.dir, pipeline.name, artifact.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, artifact.content);
    }
    redshift = await openLocalRedshift({
      warehouse: 'pglite',
      dataDir: join(work.dir, 'warehouse'),
      s3: new LocalS3(join(work.dir, 's3')),
      trees: [work.dir],
      scratchDir: join(work.dir, 'scratch'),
    });
    const schema = warehouseFileStatements(pipeline, LOCAL_STAGE, 'redshift', WAREHOUSE_FILES.schema);
    expect(schema.at(-1)).toMatch(/^CREATE OR REPLACE PROCEDURE "shop"\."lakeline_assert_empty"/);
    expect((await batch(redshift, schema)).Status).toBe('FINISHED');
  });
  afterAll(async () => {
    await redshift?.close();
    work.remove();
  });

  /** A current version of C1, written by hand. */
  const version = (scdId: string, from: string) =>
    `INSERT INTO shop.dim_customers (customer_id, segment, city, valid_from, valid_to, is_current, scd_id)
     VALUES ('C1', 'retail', 'Paris', '${from}', NULL, TRUE, '${scdId}')`;
  const stage = "INSERT INTO shop_staging.customers (customer_id) VALUES ('C9')";

  it('passes over a sound history', async () => {
    expect((await sql(redshift, version('first', '2023-12-01 10:00:00'))).status).toBe('FINISHED');
    expect((await batch(redshift, [stage, CHECK])).Status).toBe('FINISHED');
    expect(await scalar(redshift, 'SELECT count(*) FROM shop_staging.customers')).toBe(1);
    await sql(redshift, 'DELETE FROM shop_staging.customers');
  });

  it('fails the batch on a second current version, with the message, and rolls the batch back', async () => {
    expect((await sql(redshift, version('second', '2023-12-05 10:00:00'))).status).toBe('FINISHED');
    const d = await batch(redshift, [stage, CHECK]);
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toBe('ERROR: the history of shop.dim_customers: 2 current versions of customer_id C1');
    expect((d.SubStatements ?? []).map((s) => s.Status)).toEqual(['FINISHED', 'FAILED']);
    expect(await scalar(redshift, 'SELECT count(*) FROM shop_staging.customers')).toBe(0);
  });
});
