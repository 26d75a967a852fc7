/**
 * The flagship with its local stage's warehouse on Aurora PostgreSQL, end to end: the jobs write
 * a CSV export beside each loaded output, the set-up files run as written through the RDS Data
 * API, and the load runs in one Data API transaction, importing each CSV file with the aws_s3
 * stand-in. The warehouse ends as the Redshift stand-in leaves it on the same input, rows and all;
 * a rerun changes nothing; a failing load rolls back whole.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auroraPostgres, definePipeline, stage } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import {
  type PostgresServer,
  postgresUnavailable,
  startPostgresServer,
} from '../local/redshift/postgres-server.js';
import { makeWorld, run, WAREHOUSE_TEXT, warehouseQuery } from './simulate-world.js';

const world = makeWorld(150, 0.1);

const local = stage({
  name: 'local',
  account: '000000000000',
  region: 'us-east-1',
  bucket: 'lakeline-local',
  warehouse: auroraPostgres({
    clusterArn: 'arn:aws:rds:us-east-1:000000000000:cluster:lakeline-local',
    secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:lakeline-local',
    database: 'dev',
    importRoleName: 'lakeline-local-aurora-import',
  }),
});
const onAurora = definePipeline({
  ...flagship,
  stages: flagship.stages.map((s) => (s.name === 'local' ? local : s)),
});

/** Each warehouse row as JSON without its surrogate keys, which each warehouse numbers itself. */
const rows = async (workdir: string) =>
  (await warehouseQuery(workdir, WAREHOUSE_TEXT))
    .map((r) => JSON.parse(r.j!) as Record<string, unknown>)
    .map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !k.endsWith('_key'))))
    .sort();

describe('the flagship on Aurora PostgreSQL', () => {
  let aurora: Awaited<ReturnType<typeof run>>;

  it('loads the warehouse through the RDS Data API from the CSV exports', async () => {
    aurora = await run(world, { pipeline: onAurora });
    expect(aurora.run.status).toBe('SUCCEEDED');
    const exported = join(aurora.workdir, 's3', 'lakeline-local', 'student-enrollment', 'export');
    expect(readdirSync(exported).sort()).toEqual(['courses', 'enrollments', 'instructors', 'students']);
    expect(aurora.run.warehouse.tables).toEqual({
      'edu.course_dim': aurora.run.datasets.courses!.outputRows,
      'edu.enrollment_fact': aurora.run.datasets.enrollments!.outputRows,
      'edu.instructor_dim': aurora.run.datasets.instructors!.outputRows,
      'edu.student_dim': aurora.run.datasets.students!.outputRows,
    });
  });

  it('ends as the Redshift stand-in ends on the same input', async () => {
    const redshift = await run(world);
    expect(redshift.run.status).toBe('SUCCEEDED');
    expect(redshift.run.warehouse.tables).toEqual(aurora.run.warehouse.tables);
    expect(await rows(aurora.workdir)).toEqual(await rows(redshift.workdir));
  });

  it('is idempotent: a rerun imports the files again and changes nothing', async () => {
    const before = await rows(aurora.workdir);
    const again = await run(world, { workdir: aurora.workdir, pipeline: onAurora });
    expect(again.run.status).toBe('SUCCEEDED');
    expect(again.run.warehouse.tables).toEqual(aurora.run.warehouse.tables);
    expect(await rows(aurora.workdir)).toEqual(before);
  });

  it('rolls the whole load back when it cannot commit, and fails the run with the error', async () => {
    const failed = await run(world, {
      pipeline: onAurora,
      faults: [{ state: 'Commit warehouse load', error: 'RdsData.DatabaseErrorException', times: 1 }],
    });
    const r = failed.run;
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/RdsData.DatabaseErrorException/);
    // The imports and merges ran in the transaction; the rollback took all of them back.
    expect(r.states.find((s) => s.name === 'Roll back warehouse load')?.status).toBe('SUCCEEDED');
    expect(Object.values(r.warehouse.tables).every((n) => n === 0)).toBe(true);
    expect(r.notifications.map((n) => n.subject)).toEqual([
      'lakeline student-enrollment (local): run failed',
    ]);
  });
});

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== undefined)(
  `the flagship on Aurora PostgreSQL, its SQL run by a PostgreSQL server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let server: PostgresServer | undefined;
    afterAll(() => server?.stop());

    it('sets up and loads the warehouse with the files as written; roles and row security hold', async () => {
      const started = await startPostgresServer();
      if (started.server === undefined) throw new Error(started.reason);
      server = started.server;
      const result = await run(world, { pipeline: onAurora, warehouse: server.url });
      expect(result.run.status).toBe('SUCCEEDED');
      expect(result.run.warehouse.tables['edu.enrollment_fact']).toBe(
        result.run.datasets.enrollments!.outputRows,
      );
      const q = (sql: string, role: string) => warehouseQuery(result.workdir, sql, server!.url, role);
      const countries = await q('SELECT DISTINCT country FROM edu.student_dim', 'edu_us_advisor');
      expect(countries.map((r) => r.country)).toEqual(['US']);
      const phones = await q('SELECT phone FROM edu.student_dim_for_edu_reader', 'edu_reader');
      expect(phones.length).toBeGreaterThan(0);
      expect(phones.every((r) => /^X+\d{4}$/.test(r.phone ?? 'XXXX0000'))).toBe(true);
    });
  },
);
