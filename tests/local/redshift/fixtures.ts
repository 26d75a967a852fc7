/**
 * The flagship's warehouse as the local Redshift receives it: its artifact tree's SQL (written to
 * a folder, as synth writes it), the Redshift statements deploy and the state machine send, and a
 * processed layer of real Parquet files (written with DuckDB into a LocalS3, enrollments
 * partitioned by term in `term=…/` folders, as Glue writes them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LOCAL_STAGE, parseCopy, type WarehouseFile } from '../../../core/index.js';
import { DuckDb } from '../../../local/engines/index.js';
import { LocalS3, parseS3Uri } from '../../../local/s3/index.js';
import pipeline from '../../../pipelines/student-enrollment/pipeline.js';
import {
  synthWarehouse,
  warehouseFileStatements,
  warehouseLoadStatements,
} from '../../../warehouse/index.js';
import { duckIdent, duckString } from '../engines/duckdb-quoting.js';

export const CONNECTION = { WorkgroupName: 'lakeline-local', Database: 'dev' } as const;

/** A scratch folder, removed by the returned function. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lakeline-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the warehouse artifacts under `<root>/student-enrollment/`; returns that folder. */
export function writeTree(root: string): string {
  const tree = join(root, 'student-enrollment');
  for (const artifact of synthWarehouse(pipeline, LOCAL_STAGE)) {
    const file = join(tree, artifact.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, artifact.content);
  }
  return tree;
}

export const redshiftFile = (file: WarehouseFile): string[] =>
  warehouseFileStatements(pipeline, LOCAL_STAGE, 'redshift', file);

/** The load exactly as the state machine embeds it in BatchExecuteStatement's Sqls. */
export const loadSqls = (): string[] => warehouseLoadStatements(pipeline, LOCAL_STAGE, 'redshift');

type Value = string | number | null;
type Column = readonly [name: string, type: string];

interface Dataset {
  readonly columns: readonly Column[];
  readonly partitionBy?: string;
  readonly rows: readonly (readonly Value[])[];
}

const STUDENT_COLUMNS: readonly Column[] = [
  ['student_id', 'VARCHAR'],
  ['first_name', 'VARCHAR'],
  ['last_name', 'VARCHAR'],
  ['email', 'VARCHAR'],
  ['phone', 'VARCHAR'],
  ['ssn', 'VARCHAR'],
  ['date_of_birth', 'DATE'],
  ['country', 'VARCHAR'],
  ['enrolled_since', 'DATE'],
  ['full_name', 'VARCHAR'],
];

const STUDENTS: readonly (readonly Value[])[] = [
  [
    'S001',
    'Ada',
    'Lovelace',
    'a'.repeat(64),
    '******1234',
    '*******',
    '2001-02-03',
    'US',
    '2020-09-01',
    'Ada Lovelace',
  ],
  [
    'S002',
    'Alan',
    'Turing',
    'b'.repeat(64),
    '******9876',
    '*******',
    '2000-06-23',
    'GB',
    '2019-09-01',
    'Alan Turing',
  ],
  // An empty string and NULLs side by side: the COPY must keep them apart.
  ['S003', 'Grace', 'Hopper', null, '12', '', null, 'US', '2021-01-15', 'Grace Hopper'],
];

