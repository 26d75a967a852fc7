/**
 * The benchmark's baseline: the four student-enrollment jobs written by hand as plain DuckDB SQL,
 * the way an engineer would write them without lakeline — same inputs, same cleaning, redaction,
 * de-duplication, reference checks and quality filters, same Parquet (Snappy, partitioned) and
 * quarantine outputs. It is deliberately hand-written SQL text: it is the yardstick, not a product.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDb } from '../local/engines/index.js';

const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}';
const CARD = '([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}|3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5})';
const SSN = '[0-9]{3}-[0-9]{2}-[0-9]{4}';
const PHONE = '([+]?1[ .-]?)?([(][0-9]{3}[)]|[0-9]{3})[ .-]?[0-9]{3}[ .-]?[0-9]{4}';

const title = (c: string) =>
  `array_to_string([upper(w[1]) || w[2:] FOR w IN string_split(lower(trim(${c})), ' ')], ' ')`;
const mask = (c: string) =>
  `CASE WHEN length(${c}) > 4 THEN repeat('*', length(${c}) - 4) || right(${c}, 4) ELSE repeat('*', length(${c})) END`;
const csv = (input: string, dataset: string) =>
  `read_csv('${join(input, dataset)}/*.csv', header = true, all_varchar = true, store_rejects = true, rejects_table = 'rej_${dataset}', rejects_scan = 'scan_${dataset}')`;

function statements(input: string, out: string): string[] {
  const w = (name: string) => join(out, name);
  return [
    // students
    `CREATE TEMP TABLE s0 AS SELECT row_number() OVER () AS rid, upper(trim(student_id)) AS student_id,
       ${title('first_name')} AS first_name, ${title('last_name')} AS last_name,
       sha256(lower(trim(email))) AS email, ${mask('trim(phone)')} AS phone, CASE WHEN ssn IS NULL THEN NULL ELSE '*******' END AS ssn,
       try_strptime(trim(date_of_birth), '%Y-%m-%d')::DATE AS date_of_birth, upper(trim(country)) AS country,
       try_strptime(trim(enrolled_since), '%Y-%m-%d')::DATE AS enrolled_since,
       (trim(date_of_birth) <> '' AND try_strptime(trim(date_of_birth), '%Y-%m-%d') IS NULL)
         OR (trim(enrolled_since) <> '' AND try_strptime(trim(enrolled_since), '%Y-%m-%d') IS NULL) AS bad
     FROM ${csv(input, 'students')}`,
    `CREATE TEMP TABLE s1 AS SELECT *, concat_ws(' ', first_name, last_name) AS full_name,
       row_number() OVER (PARTITION BY student_id ORDER BY enrolled_since DESC NULLS LAST) AS rn FROM s0`,
    `COPY (SELECT student_id, first_name, last_name, email, phone, ssn, date_of_birth, country, enrolled_since, full_name
       FROM s1 WHERE NOT bad AND rn = 1 AND student_id IS NOT NULL AND country IS NOT NULL)
       TO '${w('students')}' (FORMAT parquet, COMPRESSION snappy, PER_THREAD_OUTPUT true)`,
    `COPY (SELECT * FROM s1 WHERE bad OR student_id IS NULL OR country IS NULL) TO '${w('students-quarantine.json')}' (FORMAT json)`,
    // courses
    `CREATE TEMP TABLE c0 AS SELECT upper(trim(course_id)) AS course_id, trim(course_name) AS course_name,
       ${title('department')} AS department, TRY_CAST(trim(credits) AS INTEGER) AS credits, lower(trim(level)) AS level,
       trim(credits) <> '' AND TRY_CAST(trim(credits) AS INTEGER) IS NULL AS bad FROM ${csv(input, 'courses')}`,
    `CREATE TEMP TABLE c1 AS SELECT *, row_number() OVER (PARTITION BY course_id ORDER BY course_id) AS rn FROM c0`,
    `COPY (SELECT course_id, course_name, department, credits, level FROM c1
       WHERE NOT bad AND rn = 1 AND course_id IS NOT NULL AND credits >= 1 AND credits <= 10)
       TO '${w('courses')}' (FORMAT parquet, COMPRESSION snappy, PER_THREAD_OUTPUT true)`,
    // instructors
    `CREATE TEMP TABLE i0 AS SELECT upper(trim(instructor_id)) AS instructor_id, ${title('first_name')} AS first_name,
       ${title('last_name')} AS last_name, sha256(lower(trim(email))) AS email, ${title('department')} AS department,
       TRY_CAST(trim(rating) AS DECIMAL(3, 2)) AS rating, trim(rating) <> '' AND TRY_CAST(trim(rating) AS DECIMAL(3, 2)) IS NULL AS bad
       FROM ${csv(input, 'instructors')}`,
    `CREATE TEMP TABLE i1 AS SELECT *, concat_ws(' ', first_name, last_name) AS full_name,
       row_number() OVER (PARTITION BY instructor_id ORDER BY instructor_id) AS rn FROM i0`,
    `COPY (SELECT instructor_id, first_name, last_name, email, department, rating, full_name FROM i1
       WHERE NOT bad AND rn = 1 AND instructor_id IS NOT NULL AND rating >= 0 AND rating <= 5)
       TO '${w('instructors')}' (FORMAT parquet, COMPRESSION snappy, PER_THREAD_OUTPUT true)`,
    `COPY (SELECT * FROM i1 WHERE bad OR NOT (rating >= 0 AND rating <= 5)) TO '${w('instructors-quarantine.json')}' (FORMAT json)`,
    // enrollments
    `CREATE TEMP TABLE e0 AS SELECT upper(trim(enrollment_id)) AS enrollment_id, upper(trim(student_id)) AS student_id,
       upper(trim(course_id)) AS course_id, upper(trim(instructor_id)) AS instructor_id,
       try_strptime(trim(enrollment_date), '%Y-%m-%d')::DATE AS enrollment_date, upper(trim(term)) AS term,
       TRY_CAST(trim(marks) AS DECIMAL(5, 2)) AS marks, TRY_CAST(trim(attendance_pct) AS DECIMAL(5, 2)) AS attendance_pct,
       lower(trim(status)) AS status,
       regexp_replace(regexp_replace(regexp_replace(regexp_replace(trim(notes), '${EMAIL}', '*******', 'g'), '${CARD}', '*******', 'g'), '${SSN}', '*******', 'g'), '${PHONE}', '*******', 'g') AS notes,
       try_strptime(trim(updated_at), '%Y-%m-%dT%H:%M:%S') AS updated_at,
       (trim(enrollment_date) <> '' AND try_strptime(trim(enrollment_date), '%Y-%m-%d') IS NULL)
         OR (trim(marks) <> '' AND TRY_CAST(trim(marks) AS DECIMAL(5, 2)) IS NULL)
         OR (trim(attendance_pct) <> '' AND TRY_CAST(trim(attendance_pct) AS DECIMAL(5, 2)) IS NULL)
         OR (trim(updated_at) <> '' AND try_strptime(trim(updated_at), '%Y-%m-%dT%H:%M:%S') IS NULL) AS bad
       FROM ${csv(input, 'enrollments')}`,
    `CREATE TEMP TABLE e1 AS SELECT *, row_number() OVER (PARTITION BY enrollment_id ORDER BY updated_at DESC NULLS LAST) AS rn
       FROM e0 WHERE NOT bad`,
    `CREATE TEMP TABLE e2 AS SELECT e1.*,
       e1.student_id IN (SELECT student_id FROM s1 WHERE rn = 1)
       AND e1.course_id IN (SELECT course_id FROM c1 WHERE rn = 1)
       AND e1.instructor_id IN (SELECT instructor_id FROM i1 WHERE rn = 1) AS known,
       enrollment_date IS NOT NULL AND marks >= 0 AND marks <= 100 AND attendance_pct >= 0 AND attendance_pct <= 100
       AND status IN ('active', 'completed', 'dropped', 'withdrawn') AS valid
       FROM e1 WHERE rn = 1`,
    `COPY (SELECT enrollment_id, student_id, course_id, instructor_id, enrollment_date, term, marks, attendance_pct, status, notes, updated_at
       FROM e2 WHERE known AND valid) TO '${w('enrollments')}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (term))`,
    `COPY (SELECT * FROM e2 WHERE NOT (known AND valid) UNION ALL BY NAME SELECT * FROM e0 WHERE bad)
       TO '${w('enrollments-quarantine.json')}' (FORMAT json)`,
  ];
}

/** Runs the hand-written jobs on the raw input; returns the wall time in milliseconds. */
export async function runBaseline(input: string, out: string): Promise<number> {
  mkdirSync(out, { recursive: true });
  const db = await DuckDb.open();
  const started = performance.now();
  try {
    for (const sql of statements(input, out)) await db.run(sql);
  } finally {
    db.close();
  }
  return performance.now() - started;
}
