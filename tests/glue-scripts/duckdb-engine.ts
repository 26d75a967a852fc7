/**
 * Plays the engine's part for a job plan on DuckDB, as the plan describes it: read the CSV
 * (strings, header, malformed lines kept with their text) or the Parquet of a processed input
 * (partition columns from the `key=value` folders, cast from their text), number the rows, register reference
 * views, register each step's view in order and, for a quality step, evaluate the row rules and
 * register `dq_<i>`: the plan's actions, walked as the engines walk them. The DQ evaluation is a stand-in for the DQDL evaluator: one SQL predicate per
 * rule text of the plan, given by the test.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { compileExpr, sql } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import { duckString } from '../local/engines/duckdb-quoting.js';

export async function rows(conn: DuckDBConnection, query: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A Parquet input: the declared columns cast to their types, those of `partitionBy` from the folder names. */
async function registerParquetInput(conn: DuckDBConnection, plan: JobPlan, folder: string): Promise<void> {
  const hive =
    plan.input.partitionBy.length > 0
      ? 'hive_partitioning = true, hive_types_autocast = false'
      : 'hive_partitioning = false';
  const cols = plan.input.columns.map(
    (c) => `${compileExpr(sql.cast(sql.col(c.name), c.type), 'duckdb')} AS ${quoted(c.name)}`,
  );
  await conn.run(
    `CREATE TABLE input AS SELECT ${cols.join(', ')}, NULL::VARCHAR AS "${plan.columns.raw}", NULL::VARCHAR AS "${plan.columns.rawReason}", row_number() OVER () AS "${plan.columns.row}"
     FROM read_parquet(${duckString(`${folder}/**/*.parquet`)}, ${hive}, union_by_name = true)`,
  );
}

/**
 * Raw CSV or JSON lines in partition folders under `folder`: the file columns as text, the
 * partition columns from the folder names cast to their declared types, a JSON line that is not an
 * object a malformed row (its partition still known).
 */
async function registerPartitionedText(conn: DuckDBConnection, plan: JobPlan, folder: string): Promise<void> {
  const partitions = plan.input.partitionBy;
  const fileCols = plan.input.columns.filter((c) => !partitions.includes(c.name)).map((c) => c.name);
  const typed = plan.input.columns
    .filter((c) => partitions.includes(c.name))
    .map((c) => `${compileExpr(sql.cast(sql.col(c.name), c.declaredType), 'duckdb')} AS ${quoted(c.name)}`);
  const hive = 'hive_partitioning = true, hive_types_autocast = false';
  const C = plan.columns;
  if (plan.input.format === 'csv') {
    const csv = plan.input.csv!;
    const types = fileCols.map((c) => `${duckString(c)}: 'VARCHAR'`).join(', ');
    await conn.run(
      `CREATE TABLE input AS SELECT ${fileCols.map(quoted).join(', ')}, ${typed.join(', ')}, NULL::VARCHAR AS "${C.raw}", NULL::VARCHAR AS "${C.rawReason}", row_number() OVER () AS "${C.row}"
       FROM read_csv(${duckString(`${folder}/**/*.csv`)}, header = true, columns = {${types}}, delim = ${duckString(csv.delimiter)}, quote = ${duckString(csv.quote)}, escape = ${duckString(csv.escape)}, auto_detect = false, store_rejects = true, ${hive})`,
    );
    return;
  }
  // read_text has no hive_partitioning: each folder value from the file's path.
  const folders = partitions.map(
    (p) => `regexp_extract(filename, ${duckString(`/${p}=([^/]+)/`)}, 1) AS ${quoted(p)}`,
  );
  // json_type fails on text that is not JSON: it only ever sees valid JSON.
  const isObject = `CASE WHEN json_valid(line) THEN json_type(line) END = 'OBJECT'`;
  const fields = fileCols.map(
    (c) =>
      `CASE WHEN ${isObject} THEN json_extract_string(line, ${duckString(`$."${c}"`)}) END AS ${quoted(c)}`,
  );
  await conn.run(
    `CREATE TABLE input AS SELECT ${fields.join(', ')}, ${typed.join(', ')}, CASE WHEN ${isObject} THEN NULL ELSE line END AS "${C.raw}", NULL::VARCHAR AS "${C.rawReason}", row_number() OVER () AS "${C.row}"
     FROM (SELECT unnest(string_split(content, chr(10))) AS line, ${folders.join(', ')} FROM read_text(${duckString(`${folder}/**/*.json`)})) WHERE trim(line) <> ''`,
  );
}