/** What the processed layer holds after the Glue jobs; `late` adds the student E4 refers to. */
export function processedLayer(options: { late?: boolean } = {}): Record<string, Dataset> {
  return {
    students: {
      columns: STUDENT_COLUMNS,
      rows: options.late
        ? [
            ...STUDENTS,
            ['S404', 'Late', 'Arrival', null, null, null, null, 'FR', '2024-01-01', 'Late Arrival'],
          ]
        : STUDENTS,
    },
    courses: {
      columns: [
        ['course_id', 'VARCHAR'],
        ['course_name', 'VARCHAR'],
        ['department', 'VARCHAR'],
        ['credits', 'INTEGER'],
        ['level', 'VARCHAR'],
      ],
      rows: [
        ['C1', 'Databases', 'Computing', 5, 'graduate'],
        ['C2', 'Logic', 'Mathematics', 3, 'undergraduate'],
      ],
    },
    instructors: {
      columns: [
        ['instructor_id', 'VARCHAR'],
        ['first_name', 'VARCHAR'],
        ['last_name', 'VARCHAR'],
        ['email', 'VARCHAR'],
        ['department', 'VARCHAR'],
        ['rating', 'DECIMAL(3,2)'],
        ['full_name', 'VARCHAR'],
      ],
      rows: [['I1', 'Edgar', 'Codd', 'c'.repeat(64), 'Computing', 4.8, 'Edgar Codd']],
    },
    enrollments: {
      columns: [
        ['enrollment_id', 'VARCHAR'],
        ['student_id', 'VARCHAR'],
        ['course_id', 'VARCHAR'],
        ['instructor_id', 'VARCHAR'],
        ['enrollment_date', 'DATE'],
        ['marks', 'DECIMAL(5,2)'],
        ['attendance_pct', 'DECIMAL(5,2)'],
        ['status', 'VARCHAR'],
        ['notes', 'VARCHAR'],
        ['updated_at', 'TIMESTAMP'],
        ['term', 'VARCHAR'],
      ],
      partitionBy: 'term',
      rows: [
        ['E1', 'S001', 'C1', 'I1', '2024-01-10', 91.5, 98, 'active', null, '2024-01-10 09:00:00', '2024S'],
        ['E2', 'S002', 'C2', 'I1', '2024-01-11', 75, 80, 'completed', 'ok', '2024-01-11 09:00:00', '2024S'],
        ['E3', 'S003', 'C1', 'I1', '2024-02-01', null, 60, 'dropped', '', '2024-02-01 09:00:00', '2024S'],
        // Its student is not (yet) in the dimension: the fact is kept with a NULL key.
        ['E4', 'S404', 'C2', 'I1', '2024-02-02', 50, 50, 'active', null, '2024-02-02 09:00:00', '2024F'],
      ],
    },
  };
}

const literal = (value: Value, type: string): string =>
  value === null
    ? `CAST(NULL AS ${type})`
    : typeof value === 'number'
      ? `CAST(${value} AS ${type})`
      : `CAST(${duckString(value)} AS ${type})`;

/** Where each dataset's COPY reads: the S3 prefixes of the PostgreSQL load's COPY statements. */
export function copyPrefixes(): Record<string, string> {
  const prefixes: Record<string, string> = {};
  for (const statement of warehouseLoadStatements(pipeline, LOCAL_STAGE, 'postgres')) {
    const copy = parseCopy(statement);
    if (copy !== undefined) prefixes[copy.table.name] = copy.from;
  }
  return prefixes;
}

/** Writes the datasets as Snappy Parquet under their prefixes (partitioned ones in `key=value/` folders). */
export async function writeProcessed(s3: LocalS3, datasets: Record<string, Dataset>): Promise<void> {
  const prefixes = copyPrefixes();
  const db = await DuckDb.open({ threads: 1 });
  try {
    for (const [name, dataset] of Object.entries(datasets)) {
      const prefix = prefixes[name];
      if (prefix === undefined) throw new Error(`no COPY loads ${name}`);
      const { bucket, key } = parseS3Uri(prefix);
      s3.deletePrefix(bucket, key);
      const folder = s3.path(bucket, key);
      mkdirSync(folder, { recursive: true });
      const select = dataset.rows
        .map(
          (row) =>
            `SELECT ${dataset.columns.map(([c, t], i) => `${literal(row[i] ?? null, t)} AS ${duckIdent(c)}`).join(', ')}`,
        )
        .join(' UNION ALL ');
      if (dataset.partitionBy === undefined) {
        const file = join(folder, 'part-00000.snappy.parquet');
        await db.run(`COPY (${select}) TO ${duckString(file)} (FORMAT parquet, COMPRESSION snappy)`);
      } else {
        await db.run(
          `COPY (${select}) TO ${duckString(folder)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${duckIdent(dataset.partitionBy)}), OVERWRITE_OR_IGNORE)`,
        );
      }
    }
  } finally {
    db.close();
  }
}

export { LocalS3 };
