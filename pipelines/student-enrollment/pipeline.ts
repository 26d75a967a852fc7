/**
 * Student enrollment: raw CSVs of students, courses, instructors and enrollments are cataloged,
 * cleaned, stripped of personal data, de-duplicated and checked, written as Parquet, cataloged
 * again, and loaded into a Redshift star schema that analysts read through governed roles.
 */
import {
  access,
  column as c,
  columnSpec,
  concat,
  crawler,
  deduplicate,
  definePipeline,
  detectPii,
  dimension,
  dq,
  fact,
  fk,
  governance,
  job,
  lakeGrant,
  notifications,
  piiColumn,
  piiText,
  principal,
  processedDataset,
  quality,
  rawDataset,
  referenceCheck,
  role,
  rowFilter,
  schedule,
  standardize,
  t,
  text,
  warehouse,
  warehouseLoad,
  wcol,
} from '../../core/index.js';
import { stages } from '../stages.js';

// ---------------------------------------------------------------- raw layer

export const students = rawDataset({
  name: 'students',
  prefix: 'students/',
  format: 'csv',
  columns: [
    c('student_id', t.string(16), { nullable: false }),
    c('first_name', t.string(64)),
    c('last_name', t.string(64)),
    c('email', t.string(256), { pii: 'EMAIL' }),
    c('phone', t.string(32), { pii: 'PHONE_NUMBER' }),
    c('ssn', t.string(16), { pii: 'USA_SSN' }),
    c('date_of_birth', t.date()),
    c('country', t.string(2)),
    c('enrolled_since', t.date()),
  ],
});

export const courses = rawDataset({
  name: 'courses',
  prefix: 'courses/',
  format: 'csv',
  columns: [
    c('course_id', t.string(16), { nullable: false }),
    c('course_name', t.string(128)),
    c('department', t.string(64)),
    c('credits', t.int()),
    c('level', t.string(16)),
  ],
});

export const instructors = rawDataset({
  name: 'instructors',
  prefix: 'instructors/',
  format: 'csv',
  columns: [
    c('instructor_id', t.string(16), { nullable: false }),
    c('first_name', t.string(64)),
    c('last_name', t.string(64)),
    c('email', t.string(256), { pii: 'EMAIL' }),
    c('department', t.string(64)),
    c('rating', t.decimal(3, 2)),
  ],
});

export const enrollments = rawDataset({
  name: 'enrollments',
  prefix: 'enrollments/',
  format: 'csv',
  columns: [
    c('enrollment_id', t.string(24), { nullable: false }),
    c('student_id', t.string(16)),
    c('course_id', t.string(16)),
    c('instructor_id', t.string(16)),
    c('enrollment_date', t.date()),
    c('term', t.string(16)),
    c('marks', t.decimal(5, 2)),
    c('attendance_pct', t.decimal(5, 2)),
    c('status', t.string(16)),
    c('notes', t.string(1024)),
    c('updated_at', t.timestamp()),
  ],
});

// ---------------------------------------------------------------- jobs

const DATE = 'yyyy-MM-dd';
const TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss";
const names = [columnSpec('first_name', { case: 'title' }), columnSpec('last_name', { case: 'title' })];

