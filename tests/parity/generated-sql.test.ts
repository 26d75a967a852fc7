/**
 * The SQL lakeline generates, checked by the engines' own parsers rather than compared as text:
 * every Spark SQL statement of every job plan of every pipeline and stage goes through EXPLAIN on
 * local Spark (PySpark 3.5.4, Glue 5.0's), each against the views it reads; every Redshift
 * statement of the trees (the SQL files and the state machine's Data API statements, and the SQL
 * files of the SCD Type 2 and lakehouse fixtures' warehouses, and of the governed fixture's: email
 * masks, a row filter driven by an access mapping) is parsed by sqlglot's redshift dialect, raising on
 * errors. Redshift statements sqlglot does not model are listed below with what they are; their
 * text is still tokenized, and the catalog queries that CALL statements carry are parsed as SQL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import {
  ArtifactTree,
  LOCAL_STAGE,
  artifactLayout as layout,
  type Pipeline,
  WAREHOUSE_FILES,
} from '../../core/index.js';
import { type SparkEnvironment, sparkEnvironment } from '../../local/spark/environment.js';
import { synthWarehouse } from '../../warehouse/index.js';
import { governedPipeline } from '../fixtures/governed-pipeline.js';
import { lakehousePipeline } from '../fixtures/lakehouse-pipeline.js';
import { CHECK_STRATEGY, scd2Pipeline, TIMESTAMP_STRATEGY } from '../fixtures/scd2-pipeline.js';
import { sparkUnavailable } from './spark-available.js';

const root = fileURLToPath(new URL('../../pipelines/', import.meta.url));
const checker = fileURLToPath(new URL('./generated_sql.py', import.meta.url));
const unavailable = sparkUnavailable();

/** Redshift statements sqlglot's dialect parses only as an opaque command, or not at all. */
const UNMODELLED: readonly [RegExp, string][] = [
  [/^CREATE EXTERNAL SCHEMA /, 'Spectrum: the external schema over the Glue Data Catalog'],
  [/^CALL "[^"]+"\."lakeline_\w+_runner"\('/, 'a stored procedure call (its catalog query is parsed below)'],
  [/^CALL "[^"]+"\."lakeline_assert_empty"\('/, 'a check of a history (its query is parsed below)'],
  [/^REVOKE ALL ON ALL TABLES IN SCHEMA "[^"]+" FROM ROLE /, 'REVOKE … FROM ROLE'],
  [/^(CREATE|DROP|ATTACH|DETACH) RLS POLICY /, 'row-level security policies'],
  [
    /^GRANT SELECT ON TABLE "[^"]+"\."[^"]+" TO RLS POLICY "[^"]+"$/,
    'a lookup table granted to a row policy',
  ],
  [/^(CREATE|DROP|ATTACH|DETACH) MASKING POLICY /, 'dynamic data masking policies'],
  [/^ALTER TABLE "[^"]+"\."[^"]+" ROW LEVEL SECURITY (ON|OFF)$/, 'row-level security switched on a table'],
];

interface Checked {
  readonly where: string;
  readonly statement: string;
  readonly parsed?: string;
  readonly error?: string;
}

