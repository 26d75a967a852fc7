/**
 * The PostgreSQL rendering of the flagship's warehouse, executed on PGlite: DDL, roles and
 * policies; a load whose COPY statements are stood in for by INSERTs of a few staged rows; a
 * rerun; then each role, through SET ROLE, reading and writing what it may and failing on what it
 * may not. PGlite's own user is a superuser, which bypasses row security; the roles are not, so
 * every check below runs as a role and is compared with what the superuser sees.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAGE, artifactLayout as layout, parseCopy, WAREHOUSE_SETUP_FILES } from '../../core/index.js';
import { initializedDataDir } from '../../local/engines/pglite-warehouse.js';
import pipeline from '../../pipelines/student-enrollment/pipeline.js';
import { synthWarehouse, warehouseLoadStatements } from '../../warehouse/index.js';

type Row = Record<string, string | number | null>;

/** What the processed layer would hold, by staging table; rows as COPY would load them. */
const students: Row[] = [
  {
    student_id: 'S001',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'a'.repeat(64),
    phone: '******1234',
    ssn: '*******',
    date_of_birth: '2001-02-03',
    country: 'US',
    enrolled_since: '2020-09-01',
    full_name: 'Ada Lovelace',
  },
  {
    student_id: 'S002',
    first_name: 'Alan',
    last_name: 'Turing',
    email: 'b'.repeat(64),
    phone: '******9876',
    ssn: '*******',
    date_of_birth: '2000-06-23',
    country: 'GB',
    enrolled_since: '2019-09-01',
    full_name: 'Alan Turing',
  },
  {
    student_id: 'S003',
    first_name: 'Grace',
    last_name: 'Hopper',
    email: null,
    phone: '12',
    ssn: null,
    date_of_birth: null,
    country: 'US',
    enrolled_since: '2021-01-15',
    full_name: 'Grace Hopper',
  },
];
const lateStudent: Row = {
  ...students[0]!,
  student_id: 'S404',
  full_name: 'Late Arrival',
  country: 'FR',
  phone: null,
};

const fixtures = (withLateStudent: boolean): Record<string, Row[]> => ({
  students: withLateStudent ? [...students, lateStudent] : students,
  courses: [
    { course_id: 'C1', course_name: 'Databases', department: 'Computing', credits: 5, level: 'graduate' },
    { course_id: 'C2', course_name: 'Logic', department: 'Mathematics', credits: 3, level: 'undergraduate' },
  ],
  instructors: [
    {
      instructor_id: 'I1',
      first_name: 'Edgar',
      last_name: 'Codd',
      email: 'c'.repeat(64),
      department: 'Computing',
      rating: 4.8,
      full_name: 'Edgar Codd',
    },
  ],
  enrollments: [
    {
      enrollment_id: 'E1',
      student_id: 'S001',
      course_id: 'C1',
      instructor_id: 'I1',
      enrollment_date: '2024-01-10',
      marks: 91.5,
      attendance_pct: 98,
      status: 'active',
      notes: null,
      updated_at: '2024-01-10 09:00:00',
      term: '2024S',
    },
    {
      enrollment_id: 'E2',
      student_id: 'S002',
      course_id: 'C2',
      instructor_id: 'I1',
      enrollment_date: '2024-01-11',
      marks: 75,
      attendance_pct: 80,
      status: 'completed',
      notes: 'ok',
      updated_at: '2024-01-11 09:00:00',
      term: '2024S',
    },
    {
      enrollment_id: 'E3',
      student_id: 'S003',
      course_id: 'C1',
      instructor_id: 'I1',
      enrollment_date: '2024-02-01',
      marks: null,
      attendance_pct: 60,
      status: 'dropped',
      notes: null,
      updated_at: '2024-02-01 09:00:00',
      term: '2024S',
    },
    // Its student is not (yet) in the dimension: the fact must be kept, with a NULL key.
    {
      enrollment_id: 'E4',
      student_id: 'S404',
      course_id: 'C2',
      instructor_id: 'I1',
      enrollment_date: '2024-02-02',
      marks: 50,
      attendance_pct: 50,
      status: 'active',
      notes: null,
      updated_at: '2024-02-02 09:00:00',
      term: '2024F',
    },
  ],
});

let db: PGlite;

/**
 * Runs the load; each COPY becomes INSERTs of the fixture rows into the columns it names. Returns
 * the rows each MERGE wrote, by target table.
 */
async function load(withLateStudent = false): Promise<Record<string, number>> {
  const staged = fixtures(withLateStudent);
  const merged: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const statement of warehouseLoadStatements(pipeline, LOCAL_STAGE, 'postgres')) {
      const copy = parseCopy(statement);
      if (copy === undefined) {
        const [result] = await tx.exec(statement);
        const target = /^MERGE INTO "\w+"\."(\w+)"/.exec(statement)?.[1];
        if (target !== undefined) merged[target] = result?.affectedRows ?? Number.NaN;
        continue;
      }
      const rows = staged[copy.table.name];
      if (rows === undefined) throw new Error(`no fixture rows for ${copy.table.name}`);
      const columns = copy.columns.map((c) => `"${c}"`).join(', ');
      const params = copy.columns.map((_, i) => `$${i + 1}`).join(', ');
      for (const row of rows) {
        await tx.query(
          `INSERT INTO "${copy.table.schema}"."${copy.table.name}" (${columns}) VALUES (${params})`,
          copy.columns.map((c) => {
            if (!(c in row))
              throw new Error(`fixture for ${copy.table.name} lacks the column ${c} that COPY loads`);
            return row[c];
          }),
        );
      }
    }
  });
  return merged;
}

