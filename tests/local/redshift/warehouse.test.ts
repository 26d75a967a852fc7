/**
 * The flagship's warehouse through the local Redshift Data API, on PGlite and on a real
 * PostgreSQL server: the Redshift schema, roles and policies files sent as deploy sends them; the
 * load sent as the state machine embeds it, its COPY statements reading real Parquet files from
 * the local S3; reruns, a failing batch, a missing prefix; then each role (DbUser) reading and
 * writing what the synthesized grants, row filters and masks allow, and nothing else.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAREHOUSE_SETUP_FILES } from '../../../core/index.js';
import { type LocalRedshiftData, openLocalRedshift } from '../../../local/redshift/index.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { batch, scalar, sql } from './calls.js';
import {
  copyPrefixes,
  LocalS3,
  loadSqls,
  processedLayer,
  redshiftFile,
  scratch,
  writeProcessed,
  writeTree,
} from './fixtures.js';
import { type PostgresServer, postgresUnavailable, startPostgresServer } from './postgres-server.js';

const ROLES = ['edu_reader', 'edu_writer', 'edu_us_advisor'];

interface Engine {
  readonly name: string;
  readonly skip?: string;
  /** The `warehouse` option, once the engine is up. */
  start(): Promise<{ warehouse: string; stop: () => Promise<void> }>;
}

const pglite: Engine = {
  name: 'PGlite',
  start: async () => ({ warehouse: 'pglite', stop: async () => undefined }),
};

const unavailable = postgresUnavailable();
if (unavailable !== undefined) console.warn(`skipping the PostgreSQL server tests: ${unavailable}`);

const postgres: Engine = {
  name: 'PostgreSQL server',
  ...(unavailable === undefined ? {} : { skip: unavailable }),
  start: async () => {
    const { server, reason } = await startPostgresServer();
    if (server === undefined) throw new Error(reason);
    await resetServer(server);
    return { warehouse: server.url, stop: () => server.stop() };
  },
};