async function registerInput(conn: DuckDBConnection, plan: JobPlan, file: string): Promise<void> {
  if (plan.input.format === 'parquet') return registerParquetInput(conn, plan, file);
  if (plan.input.partitionBy.length > 0) return registerPartitionedText(conn, plan, file);
  const cols = plan.input.columns.map((c) => c.name);
  const csv = plan.input.csv!;
  const types = cols.map((c) => `${duckString(c)}: 'VARCHAR'`).join(', ');
  await conn.run(
    `CREATE TABLE parsed AS SELECT * FROM read_csv(${duckString(file)}, header = true, columns = {${types}}, delim = ${duckString(csv.delimiter)}, quote = ${duckString(csv.quote)}, escape = ${duckString(csv.escape)}, store_rejects = true)`,
  );
  const nulls = cols.map((c) => `NULL::VARCHAR AS "${c}"`).join(', ');
  // A malformed line may be reported once per problem: one row per line.
  await conn.run(
    `CREATE TABLE input AS SELECT *, NULL::VARCHAR AS "${plan.columns.rawReason}", row_number() OVER () AS "${plan.columns.row}" FROM (
       SELECT *, NULL::VARCHAR AS "${plan.columns.raw}" FROM parsed
       UNION ALL
       SELECT ${nulls}, csv_line FROM (SELECT DISTINCT file_id, line, csv_line FROM reject_errors))`,
  );
}

export interface EngineInputs {
  /** A CSV file; for a Parquet or partitioned raw input, the folder of the dataset (Hive partition folders under it). */
  readonly file: string;
  /** Keys present in each referenced dataset's processed output; a dataset left out is registered by the test. */
  readonly references: Readonly<Record<string, readonly string[]>>;
  /** Row-rule text → SQL predicate that holds when a row passes. */
  readonly rowRules: Readonly<Record<string, string>>;
}

/** Registers every view of the plan; returns the PII findings summed per entity. */
export async function runPlan(
  conn: DuckDBConnection,
  plan: JobPlan,
  inputs: EngineInputs,
): Promise<Record<string, number>> {
  await registerInput(conn, plan, inputs.file);
  for (const ref of plan.references) {
    const keys = inputs.references[ref.dataset];
    // A test that needs more than one column of keys registers the view itself.
    if (keys === undefined) continue;
    const column = ref.columns[0]!.name;
    const values = keys.map((k) => `(${duckString(k)})`).join(', ');
    await conn.run(`CREATE TABLE "${ref.view}" AS SELECT * FROM (VALUES ${values}) AS t("${column}")`);
  }
  const findings: Record<string, number> = {};
  const q = plan.quality;
  // The plan's actions, as every engine walks them; references and dataset rules are the test's part.
  for (const action of plan.actions) {
    switch (action.action) {
      case 'readInput':
      case 'readReference':
      case 'evaluateDataset':
        break;
      case 'countFindings': {
        const [found] = await rows(conn, action.sql.duckdb);
        for (const e of action.entities) findings[e] = (findings[e] ?? 0) + Number(found![e]);
        break;
      }
      case 'evaluateRows': {
        const failed = q!.rowRules.map((rule) => {
          const passes = inputs.rowRules[rule];
          if (passes === undefined) throw new Error(`the stand-in evaluator has no predicate for ${rule}`);
          return `CASE WHEN NOT (${passes}) THEN ${duckString(rule)} END`;
        });
        const list = `list_filter([${failed.join(', ')}], x -> x IS NOT NULL)`;
        await conn.run(
          `CREATE TABLE "${q!.outcomesView}" AS SELECT "${plan.columns.row}", ${list} AS "${plan.columns.failedRules}" FROM (${q!.rowInput.duckdb}) WHERE len(${list}) > 0`,
        );
        break;
      }
      case 'view':
        await conn.run(`CREATE VIEW "${action.view}" AS ${action.sql.duckdb}`);
        break;
    }
  }
  return findings;
}

/**
 * The plan's CSV copy of the kept rows (`output.export`), as the engines write it for PostgreSQL's
 * `COPY … (FORMAT csv, HEADER true)`: into `file`, the export's columns in its order.
 */
export async function writeExport(conn: DuckDBConnection, plan: JobPlan, file: string): Promise<void> {
  const exported = plan.output.export;
  if (exported === null) throw new Error(`plan ${plan.job} has no export`);
  const cols = exported.columns.map(quoted).join(', ');
  await conn.run(
    `COPY (SELECT ${cols} FROM (${plan.split.kept.duckdb}) AS k) TO ${duckString(file)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')`,
  );
}
