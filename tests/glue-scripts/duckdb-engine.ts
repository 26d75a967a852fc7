/**
 * Plays the engine's part for a job plan on DuckDB, as the plan describes it: read the CSV
 * (strings, header, malformed lines kept with their text), number the rows, register reference
 * views, register each step's view in order and, for a quality step, evaluate the row rules and
 * register `dq_<i>`. The DQ evaluation is a stand-in for the DQDL evaluator: one SQL predicate per
 * rule text of the plan, given by the test.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { JobPlan } from '../../glue-scripts/index.js';

export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export async function rows(conn: DuckDBConnection, query: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
}

async function registerInput(conn: DuckDBConnection, plan: JobPlan, file: string): Promise<void> {
  const cols = plan.input.columns.map((c) => c.name);
  const csv = plan.input.csv!;
  const types = cols.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
  await conn.run(
    `CREATE TABLE parsed AS SELECT * FROM read_csv(${literal(file)}, header = true, columns = {${types}}, delim = ${literal(csv.delimiter)}, quote = ${literal(csv.quote)}, escape = ${literal(csv.escape)}, store_rejects = true)`,
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
  readonly file: string;
  /** Keys present in each referenced dataset's processed output. */
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
    const column = ref.columns[0]!.name;
    const values = (inputs.references[ref.dataset] ?? []).map((k) => `(${literal(k)})`).join(', ');
    await conn.run(`CREATE TABLE "${ref.view}" AS SELECT * FROM (VALUES ${values}) AS t("${column}")`);
  }
  await conn.run(`CREATE VIEW step_0 AS ${plan.input.sql.duckdb}`);
  const findings: Record<string, number> = {};
  for (const step of plan.steps) {
    if (step.kind === 'detectPii') {
      const [found] = await rows(conn, step.findings.sql.duckdb);
      for (const e of step.findings.entities) findings[e] = (findings[e] ?? 0) + Number(found![e]);
    }
    if (step.kind === 'quality' && step.quality.outcomesView !== null) {
      const failed = step.quality.rowRules.map((rule) => {
        const passes = inputs.rowRules[rule];
        if (passes === undefined) throw new Error(`the stand-in evaluator has no predicate for ${rule}`);
        return `CASE WHEN NOT (${passes}) THEN ${literal(rule)} END`;
      });
      const list = `list_filter([${failed.join(', ')}], x -> x IS NOT NULL)`;
      await conn.run(
        `CREATE TABLE "${step.quality.outcomesView}" AS SELECT "${plan.columns.row}", ${list} AS "${plan.columns.failedRules}" FROM (${step.quality.rowInput.duckdb}) WHERE len(${list}) > 0`,
      );
    }
    await conn.run(`CREATE VIEW "${step.view}" AS ${step.sql.duckdb}`);
  }
  return findings;
}