const count = async (sql: string): Promise<number> => Number((await db.query<{ n: number }>(sql)).rows[0]!.n);

async function asRole<T>(role: string, work: () => Promise<T>): Promise<T> {
  await db.exec(`SET ROLE "${role}"`);
  try {
    return await work();
  } finally {
    await db.exec('RESET ROLE');
  }
}

beforeAll(async () => {
  db = new PGlite({ loadDataDir: await initializedDataDir() });
  const artifacts = synthWarehouse(pipeline, LOCAL_STAGE);
  for (const name of WAREHOUSE_SETUP_FILES) {
    const path = layout.standInWarehouseFile(name);
    await db.exec(artifacts.find((a) => a.path === path)!.content);
  }
});
afterAll(async () => {
  await db.close();
});

describe('load', () => {
  it('fills the star, keeping a fact whose student is missing with a NULL key', async () => {
    await load();
    expect(await count('SELECT count(*) AS n FROM edu.student_dim')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM edu.course_dim')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM edu.instructor_dim')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM edu.enrollment_fact')).toBe(4);
    const orphan = await db.query<Row>(
      "SELECT student_key, course_key, instructor_key, term FROM edu.enrollment_fact WHERE enrollment_id = 'E4'",
    );
    expect(orphan.rows[0]?.student_key).toBeNull();
    expect(orphan.rows[0]?.course_key).not.toBeNull();
    expect(orphan.rows[0]?.term).toBe('2024F');
    // Natural keys map to surrogate keys.
    const joined = await db.query<Row>(
      `SELECT f.enrollment_id, s.student_id, s.email_hash FROM edu.enrollment_fact f
       JOIN edu.student_dim s ON s.student_key = f.student_key ORDER BY f.enrollment_id`,
    );
    expect(joined.rows.map((r) => [r.enrollment_id, r.student_id])).toEqual([
      ['E1', 'S001'],
      ['E2', 'S002'],
      ['E3', 'S003'],
    ]);
    expect(joined.rows[0]?.email_hash).toBe('a'.repeat(64));
  });

  it('is idempotent: a rerun leaves the same rows and the same surrogate keys', async () => {
    const before = await db.query('SELECT * FROM edu.student_dim ORDER BY student_key');
    const factsBefore = await db.query('SELECT * FROM edu.enrollment_fact ORDER BY enrollment_id');
    // Nothing changed, so no MERGE rewrites a row (on Redshift, every matched row counts as merged).
    expect(await load()).toEqual({ student_dim: 0, course_dim: 0, instructor_dim: 0, enrollment_fact: 0 });
    expect((await db.query('SELECT * FROM edu.student_dim ORDER BY student_key')).rows).toEqual(before.rows);
    expect((await db.query('SELECT * FROM edu.enrollment_fact ORDER BY enrollment_id')).rows).toEqual(
      factsBefore.rows,
    );
    expect(
      await count(
        'SELECT count(*) AS n FROM (SELECT enrollment_id FROM edu.enrollment_fact GROUP BY 1 HAVING count(*) > 1) d',
      ),
    ).toBe(0);
  });

  it('fills the missing key once the dimension row arrives', async () => {
    // The new student is inserted; the one fact that referred to it gets its key; nothing else is rewritten.
    expect(await load(true)).toEqual({
      student_dim: 1,
      course_dim: 0,
      instructor_dim: 0,
      enrollment_fact: 1,
    });
    expect(await count('SELECT count(*) AS n FROM edu.student_dim')).toBe(4);
    expect(await count('SELECT count(*) AS n FROM edu.enrollment_fact')).toBe(4);
    const fixed = await db.query<Row>(
      `SELECT s.student_id FROM edu.enrollment_fact f JOIN edu.student_dim s ON s.student_key = f.student_key
       WHERE f.enrollment_id = 'E4'`,
    );
    expect(fixed.rows).toEqual([{ student_id: 'S404' }]);
  });
});

