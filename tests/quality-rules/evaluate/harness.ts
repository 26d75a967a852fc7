/**
 * Evaluates DQDL on a tiny DuckDB table through the evaluator's plan, as the local Glue engine
 * does: the metric queries and the row-level tests are compiled for DuckDB and executed. Each test
 * table gets a hidden `__row` column (1, 2, …) to name the rows a rule fails, which the plan is
 * not told about, as the engine keeps `_lakeline_row` out of the rules' columns.
 */
import { compile, compileExpr, type DataType, type Expr, sql as s } from '../../../core/index.js';
import { DuckDb } from '../../../local/engines/index.js';
import {
  type EvaluationOptions,
  type EvaluationPlan,
  evaluatePlan,
  parseRuleset,
  planEvaluation,
  type RuleOutcome,
} from '../../../quality-rules/index.js';

export type Value = string | number | boolean | null;

export interface TableSpec {
  readonly columns: Readonly<Record<string, DataType>>;
  readonly rows: readonly (readonly Value[])[];
}

export interface Evaluation {
  /** The table the rules were evaluated on, and the tables of the references by alias. */
  readonly table: string;
  readonly referenceTables: Readonly<Record<string, string>>;
  readonly plan: EvaluationPlan;
  readonly outcomes: RuleOutcome[];
  /**
   * Rule text → the `__row` numbers of the rows it fails, for the rules with row-level outcomes
   * (or the engine's message, should the row test not run).
   */
  readonly failingRows: Readonly<Record<string, number[] | string>>;
}

export class Harness {
  private tables = 0;
  private constructor(readonly db: DuckDb) {}

  static async open(): Promise<Harness> {
    return new Harness(await DuckDb.open({ threads: 1 }));
  }

  close(): void {
    this.db.close();
  }

  async table(spec: TableSpec): Promise<{ name: string; spec: TableSpec }> {
    const name = `t${++this.tables}`;
    const columns = Object.entries(spec.columns).map(([column, type]) => ({
      name: column,
      type,
      notNull: false,
    }));
    await this.db.run(
      compile(
        {
          kind: 'createTable',
          table: s.table(name),
          columns: [...columns, { name: '__row', type: { kind: 'bigint' }, notNull: true }],
          ifNotExists: false,
        },
        'duckdb',
      ),
    );
    const types = Object.values(spec.columns);
    for (const [i, row] of spec.rows.entries()) {
      const values = row.map((v, j) => compileExpr(s.cast(s.lit(v), types[j]!), 'duckdb'));
      await this.db.run(`INSERT INTO "${name}" VALUES (${[...values, String(i + 1)].join(', ')})`);
    }
    return { name, spec };
  }

  /** Evaluates `dqdl` on a table of `spec`, with `references` as the additional data sources by alias. */
  async evaluate(
    dqdl: string,
    spec: TableSpec,
    options: EvaluationOptions = {},
    references: Readonly<Record<string, TableSpec>> = {},
  ): Promise<Evaluation> {
    const { name } = await this.table(spec);
    const referenceTables: Record<string, string> = {};
    for (const [alias, ref] of Object.entries(references))
      referenceTables[alias] = (await this.table(ref)).name;
    const columnsOf = (t: TableSpec) =>
      Object.entries(t.columns).map(([column, type]) => ({ name: column, type }));
    const sources = Object.fromEntries(
      Object.entries(references).map(([alias, ref]) => [
        alias,
        { table: s.table(referenceTables[alias]!), columns: columnsOf(ref) },
      ]),
    );
    const plan = planEvaluation(
      parseRuleset(dqdl),
      { table: s.table(name), columns: columnsOf(spec), references: sources },
      options,
    );
    const outcomes = await evaluatePlan(plan, (query) => this.db.one(compile(query, 'duckdb')));
    const failingRows: Record<string, number[] | string> = {};
    for (const { rule, passes } of plan.rowLevel) {
      failingRows[rule] = await this.failing(name, passes).catch((e: Error) => e.message);
    }
    return { table: name, referenceTables, plan, outcomes, failingRows };
  }

  private async failing(table: string, passes: Expr): Promise<number[]> {
    const query = s.select({
      items: [s.item(s.col('__row'))],
      from: s.fromTable(s.table(table)),
      where: s.not(passes),
      orderBy: [s.asc(s.col('__row'))],
    });
    return (await this.db.all(compile(query, 'duckdb'))).map((r) => Number(r.__row));
  }
}

/** `Rules = [ <rule> ]`. */
export const ruleset = (...rules: string[]): string => `Rules = [\n    ${rules.join(',\n    ')}\n]\n`;
