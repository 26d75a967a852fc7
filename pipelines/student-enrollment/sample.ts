/**
 * Raw sample data for the student-enrollment pipeline, in the input layout of `simulate --input`:
 * `<out>/{students,courses,instructors,enrollments}/*.csv`. The same seed gives the same bytes.
 *
 * A dirty fraction plants known defects and returns how many of each it planted, so a run can be
 * checked row for row: every planted defect must end up quarantined or counted as a duplicate.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCounts } from '../../core/index.js';
import {
  COUNTRIES,
  DEPARTMENTS,
  daysSinceEpoch,
  email,
  FIRST_NAMES,
  int,
  isoDate,
  isoTimestamp,
  LAST_NAMES,
  LEVELS,
  NOTE_TEMPLATES,
  pad,
  phone,
  pick,
  type Random,
  random,
  STATUSES,
  SUBJECTS,
  ssn,
  TERMS,
} from './sample-values.js';

export const ENROLLMENT_DEFECTS = [
  'missing_enrollment_date',
  'duplicate_older_version',
  'marks_out_of_range',
  'attendance_out_of_range',
  'wrong_column_count',
  'unbalanced_quote',
  'unparseable_date',
  'unparseable_number',
  'orphan_student',
] as const;
export type EnrollmentDefect = (typeof ENROLLMENT_DEFECTS)[number];

export interface SampleOptions {
  readonly out: string;
  /** Enrollment rows (before planted duplicates). */
  readonly rows?: number;
  readonly seed?: number;
  /** Fraction of enrollment rows given one defect each, 0–1. */
  readonly dirty?: number;
}

/** The counts the dataset's run summary should report for the sample. */
export type DatasetExpectation = RunCounts;

export interface SampleSummary {
  readonly seed: number;
  readonly rows: number;
  readonly dirty: number;
  readonly files: Readonly<Record<string, string>>;
  readonly defects: {
    readonly enrollments: Readonly<Record<EnrollmentDefect, number>>;
    readonly students: { readonly duplicate_older_version: number };
    readonly instructors: { readonly rating_out_of_range: number };
  };
  /** What a correct run accounts for each dataset, derived from the planted defects. */
  readonly expected: Readonly<
    Record<'students' | 'courses' | 'instructors' | 'enrollments', DatasetExpectation>
  >;
}

const HEADERS = {
  students: 'student_id,first_name,last_name,email,phone,ssn,date_of_birth,country,enrolled_since',
  courses: 'course_id,course_name,department,credits,level',
  instructors: 'instructor_id,first_name,last_name,email,department,rating',
  enrollments:
    'enrollment_id,student_id,course_id,instructor_id,enrollment_date,term,marks,attendance_pct,status,notes,updated_at',
} as const;

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');

/** Buffered line writer: large samples are written in chunks, not held in memory. */
class CsvFile {
  private readonly fd: number;
  private buffer: string[] = [];
  lines = 0;
  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, `${header}\n`);
  }
  write(line: string): void {
    this.buffer.push(line);
    this.lines++;
    if (this.buffer.length >= 20_000) this.flush();
  }
  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function open(out: string, dataset: keyof typeof HEADERS): CsvFile {
  mkdirSync(join(out, dataset), { recursive: true });
  return new CsvFile(join(out, dataset, `${dataset}.csv`), HEADERS[dataset]);
}

/** Free text that sometimes carries an email, a phone number, an SSN or a card number. */
function note(rnd: Random, first: string, last: string): string {
  const base = pick(rnd, NOTE_TEMPLATES);
  const roll = rnd();
  if (roll < 0.08) return `${base} Contact: ${email(first, last, int(rnd, 1, 99), rnd)}`;
  if (roll < 0.14) return `${base} Called parent at ${phone(rnd)}, will follow up`;
  if (roll < 0.18) return `${base} SSN on enrollment form: ${ssn(rnd)}`;
  if (roll < 0.2) return `${base} Paid fee with card 4111 1111 1111 1111`;
  if (roll < 0.5) return '';
  return base;
}