function python(environment: SparkEnvironment, args: readonly string[]): unknown {
  const result = spawnSync(environment.python, [checker, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, SPARK_HOME: environment.sparkHome, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const marker = result.stdout.indexOf('\n@@result@@\n');
  if (result.status !== 0 || marker < 0)
    throw new Error(`${checker} ${args[0]} failed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout.slice(marker + '\n@@result@@\n'.length));
}

/** The query a CALL hands its procedure, its first argument, as SQL text (doubled quotes undone). */
const callQueries = (statement: string): string[] =>
  [...statement.matchAll(/^CALL [^(]+\('((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));

describe.skipIf(unavailable !== undefined)(
  `generated SQL through the engines' parsers${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let environment: SparkEnvironment;
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-sql-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const plans: string[] = [];
    const redshiftFiles: string[] = [];

    beforeAll(async () => {
      environment = await sparkEnvironment((line) => console.log(line));
      for (const name of readdirSync(root).filter((d) => existsSync(join(root, d, 'pipeline.ts')))) {
        const pipeline = (await import(pathToFileURL(join(root, name, 'pipeline.ts')).href))
          .default as Pipeline;
        for (const stage of pipeline.stages) {
          const tree = join(dir, name, stage.name);
          writeTree(tree, synthTree(pipeline, stage));
          const artifacts = new ArtifactTree(tree);
          for (const path of artifacts.list(layout.jobPlans)) plans.push(join(tree, path));
          for (const name of Object.values(WAREHOUSE_FILES)) {
            const path = layout.warehouseFile('redshift', name);
            if (artifacts.has(path)) redshiftFiles.push(join(tree, path));
          }
          redshiftFiles.push(join(tree, layout.stateMachine));
        }
      }
      // Fixtures stand in for what the pipelines of pipelines/ may not use: SCD Type 2 history, an
      // access mapping, two schemas and marts (the lakehouse's: silver and gold, latest-row reads).
      const fixtures = {
        governed: governedPipeline(),
        'history-timestamp': scd2Pipeline(TIMESTAMP_STRATEGY, { hardDeletes: 'new_record' }),
        'history-check': scd2Pipeline(CHECK_STRATEGY, {
          hardDeletes: 'invalidate',
          validToOpen: '9999-12-31',
        }),
        lakehouse: lakehousePipeline(),
        'lakehouse-history-check': lakehousePipeline({ history: CHECK_STRATEGY }),
      };
      for (const [name, pipeline] of Object.entries(fixtures)) {
        const tree = join(dir, name);
        writeTree(tree, synthWarehouse(pipeline, LOCAL_STAGE));
        for (const file of Object.values(WAREHOUSE_FILES))
          redshiftFiles.push(join(tree, layout.warehouseFile('redshift', file)));
      }
    }, 20 * 60_000);

    it('every Spark SQL statement of every plan passes EXPLAIN', () => {
      const result = python(environment, ['explain', ...plans]) as {
        checked: unknown[];
        problems: { plan: string; where: string; error: string }[];
      };
      expect(result.problems).toEqual([]);
      // input, each step (and its findings or quality inputs), kept, rejected, counts: per plan.
      expect(result.checked.length).toBeGreaterThan(plans.length * 6);
      // One Spark session for every plan of every stage: 40-70 s alone on 2 cores, and up to the
      // default 120 s when another Spark test file runs beside it.
    }, 300_000);

    it('a statement Spark cannot analyze is reported, with where it sits', () => {
      const broken = join(dir, 'broken.json');
      const plan = JSON.parse(readFileSync(plans[0]!, 'utf8'));
      const at = plan.actions.findIndex((a: { view?: string }) => a.view === 'step_1');
      plan.actions[at].sql.spark = plan.actions[at].sql.spark.replace('SELECT ', 'SELECT `no_such_column`, ');
      writeFileSync(broken, JSON.stringify(plan));
      const result = python(environment, ['explain', broken]) as {
        problems: { where: string; error: string }[];
      };
      expect(result.problems[0]).toMatchObject({ where: `.actions[${at}].sql` });
      expect(result.problems[0]!.error).toMatch(/no_such_column/);
      // What reads a view it could not define is reported too, as a view not found.
      for (const later of result.problems.slice(1)) expect(later.error).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
    });

    it('every Redshift statement parses with sqlglot, or is a form it does not model', () => {
      const result = python(environment, ['redshift', ...redshiftFiles]) as { checked: Checked[] };
      const unmodelled = (s: Checked) => UNMODELLED.find(([pattern]) => pattern.test(s.statement));
      const wrong = result.checked.filter(
        (s) => (s.error !== undefined || s.parsed === 'Command') && unmodelled(s) === undefined,
      );
      expect(wrong).toEqual([]);
      // Each listed form occurs: the list names what the trees hold, no more.
      for (const [pattern, what] of UNMODELLED)
        expect({ what, found: result.checked.some((s) => pattern.test(s.statement)) }).toEqual({
          what,
          found: true,
        });
      // The load statements, the DDL and the grants are modelled: most statements parse fully.
      const parsed = result.checked.filter((s) => s.parsed !== undefined && s.parsed !== 'Command');
      expect(parsed.length).toBeGreaterThan(result.checked.length / 2);

      // The catalog queries and the checks' queries inside the CALLs are SQL too.
      const queries = result.checked
        .filter((s) => s.statement.startsWith('CALL '))
        .flatMap((s) => callQueries(s.statement));
      expect(queries.length).toBeGreaterThan(0);
      const file = join(dir, 'call-queries.sql');
      writeFileSync(file, queries.map((q) => `${q};`).join('\n'));
      const inner = python(environment, ['redshift', file]) as { checked: Checked[] };
      expect(inner.checked.filter((s) => s.error !== undefined || s.parsed === 'Command')).toEqual([]);
    });

    it('a statement sqlglot cannot parse is reported', () => {
      const file = join(dir, 'bad.sql');
      writeFileSync(file, 'SELECT 1;\nSELECT FROM WHERE (;\n');
      const result = python(environment, ['redshift', file]) as { checked: Checked[] };
      expect(result.checked.map((s) => s.error === undefined)).toEqual([true, false]);
    });
  },
);