describe('roles', () => {
  it('the superuser sees every student (and bypasses row security)', async () => {
    expect(await count('SELECT count(*) AS n FROM edu.student_dim')).toBe(4);
  });

  describe('edu_reader (read-only, phone partially and date of birth fully masked)', () => {
    it('reads every row of the student dimension, but not the raw masked columns', async () => {
      await asRole('edu_reader', async () => {
        expect(await count('SELECT count(*) AS n FROM edu.student_dim')).toBe(4);
        await expect(db.query('SELECT phone FROM edu.student_dim')).rejects.toThrow(/permission denied/);
        await expect(db.query('SELECT date_of_birth FROM edu.student_dim')).rejects.toThrow(
          /permission denied/,
        );
        await expect(db.query('SELECT * FROM edu.student_dim')).rejects.toThrow(/permission denied/);
      });
    });

    it('reads masked values through its view', async () => {
      const rows = await asRole(
        'edu_reader',
        async () =>
          (
            await db.query<Row>(
              'SELECT student_id, phone, date_of_birth, full_name FROM edu.student_dim_for_edu_reader ORDER BY student_id',
            )
          ).rows,
      );
      expect(rows).toEqual([
        { student_id: 'S001', phone: 'XXXXXX1234', date_of_birth: null, full_name: 'Ada Lovelace' },
        { student_id: 'S002', phone: 'XXXXXX9876', date_of_birth: null, full_name: 'Alan Turing' },
        { student_id: 'S003', phone: 'XX', date_of_birth: null, full_name: 'Grace Hopper' },
        { student_id: 'S404', phone: null, date_of_birth: null, full_name: 'Late Arrival' },
      ]);
    });

    it('reads only the listed instructor columns', async () => {
      await asRole('edu_reader', async () => {
        expect(await count('SELECT count(full_name) AS n FROM edu.instructor_dim')).toBe(1);
        await expect(db.query('SELECT email_hash FROM edu.instructor_dim')).rejects.toThrow(
          /permission denied/,
        );
      });
    });

    it('cannot write', async () => {
      await asRole('edu_reader', async () => {
        await expect(db.query("INSERT INTO edu.course_dim (course_id) VALUES ('C9')")).rejects.toThrow(
          /permission denied/,
        );
        await expect(db.query("UPDATE edu.enrollment_fact SET status = 'x'")).rejects.toThrow(
          /permission denied/,
        );
        await expect(db.query('DELETE FROM edu.enrollment_fact')).rejects.toThrow(/permission denied/);
      });
      expect(await count('SELECT count(*) AS n FROM edu.enrollment_fact')).toBe(4);
    });

    it('cannot read staging', async () => {
      await asRole('edu_reader', async () => {
        await expect(db.query('SELECT count(*) FROM edu_staging.students')).rejects.toThrow(
          /permission denied/,
        );
      });
    });
  });

  describe('edu_us_advisor (US students only, five columns)', () => {
    it('sees only US rows', async () => {
      const rows = await asRole(
        'edu_us_advisor',
        async () =>
          (await db.query<Row>('SELECT student_id, country FROM edu.student_dim ORDER BY student_id')).rows,
      );
      expect(rows).toEqual([
        { student_id: 'S001', country: 'US' },
        { student_id: 'S003', country: 'US' },
      ]);
    });

    it('cannot read other columns, other tables, or the masked view', async () => {
      await asRole('edu_us_advisor', async () => {
        await expect(db.query('SELECT email_hash FROM edu.student_dim')).rejects.toThrow(/permission denied/);
        await expect(db.query('SELECT phone FROM edu.student_dim')).rejects.toThrow(/permission denied/);
        await expect(db.query('SELECT count(*) FROM edu.course_dim')).rejects.toThrow(/permission denied/);
        await expect(db.query('SELECT count(*) FROM edu.student_dim_for_edu_reader')).rejects.toThrow(
          /permission denied/,
        );
        expect(await count('SELECT count(*) AS n FROM edu.enrollment_fact')).toBe(4);
      });
    });
  });

  describe('edu_writer (read-write)', () => {
    it('reads everything, raw', async () => {
      const phones = await asRole(
        'edu_writer',
        async () => (await db.query<Row>("SELECT phone FROM edu.student_dim WHERE student_id = 'S001'")).rows,
      );
      expect(phones).toEqual([{ phone: '******1234' }]);
    });

    it('inserts, updates and deletes', async () => {
      await asRole('edu_writer', async () => {
        await db.query("INSERT INTO edu.enrollment_fact (enrollment_id, status) VALUES ('E9', 'active')");
        await db.query("UPDATE edu.enrollment_fact SET status = 'completed' WHERE enrollment_id = 'E9'");
        await db.query("UPDATE edu.student_dim SET country = 'US' WHERE student_id = 'S002'");
        // The surrogate key comes from the identity column; no sequence grant is needed.
        await db.query("INSERT INTO edu.student_dim (student_id, country) VALUES ('S900', 'GB')");
        await db.query("DELETE FROM edu.student_dim WHERE student_id = 'S900'");
        await db.query("DELETE FROM edu.enrollment_fact WHERE enrollment_id = 'E9'");
      });
      expect(await count("SELECT count(*) AS n FROM edu.student_dim WHERE country = 'US'")).toBe(3);
      expect(await count('SELECT count(*) AS n FROM edu.enrollment_fact')).toBe(4);
      // The advisor's filter follows the data.
      expect(await asRole('edu_us_advisor', () => count('SELECT count(*) AS n FROM edu.student_dim'))).toBe(
        3,
      );
    });
  });
});