export const studentsJob = job({
  name: 'students',
  input: students,
  steps: [
    standardize([
      columnSpec('student_id', { case: 'upper' }),
      ...names,
      columnSpec('email', { case: 'lower' }),
      columnSpec('phone'),
      columnSpec('ssn'),
      columnSpec('date_of_birth', { format: DATE }),
      columnSpec('country', { case: 'upper' }),
      columnSpec('enrolled_since', { format: DATE }),
    ]),
    concat({ columns: ['first_name', 'last_name'], as: 'full_name' }),
    detectPii([
      piiColumn('email', { EMAIL: 'SHA256_HASH' }),
      piiColumn('phone', { PHONE_NUMBER: 'PARTIAL_REDACT' }),
      piiColumn('ssn', { USA_SSN: 'REDACT' }),
    ]),
    deduplicate({ keys: ['student_id'], orderBy: 'enrolled_since' }),
    quality({
      ruleset: 'students',
      rowRules: [dq.isComplete('student_id'), dq.isComplete('country')],
      datasetRules: [dq.isPrimaryKey('student_id'), dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'students' }),
});

export const coursesJob = job({
  name: 'courses',
  input: courses,
  steps: [
    standardize([
      columnSpec('course_id', { case: 'upper' }),
      columnSpec('course_name'),
      columnSpec('department', { case: 'title' }),
      columnSpec('credits'),
      columnSpec('level', { case: 'lower' }),
    ]),
    deduplicate({ keys: ['course_id'], orderBy: 'course_id' }),
    quality({
      ruleset: 'courses',
      rowRules: [dq.isComplete('course_id'), dq.inRange('credits', 1, 10)],
      datasetRules: [dq.isPrimaryKey('course_id'), dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'courses' }),
});

export const instructorsJob = job({
  name: 'instructors',
  input: instructors,
  steps: [
    standardize([
      columnSpec('instructor_id', { case: 'upper' }),
      ...names,
      columnSpec('email', { case: 'lower' }),
      columnSpec('department', { case: 'title' }),
      columnSpec('rating'),
    ]),
    concat({ columns: ['first_name', 'last_name'], as: 'full_name' }),
    detectPii([piiColumn('email', { EMAIL: 'SHA256_HASH' })]),
    deduplicate({ keys: ['instructor_id'], orderBy: 'instructor_id' }),
    quality({
      ruleset: 'instructors',
      rowRules: [dq.isComplete('instructor_id'), dq.inRange('rating', 0, 5)],
      datasetRules: [dq.isPrimaryKey('instructor_id'), dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'instructors' }),
});

export const enrollmentsJob = job({
  name: 'enrollments',
  input: enrollments,
  steps: [
    standardize([
      columnSpec('enrollment_id', { case: 'upper' }),
      columnSpec('student_id', { case: 'upper' }),
      columnSpec('course_id', { case: 'upper' }),
      columnSpec('instructor_id', { case: 'upper' }),
      columnSpec('enrollment_date', { format: DATE }),
      columnSpec('term', { case: 'upper' }),
      columnSpec('marks'),
      columnSpec('attendance_pct'),
      columnSpec('status', { case: 'lower' }),
      columnSpec('notes'),
      columnSpec('updated_at', { format: TIMESTAMP }),
    ]),
    detectPii([
      piiText('notes', { EMAIL: 'REDACT', PHONE_NUMBER: 'REDACT', USA_SSN: 'REDACT', CREDIT_CARD: 'REDACT' }),
    ]),
    deduplicate({ keys: ['enrollment_id'], orderBy: 'updated_at' }),
    referenceCheck({ column: 'student_id', references: students, key: 'student_id' }),
    referenceCheck({ column: 'course_id', references: courses, key: 'course_id' }),
    referenceCheck({ column: 'instructor_id', references: instructors, key: 'instructor_id' }),
    quality({
      ruleset: 'enrollments',
      rowRules: [
        dq.isComplete('enrollment_date'),
        dq.inRange('marks', 0, 100),
        dq.inRange('attendance_pct', 0, 100),
        dq.inSet('status', ['active', 'completed', 'dropped', 'withdrawn']),
      ],
      datasetRules: [
        dq.isPrimaryKey('enrollment_id'),
        dq.rowCount('>', 0),
        // A few odd term codes are tolerated; a systematic change in the source's format fails the job.
        dq.columnValues(
          'term',
          { kind: 'matches', pattern: text('[0-9]{4}-(SPRING|FALL)'), negated: false },
          { threshold: dq.compare('>=', 0.99) },
        ),
      ],
    }),
  ],
  output: processedDataset({ name: 'enrollments', partitionBy: ['term'] }),
});

// ---------------------------------------------------------------- warehouse

const studentDim = dimension({
  name: 'student_dim',
  source: studentsJob.output,
  naturalKey: wcol('student_id', t.string(16)),
  surrogateKey: 'student_key',
  columns: [
    wcol('full_name', t.string(130)),
    wcol('email_hash', t.string(64), 'email'),
    wcol('phone', t.string(32)),
    wcol('date_of_birth', t.date()),
    wcol('country', t.string(2)),
    wcol('enrolled_since', t.date()),
  ],
});

const courseDim = dimension({
  name: 'course_dim',
  source: coursesJob.output,
  naturalKey: wcol('course_id', t.string(16)),
  surrogateKey: 'course_key',
  columns: [
    wcol('course_name', t.string(128)),
    wcol('department', t.string(64)),
    wcol('credits', t.int()),
    wcol('level', t.string(16)),
  ],
});

const instructorDim = dimension({
  name: 'instructor_dim',
  source: instructorsJob.output,
  naturalKey: wcol('instructor_id', t.string(16)),
  surrogateKey: 'instructor_key',
  columns: [
    wcol('full_name', t.string(130)),
    wcol('email_hash', t.string(64), 'email'),
    wcol('department', t.string(64)),
    wcol('rating', t.decimal(3, 2)),
  ],
});

const enrollmentFact = fact({
  name: 'enrollment_fact',
  source: enrollmentsJob.output,
  key: wcol('enrollment_id', t.string(24)),
  foreignKeys: [
    fk('student_dim', 'student_id', 'student_key'),
    fk('course_dim', 'course_id', 'course_key'),
    fk('instructor_dim', 'instructor_id', 'instructor_key'),
  ],
  measures: [wcol('marks', t.decimal(5, 2)), wcol('attendance_pct', t.decimal(5, 2))],
  attributes: [
    wcol('enrollment_date', t.date()),
    wcol('term', t.string(16)),
    wcol('status', t.string(16)),
    wcol('updated_at', t.timestamp()),
  ],
  distKey: 'student_key',
  sortKey: ['enrollment_date'],
});

// ---------------------------------------------------------------- pipeline

export default definePipeline({
  name: 'student-enrollment',
  description: 'Student, course, instructor and enrollment records into a governed star schema.',
  datasets: [students, courses, instructors, enrollments],
  // The graph follows from the data: the jobs read what the raw crawler catalogs, enrollments
  // checks references against the other three, the processed crawler reads all four outputs, and
  // the load reads what the processed crawler catalogs.
  tasks: [
    crawler({ name: 'raw', layer: 'raw', datasets: [students, courses, instructors, enrollments] }),
    studentsJob,
    coursesJob,
    instructorsJob,
    enrollmentsJob,
    crawler({
      name: 'processed',
      layer: 'processed',
      datasets: [studentsJob.output, coursesJob.output, instructorsJob.output, enrollmentsJob.output],
    }),
    warehouseLoad(),
  ],
  warehouse: warehouse({
    schema: 'edu',
    dimensions: [studentDim, courseDim, instructorDim],
    facts: [enrollmentFact],
    roles: [
      role({
        name: 'edu_reader',
        mode: 'read-only',
        tables: [
          access('enrollment_fact'),
          access('course_dim'),
          access('instructor_dim', {
            columns: ['instructor_key', 'instructor_id', 'full_name', 'department', 'rating'],
          }),
          access('student_dim', { masks: { phone: 'partial', date_of_birth: 'full' } }),
        ],
      }),
      role({
        name: 'edu_writer',
        mode: 'read-write',
        tables: [
          access('enrollment_fact'),
          access('student_dim'),
          access('course_dim'),
          access('instructor_dim'),
        ],
      }),
      role({
        name: 'edu_us_advisor',
        mode: 'read-only',
        tables: [
          access('student_dim', {
            columns: ['student_key', 'student_id', 'full_name', 'country', 'enrolled_since'],
            rowFilter: rowFilter('country', ['US']),
          }),
          access('enrollment_fact'),
        ],
      }),
    ],
  }),
  governance: governance({
    admins: [principal('lakeline-data-admin')],
    grants: [
      lakeGrant({
        principal: principal('analyst'),
        dataset: enrollmentsJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
        excludeColumns: ['notes'],
      }),
      lakeGrant({
        principal: principal('analyst'),
        dataset: studentsJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
        columns: ['student_id', 'full_name', 'country', 'enrolled_since'],
      }),
      lakeGrant({
        principal: principal('us-advisor'),
        dataset: studentsJob.output,
        permissions: ['SELECT'],
        columns: ['student_id', 'full_name', 'country'],
        rowFilter: rowFilter('country', ['US']),
      }),
    ],
  }),
  notifications: notifications({ topic: 'notifications' }),
  schedule: schedule('cron(0 3 * * ? *)'),
  stages,
});