/** The database is new; a server given through LAKELINE_TEST_POSTGRES_URL may hold older runs' roles. */
async function resetServer(server: PostgresServer): Promise<void> {
  const { openWarehouseConnection } = await import('../../../local/engines/index.js');
  const w = await openWarehouseConnection({ warehouse: server.url });
  try {
    for (const role of ROLES) await w.run(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await w.close();
  }
}

describe.each([pglite, postgres])('the warehouse on $name', (engine) => {
  const suite = engine.skip === undefined ? describe : describe.skip;
  suite('through the local Redshift Data API', () => {
    const work = scratch('warehouse');
    const s3 = new LocalS3(`${work.dir}/s3`);
    let redshift: LocalRedshiftData;
    let stop: () => Promise<void> = async () => undefined;
    let warehouse = '';

    const open = () =>
      openLocalRedshift({
        warehouse,
        dataDir: `${work.dir}/warehouse`,
        s3,
        trees: [work.dir],
        scratchDir: `${work.dir}/scratch`,
      });

    beforeAll(async () => {
      writeTree(work.dir);
      await writeProcessed(s3, processedLayer());
      const started = await engine.start();
      warehouse = started.warehouse;
      stop = started.stop;
      redshift = await open();
    });

    afterAll(async () => {
      await redshift?.close();
      await stop();
      work.remove();
    });

    const count = async (table: string) => Number(await scalar(redshift, `SELECT count(*) FROM ${table}`));

    it('runs the Redshift schema, roles and policies files, as deploy sends them', async () => {
      for (const file of WAREHOUSE_SETUP_FILES) {
        const d = await batch(redshift, redshiftFile(file));
        expect({ file, status: d.Status, error: d.Error }).toEqual({
          file,
          status: 'FINISHED',
          error: undefined,
        });
      }
      const roles = await sql(
        redshift,
        "SELECT rolname FROM pg_roles WHERE rolname LIKE 'edu\\_%' ORDER BY 1",
      );
      expect(roles.rows.map((r) => r.rolname)).toEqual(['edu_reader', 'edu_us_advisor', 'edu_writer']);
      expect(
        await scalar(redshift, "SELECT relrowsecurity FROM pg_class WHERE oid = 'edu.student_dim'::regclass"),
      ).toBe(true);
      expect(
        await scalar(redshift, "SELECT count(*) FROM pg_views WHERE viewname = 'student_dim_for_edu_reader'"),
      ).toBe(1);
    });

    it('loads staging by COPY from the Parquet files in the local S3, partition folders as columns', async () => {
      const d = await batch(redshift, loadSqls());
      expect(d.Status).toBe('FINISHED');
      const rows = Object.fromEntries(
        (d.SubStatements ?? [])
          .filter((s) => /^(COPY|INSERT INTO "edu_staging"\."enrollments")/.test(s.QueryString))
          .map((s) => [/"edu_staging"\."(\w+)"/.exec(s.QueryString)![1], s.ResultRows]),
      );
      expect(rows).toEqual({ students: 3, courses: 2, instructors: 1, enrollments: 4 });
      expect(await count('edu.student_dim')).toBe(3);
      expect(await count('edu.course_dim')).toBe(2);
      expect(await count('edu.instructor_dim')).toBe(1);
      expect(await count('edu.enrollment_fact')).toBe(4);

      // Read through Spectrum by name: the star's columns, the term from the partition folder, no notes.
      const staged = await sql(
        redshift,
        'SELECT enrollment_id, term, marks, updated_at FROM edu_staging.enrollments ORDER BY 1',
      );
      expect(staged.rows).toEqual([
        { enrollment_id: 'E1', term: '2024S', marks: '91.50', updated_at: '2024-01-10 09:00:00' },
        { enrollment_id: 'E2', term: '2024S', marks: '75.00', updated_at: '2024-01-11 09:00:00' },
        { enrollment_id: 'E3', term: '2024S', marks: null, updated_at: '2024-02-01 09:00:00' },
        { enrollment_id: 'E4', term: '2024F', marks: '50.00', updated_at: '2024-02-02 09:00:00' },
      ]);
      expect(
        await scalar(
          redshift,
          "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'edu_staging' AND table_name = 'enrollments' AND column_name = 'notes'",
        ),
      ).toBe(0);
      // A COPY by position keeps an empty string apart from NULL.
      const students = await sql(
        redshift,
        "SELECT email, ssn FROM edu_staging.students WHERE student_id = 'S003'",
      );
      expect(students.rows).toEqual([{ email: null, ssn: '' }]);
      const orphan = await sql(
        redshift,
        "SELECT student_key, course_key, term FROM edu.enrollment_fact WHERE enrollment_id = 'E4'",
      );
      expect(orphan.rows[0]?.student_key).toBeNull();
      expect(orphan.rows[0]?.course_key).not.toBeNull();
      expect(orphan.rows[0]?.term).toBe('2024F');
    });

    it('is idempotent: a second load leaves the same rows and keys, and no duplicate fact', async () => {
      const snapshot = async () => ({
        students: (await sql(redshift, 'SELECT * FROM edu.student_dim ORDER BY student_key')).rows,
        facts: (await sql(redshift, 'SELECT * FROM edu.enrollment_fact ORDER BY enrollment_id')).rows,
      });
      const before = await snapshot();
      const d = await batch(redshift, loadSqls());
      expect(d.Status).toBe('FINISHED');
      expect(await snapshot()).toEqual(before);
      // A deliberate difference: locally a MERGE rewrites (and counts) only changed rows; Redshift counts every match.
      const merges = (d.SubStatements ?? []).filter((s) => s.QueryString.startsWith('MERGE'));
      expect(merges.map((s) => s.ResultRows)).toEqual([0, 0, 0, 0]);
      expect(
        await count('(SELECT enrollment_id FROM edu.enrollment_fact GROUP BY 1 HAVING count(*) > 1) AS d'),
      ).toBe(0);
    });

    it('rolls a failing batch back as a whole: FAILED with the error, nothing partial', async () => {
      await writeProcessed(s3, processedLayer({ late: true }));
      const sqls = loadSqls();
      const failing = 'INSERT INTO "edu"."course_dim" ("course_id") VALUES (NULL)';
      // After the dimensions are merged, before the facts.
      const at = sqls.findIndex((s) => s.startsWith('DELETE FROM "edu_staging"."enrollment_fact"'));
      const d = await batch(redshift, [...sqls.slice(0, at), failing, ...sqls.slice(at)]);
      expect(d.Status).toBe('FAILED');
      expect(d.Error).toMatch(/^ERROR: null value in column "course_id"/);
      const statuses = (d.SubStatements ?? []).map((s) => s.Status);
      expect(statuses.slice(0, at).every((s) => s === 'FINISHED')).toBe(true);
      expect(statuses[at]).toBe('FAILED');
      expect(d.SubStatements?.[at]?.Error).toBe(d.Error);
      expect(statuses.slice(at + 1).every((s) => s === 'ABORTED')).toBe(true);
      // The late student was staged and merged inside the batch; both were rolled back.
      expect(await count('edu_staging.students')).toBe(3);
      expect(await count('edu.student_dim')).toBe(3);
      expect(await count('edu.course_dim')).toBe(2);

      expect((await batch(redshift, sqls)).Status).toBe('FINISHED');
      expect(await count('edu.student_dim')).toBe(4);
      expect(
        await scalar(
          redshift,
          `SELECT s.student_id FROM edu.enrollment_fact f JOIN edu.student_dim s ON s.student_key = f.student_key
           WHERE f.enrollment_id = 'E4'`,
        ),
      ).toBe('S404');
    });

    describe('roles (DbUser)', () => {
      it('edu_reader reads every student, but the masked columns only through its view', async () => {
        expect(await scalar(redshift, 'SELECT count(*) FROM edu.student_dim', 'edu_reader')).toBe(4);
        for (const column of ['phone', 'date_of_birth', '*']) {
          const r = await sql(redshift, `SELECT ${column} FROM edu.student_dim`, 'edu_reader');
          expect(r.status).toBe('FAILED');
          expect(r.error).toMatch(/^ERROR: permission denied for table student_dim/);
        }
        const masked = await sql(
          redshift,
          'SELECT student_id, phone, date_of_birth FROM edu.student_dim_for_edu_reader ORDER BY student_id',
          'edu_reader',
        );
        expect(masked.rows).toEqual([
          { student_id: 'S001', phone: 'XXXXXX1234', date_of_birth: null },
          { student_id: 'S002', phone: 'XXXXXX9876', date_of_birth: null },
          { student_id: 'S003', phone: 'XX', date_of_birth: null },
          { student_id: 'S404', phone: null, date_of_birth: null },
        ]);
      });

      it('edu_reader reads only the granted instructor columns, no staging, and cannot write', async () => {
        expect(await scalar(redshift, 'SELECT count(full_name) FROM edu.instructor_dim', 'edu_reader')).toBe(
          1,
        );
        const denied = [
          'SELECT email_hash FROM edu.instructor_dim',
          'SELECT count(*) FROM edu_staging.students',
          "INSERT INTO edu.course_dim (course_id) VALUES ('C9')",
          "UPDATE edu.enrollment_fact SET status = 'x'",
          'DELETE FROM edu.enrollment_fact',
        ];
        for (const text of denied) {
          const r = await sql(redshift, text, 'edu_reader');
          expect({ text, status: r.status, error: r.error }).toMatchObject({
            text,
            status: 'FAILED',
            error: expect.stringMatching(/permission denied/),
          });
        }
        expect(await count('edu.enrollment_fact')).toBe(4);
      });

      it('edu_us_advisor sees US students only, in its five columns', async () => {
        const r = await sql(
          redshift,
          'SELECT student_id, country FROM edu.student_dim ORDER BY 1',
          'edu_us_advisor',
        );
        expect(r.rows).toEqual([
          { student_id: 'S001', country: 'US' },
          { student_id: 'S003', country: 'US' },
        ]);
        for (const text of [
          'SELECT email_hash FROM edu.student_dim',
          'SELECT phone FROM edu.student_dim',
          'SELECT count(*) FROM edu.course_dim',
          'SELECT count(*) FROM edu.student_dim_for_edu_reader',
        ]) {
          expect((await sql(redshift, text, 'edu_us_advisor')).error).toMatch(/permission denied/);
        }
        expect(await scalar(redshift, 'SELECT count(*) FROM edu.enrollment_fact', 'edu_us_advisor')).toBe(4);
      });

      it('edu_writer reads raw values and writes; the advisor filter follows the data', async () => {
        expect(
          await scalar(redshift, "SELECT phone FROM edu.student_dim WHERE student_id = 'S001'", 'edu_writer'),
        ).toBe('******1234');
        const d = await batch(
          redshift,
          [
            "INSERT INTO edu.enrollment_fact (enrollment_id, status) VALUES ('E9', 'active')",
            "UPDATE edu.enrollment_fact SET status = 'completed' WHERE enrollment_id = 'E9'",
            "UPDATE edu.student_dim SET country = 'US' WHERE student_id = 'S002'",
            "INSERT INTO edu.student_dim (student_id, country) VALUES ('S900', 'GB')",
            "DELETE FROM edu.student_dim WHERE student_id = 'S900'",
            "DELETE FROM edu.enrollment_fact WHERE enrollment_id = 'E9'",
          ],
          { DbUser: 'edu_writer' },
        );
        expect({ status: d.Status, error: d.Error }).toEqual({ status: 'FINISHED', error: undefined });
        expect(d.SubStatements?.map((s) => s.ResultRows)).toEqual([1, 1, 1, 1, 1, 1]);
        expect(await scalar(redshift, 'SELECT count(*) FROM edu.student_dim', 'edu_us_advisor')).toBe(3);
        // Put the data back for the tests after this one.
        await sql(redshift, "UPDATE edu.student_dim SET country = 'GB' WHERE student_id = 'S002'");
      });

      it('a batch as a role that fails half-way leaves nothing behind', async () => {
        const d = await batch(
          redshift,
          [
            "INSERT INTO edu.enrollment_fact (enrollment_id) VALUES ('E10')",
            'DELETE FROM edu_staging.students',
          ],
          { DbUser: 'edu_writer' },
        );
        expect(d.Status).toBe('FAILED');
        expect(d.Error).toMatch(/permission denied for (schema|table)/);
        expect(
          await scalar(redshift, "SELECT count(*) FROM edu.enrollment_fact WHERE enrollment_id = 'E10'"),
        ).toBe(0);
      });

      it('treats foreign keys as informational, as Redshift does', async () => {
        expect(redshift.warehouse.foreignKeysEnforced).toBe(false);
        const inserted = await sql(
          redshift,
          "INSERT INTO edu.enrollment_fact (enrollment_id, student_key) VALUES ('E11', 987654)",
          'edu_writer',
        );
        expect(inserted).toMatchObject({ status: 'FINISHED', resultRows: 1 });
        await sql(redshift, "DELETE FROM edu.enrollment_fact WHERE enrollment_id = 'E11'");
      });

      it('enforces primary keys, where Redshift would accept the duplicate', async () => {
        const r = await sql(
          redshift,
          "INSERT INTO edu.enrollment_fact (enrollment_id) VALUES ('E1')",
          'edu_writer',
        );
        expect(r.status).toBe('FAILED');
        expect(r.error).toMatch(/^ERROR: duplicate key value violates unique constraint/);
      });
    });

    describe('files under a prefix', () => {
      it('loads only the Parquet files, skipping markers and other objects', async () => {
        const { bucket, key } = parseS3Uri(copyPrefixes().courses!);
        s3.put(bucket, `${key}_SUCCESS`, '');
        s3.put(bucket, `${key}.hidden.parquet`, 'not parquet');
        s3.put(bucket, `${key}README.txt`, 'not parquet either');
        const copy = loadSqls().find((x) => x.startsWith('COPY "edu_staging"."courses"'))!;
        const d = await batch(redshift, ['DELETE FROM "edu_staging"."courses"', copy]);
        expect({ status: d.Status, error: d.Error }).toEqual({ status: 'FINISHED', error: undefined });
        expect(d.SubStatements?.[1]?.ResultRows).toBe(2);
      });

      it('a file that is not Parquet fails the COPY instead of being skipped silently', async () => {
        const { bucket, key } = parseS3Uri(copyPrefixes().courses!);
        s3.put(bucket, `${key}broken.parquet`, 'not parquet');
        const copy = loadSqls().find((x) => x.startsWith('COPY "edu_staging"."courses"'))!;
        const d = await batch(redshift, ['DELETE FROM "edu_staging"."courses"', copy]);
        expect(d.Status).toBe('FAILED');
        expect(d.Error).toMatch(/Spectrum Scan Error: cannot read the Parquet files/);
        expect(await count('edu_staging.courses')).toBe(2);
        s3.deletePrefix(bucket, `${key}broken.parquet`);
      });
    });

    describe('COPY files read ahead of their turn', () => {
      const scratchFiles = () =>
        existsSync(`${work.dir}/scratch`) ? readdirSync(`${work.dir}/scratch`) : [];

      it('a COPY whose files cannot be read fails at its own statement, and no intermediate file stays', async () => {
        const { bucket, key } = parseS3Uri(copyPrefixes().instructors!);
        s3.put(bucket, `${key}broken.parquet`, 'not parquet');
        const load = loadSqls();
        const d = await batch(redshift, load);
        s3.deletePrefix(bucket, `${key}broken.parquet`);
        const failed = d.SubStatements!.findIndex((s) => s.Status === 'FAILED');
        expect(load[failed]).toMatch(/^COPY "edu_staging"\."instructors"/);
        expect(d.SubStatements!.slice(0, failed).every((s) => s.Status === 'FINISHED')).toBe(true);
        expect(d.SubStatements!.slice(failed + 1).every((s) => s.Status === 'ABORTED')).toBe(true);
        expect(d.Error).toMatch(/Spectrum Scan Error: cannot read the Parquet files under '.*instructors\/'/);
        expect(scratchFiles()).toEqual([]);
      });

      it('a statement failing before the COPYs leaves none of their files behind', async () => {
        const load = loadSqls();
        const d = await batch(redshift, ['SELECT * FROM edu_staging.no_such_table', ...load.slice(0, 39)]);
        expect(d.Status).toBe('FAILED');
        expect(d.SubStatements!.filter((s) => s.Status === 'ABORTED')).toHaveLength(
          d.SubStatements!.length - 1,
        );
        expect(scratchFiles()).toEqual([]);
      });
    });

    describe('missing files', () => {
      it('a COPY whose prefix holds no files FAILS, as on Redshift', async () => {
        const copy = loadSqls().find((s) => s.startsWith('COPY "edu_staging"."courses"'))!;
        const empty = copy.replace(/processed\/courses\//, 'processed/no-such-dataset/');
        const d = await batch(redshift, ['DELETE FROM "edu_staging"."courses"', empty]);
        expect(d.Status).toBe('FAILED');
        expect(d.Error).toMatch(/The specified S3 prefix 'student-enrollment\/processed\/no-such-dataset\/'/);
        expect(await count('edu_staging.courses')).toBe(2);
      });

      it('the Spectrum read of an empty partitioned dataset loads no rows, as an empty external table', async () => {
        const { bucket, key } = parseS3Uri(copyPrefixes().enrollments!);
        s3.deletePrefix(bucket, key);
        const d = await batch(redshift, loadSqls());
        expect(d.Status).toBe('FINISHED');
        expect(await count('edu_staging.enrollments')).toBe(0);
        // The facts stay: a type-1 upsert does not delete what the processed layer no longer holds.
        expect(await count('edu.enrollment_fact')).toBe(4);
        await writeProcessed(s3, processedLayer({ late: true }));
      });
    });

    it('a service opened again on the same warehouse sees what the first one loaded', async () => {
      await redshift.close();
      redshift = await open();
      expect(await count('edu.student_dim')).toBe(4);
      expect(await count('edu.enrollment_fact')).toBe(4);
      expect((await batch(redshift, loadSqls())).Status).toBe('FINISHED');
      expect(await count('edu_staging.enrollments')).toBe(4);
    });
  });
});