export function writeSample(options: SampleOptions): SampleSummary {
  const rows = options.rows ?? 1000;
  const seed = options.seed ?? 42;
  const dirty = options.dirty ?? 0;
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`--rows must be a positive whole number, not ${rows}`);
  if (!(dirty >= 0 && dirty <= 1))
    throw new Error(`--dirty must be a fraction between 0 and 1, not ${dirty}`);
  const rnd = random(seed);
  const studentCount = Math.max(20, Math.ceil(rows / 8));
  const courseCount = Math.max(10, Math.min(400, Math.ceil(rows / 500)));
  const instructorCount = Math.max(5, Math.ceil(courseCount / 3));

  // Students; a dirty run also writes older versions of some students (removed by de-duplication).
  const students = open(options.out, 'students');
  let studentDuplicates = 0;
  for (let i = 1; i <= studentCount; i++) {
    const first = pick(rnd, FIRST_NAMES);
    const last = pick(rnd, LAST_NAMES);
    const since = daysSinceEpoch('2018-01-01') + int(rnd, 0, 2500);
    const row = [
      `S${pad(i, 6)}`,
      first,
      last,
      email(first, last, i, rnd),
      phone(rnd),
      ssn(rnd),
      isoDate(daysSinceEpoch('1985-01-01') + int(rnd, 0, 7000)),
      pick(rnd, COUNTRIES),
      isoDate(since),
    ];
    if (rnd() < dirty / 2) {
      const older = [...row];
      older[4] = phone(rnd);
      older[8] = isoDate(since - int(rnd, 30, 400));
      students.write(csvLine(older));
      studentDuplicates++;
    }
    students.write(csvLine(row));
  }
  students.close();

  const courses = open(options.out, 'courses');
  const courseDepartments: string[] = [];
  for (let i = 1; i <= courseCount; i++) {
    const department = pick(rnd, DEPARTMENTS);
    courseDepartments.push(department);
    const level = pick(rnd, LEVELS);
    courses.write(
      csvLine([
        `C${pad(i, 4)}`,
        `${pick(rnd, SUBJECTS[department])} ${pad(i, 3)}`,
        department,
        String(int(rnd, 1, 6)),
        level,
      ]),
    );
  }
  courses.close();

  // Instructors referenced by enrollments are clean; a dirty run adds unreferenced ones whose rating is out of range.
  const instructors = open(options.out, 'instructors');
  const badInstructors = dirty > 0 ? Math.max(1, Math.round(instructorCount * dirty)) : 0;
  for (let i = 1; i <= instructorCount + badInstructors; i++) {
    const first = pick(rnd, FIRST_NAMES);
    const last = pick(rnd, LAST_NAMES);
    const rating =
      i <= instructorCount ? (int(rnd, 200, 500) / 100).toFixed(2) : (int(rnd, 510, 900) / 100).toFixed(2);
    instructors.write(
      csvLine([`I${pad(i, 4)}`, first, last, email(first, last, i, rnd), pick(rnd, DEPARTMENTS), rating]),
    );
  }
  instructors.close();

  const enrollments = open(options.out, 'enrollments');
  const defects = Object.fromEntries(ENROLLMENT_DEFECTS.map((d) => [d, 0])) as Record<
    EnrollmentDefect,
    number
  >;
  const start = Date.parse('2024-01-08T00:00:00Z') / 1000;
  for (let i = 1; i <= rows; i++) {
    const studentNo = int(rnd, 1, studentCount);
    const courseNo = int(rnd, 1, courseCount);
    const termIndex = int(rnd, 0, TERMS.length - 1);
    const enrolledOn = daysSinceEpoch('2024-01-08') + termIndex * 182 + int(rnd, 0, 20);
    const updated = start + termIndex * 182 * 86_400 + int(rnd, 0, 200 * 86_400);
    const fields = [
      `E${pad(i, 8)}`,
      `S${pad(studentNo, 6)}`,
      `C${pad(courseNo, 4)}`,
      `I${pad(1 + ((courseNo - 1) % instructorCount), 4)}`,
      isoDate(enrolledOn),
      TERMS[termIndex]!,
      (int(rnd, 3500, 10000) / 100).toFixed(2),
      (int(rnd, 5000, 10000) / 100).toFixed(2),
      pick(rnd, STATUSES),
      note(rnd, pick(rnd, FIRST_NAMES), pick(rnd, LAST_NAMES)),
      isoTimestamp(updated),
    ];
    const defect =
      rnd() < dirty ? ENROLLMENT_DEFECTS[int(rnd, 0, ENROLLMENT_DEFECTS.length - 1)]! : undefined;
    if (defect !== undefined) defects[defect]++;
    switch (defect) {
      case undefined:
        enrollments.write(csvLine(fields));
        break;
      case 'missing_enrollment_date':
        fields[4] = '';
        enrollments.write(csvLine(fields));
        break;
      case 'duplicate_older_version': {
        const older = [...fields];
        older[6] = (int(rnd, 0, 3400) / 100).toFixed(2);
        older[10] = isoTimestamp(updated - int(rnd, 3600, 30 * 86_400));
        // Older versions land before or after the current one: de-duplication must use updated_at, not file order.
        if (rnd() < 0.5) {
          enrollments.write(csvLine(older));
          enrollments.write(csvLine(fields));
        } else {
          enrollments.write(csvLine(fields));
          enrollments.write(csvLine(older));
        }
        break;
      }
      case 'marks_out_of_range':
        fields[6] =
          rnd() < 0.5 ? (int(rnd, 10_001, 15_000) / 100).toFixed(2) : (-int(rnd, 1, 2000) / 100).toFixed(2);
        enrollments.write(csvLine(fields));
        break;
      case 'attendance_out_of_range':
        fields[7] = (int(rnd, 10_001, 12_000) / 100).toFixed(2);
        enrollments.write(csvLine(fields));
        break;
      case 'wrong_column_count':
        enrollments.write(csvLine(fields.slice(0, 9)));
        break;
      case 'unbalanced_quote':
        // The note (which may carry an email, phone or SSN) opens a quote it never closes.
        enrollments.write(
          `${csvLine(fields.slice(0, 9))},"${fields[9] || pick(rnd, NOTE_TEMPLATES)},${fields[10]}`,
        );
        break;
      case 'unparseable_date':
        fields[4] = pick(rnd, ['2024-13-45', '31/02/2024', 'next monday', '2024-02-30']);
        enrollments.write(csvLine(fields));
        break;
      case 'unparseable_number':
        fields[6] = pick(rnd, ['eighty', 'N/A%', '7O.5', '--']);
        enrollments.write(csvLine(fields));
        break;
      case 'orphan_student':
        fields[1] = `S${pad(studentCount + int(rnd, 1, 999_999 - studentCount), 6)}`;
        enrollments.write(csvLine(fields));
        break;
    }
  }
  enrollments.close();

  const duplicates = defects.duplicate_older_version;
  const quarantined = ENROLLMENT_DEFECTS.filter((d) => d !== 'duplicate_older_version').reduce(
    (sum, d) => sum + defects[d],
    0,
  );
  return {
    seed,
    rows,
    dirty,
    files: {
      students: students.path,
      courses: courses.path,
      instructors: instructors.path,
      enrollments: enrollments.path,
    },
    defects: {
      enrollments: defects,
      students: { duplicate_older_version: studentDuplicates },
      instructors: { rating_out_of_range: badInstructors },
    },
    expected: {
      students: {
        inputRows: students.lines,
        outputRows: studentCount,
        quarantinedRows: 0,
        duplicateRows: studentDuplicates,
      },
      courses: { inputRows: courseCount, outputRows: courseCount, quarantinedRows: 0, duplicateRows: 0 },
      instructors: {
        inputRows: instructors.lines,
        outputRows: instructorCount,
        quarantinedRows: badInstructors,
        duplicateRows: 0,
      },
      enrollments: {
        inputRows: enrollments.lines,
        outputRows: rows - quarantined,
        quarantinedRows: quarantined,
        duplicateRows: duplicates,
      },
    },
  };
}
