/**
 * lakeline's DQDL evaluator held against deequ's open-source one (com.amazon.deequ.dqdl,
 * `EvaluateDataQuality.process` and `processRows`, the evaluator AWS aligned with Glue 5's Data
 * Quality) on the tables and rules of dqdl-evaluator-cases.ts: the same outcome for every rule, the
 * same metrics (to a relative 1e-9) and failure messages, and the same failing rows for the rules
 * lakeline evaluates row by row. Where the two differ on purpose, KNOWN says why; the test fails
 * on any other difference, and on a known one that is gone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkEnvironment } from '../../local/spark/environment.js';
import { duckString } from '../local/engines/duckdb-quoting.js';
import { type Evaluation, Harness, ruleset } from '../quality-rules/evaluate/harness.js';
import { EVALUATOR_CASES } from './dqdl-evaluator-cases.js';
import { sparkUnavailable } from './spark-available.js';

const script = fileURLToPath(new URL('./deequ_evaluate.py', import.meta.url));
const unavailable = sparkUnavailable();
const TOLERANCE = 1e-9;

/** Rule → why lakeline's outcome, metrics or message differ from deequ's there. */
const KNOWN: Readonly<Record<string, string>> = {
  'ColumnValues "amount" between 0 and 100':
    "the DQDL reference's between excludes both ends (0 fails); deequ's evaluator includes them (0.625, not 0.5)",
  'ColumnValues "amount" > 0 with threshold > 0.5':
    'deequ ignores "with threshold" on a comparison and decides on the minimum; Glue (and lakeline) on the share of rows',
  'ColumnValues "code" matches "[A-Z]{2}-[0-9]+" with threshold >= 0.5':
    'deequ ignores "with threshold" on matches; Glue (and lakeline) pass when the share of matching rows meets it',
  'ColumnLength "code" <= 4':
    "lakeline decides ColumnLength on each row's length (LengthCompliance); deequ on the longest value's: same outcome, other metrics and message",
  'ColumnLength "name" between 1 and 3':
    "lakeline decides ColumnLength on each row's length (LengthCompliance); deequ on the shortest and longest: same outcome, other metrics and message",
};

/**
 * Rule types one of the two does not evaluate: lakeline answers ERROR with why (never PASS), deequ
 * 2.1.0 fails the rule with "Rule (or nested rule) not supported".
 */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  'ColumnDataType "code" = "STRING"':
    'neither: lakeline does not check values against a type yet; deequ does not know the type names Glue takes ("Unrecognized data type: STRING")',
  'DetectAnomalies "RowCount"':
    'neither: anomaly detection needs the metrics of earlier runs; deequ has no converter for it, lakeline keeps no history yet',
};

/** Rules whose failing rows differ, and why. */
const KNOWN_ROWS: Readonly<Record<string, string>> = {
  'ColumnLength "name" between 1 and 3':
    "between: deequ includes the ends ('Ada', 3 long, passes there); and deequ passes a NULL row, which lakeline (and deequ's own dataset-level ColumnLength) count as length 0",
  'ColumnValues "name" in ["Ada", "Bo", EMPTY, WHITESPACES_ONLY]':
    "deequ's row-level outcome passes a NULL for in [...] without NULL, while its dataset-level compliance (0.5, as lakeline's) counts it as failing; lakeline fails it in both",
};

interface DeequResult {
  readonly rules: {
    rule: string;
    outcome: string;
    message: string | null;
    metrics: Record<string, number>;
  }[];
  readonly rows: Record<string, string[]>;
  readonly error: string | null;
}

/** A message with its numbers to 12 significant digits: the engines sum in other orders. */
const roughly = (message: string) =>
  message.replace(/-?\d+\.\d+(E-?\d+)?/g, (n) => String(Number(Number(n).toPrecision(12))));

const key = (rule: string) =>
  rule
    .replace(/\s+/g, '')
    .replace(/\bAND\b/g, 'and')
    .replace(/\bOR\b/g, 'or');
const RESULTS: Readonly<Record<string, string>> = { Passed: 'PASS', Failed: 'FAIL' };

function close(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a).sort();
  if (keys.join() !== Object.keys(b).sort().join()) return false;
  return keys.every((k) => Math.abs(a[k]! - b[k]!) <= TOLERANCE * Math.max(1, Math.abs(a[k]!)));
}

describe.skipIf(unavailable !== undefined)(
  `the DQDL evaluator against deequ's${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-deequ-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const ours: Evaluation[] = [];
    let theirs: DeequResult[] = [];

    beforeAll(async () => {
      const environment = await sparkEnvironment((line) => console.log(line));
      const h = await Harness.open();
      const cases = [];
      try {
        const toParquet = async (table: string, file: string) => {
          const parquet = join(dir, file);
          await h.db.run(`COPY ${table} TO ${duckString(parquet)} (FORMAT parquet)`);
          return parquet;
        };
        for (const [i, c] of EVALUATOR_CASES.entries()) {
          const evaluation = await h.evaluate(ruleset(...c.rules), c.table, {}, c.references);
          ours.push(evaluation);
          const references: Record<string, string> = {};
          for (const [alias, table] of Object.entries(evaluation.referenceTables))
            references[alias] = await toParquet(table, `case-${i}-${alias}.parquet`);
          cases.push({
            parquet: await toParquet(evaluation.table, `case-${i}.parquet`),
            rules: c.rules,
            references,
          });
        }
      } finally {
        h.close();
      }
      const result = spawnSync(environment.python, [script, environment.jars.join(',')], {
        input: JSON.stringify(cases),
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        env: { ...process.env, SPARK_HOME: environment.sparkHome },
      });
      const marker = result.stdout.indexOf('\n@@result@@\n');
      if (result.status !== 0 || marker < 0)
        throw new Error(`deequ_evaluate.py failed:\n${result.stderr.slice(-3000)}`);
      theirs = JSON.parse(result.stdout.slice(marker + '\n@@result@@\n'.length)) as DeequResult[];
    }, 20 * 60_000);

    it('deequ evaluates every case', () => {
      expect(theirs.map((t) => t.error)).toEqual(EVALUATOR_CASES.map(() => null));
    });

    it('the same outcomes, metrics and messages, but for the known differences', () => {
      const differences: Record<string, string> = {};
      for (const [i, c] of EVALUATOR_CASES.entries()) {
        for (const o of ours[i]!.outcomes) {
          const t = theirs[i]!.rules.find((r) => key(r.rule) === key(o.rule));
          const mine = { result: o.result, message: o.message, metrics: o.metrics };
          const deequ = t && {
            result: RESULTS[t.outcome] ?? t.outcome,
            message: t.message ?? '',
            metrics: t.metrics,
          };
          const same =
            deequ !== undefined &&
            deequ.result === mine.result &&
            roughly(deequ.message) === roughly(mine.message) &&
            close(deequ.metrics, mine.metrics as Record<string, number>);
          if (!same)
            differences[o.rule] =
              `${c.name}: lakeline ${JSON.stringify(mine)}, deequ ${JSON.stringify(deequ)}`;
        }
      }
      const listed = { ...KNOWN, ...UNSUPPORTED };
      const unexpected = Object.fromEntries(
        Object.entries(differences).filter(([rule]) => !(rule in listed)),
      );
      expect(unexpected).toEqual({});
      expect(Object.keys(listed).filter((rule) => !(rule in differences))).toEqual([]);
      // What one side does not evaluate, it says so: lakeline with ERROR, deequ with "not supported".
      for (const [i] of EVALUATOR_CASES.entries()) {
        for (const o of ours[i]!.outcomes.filter((x) => x.rule in UNSUPPORTED)) {
          const t = theirs[i]!.rules.find((r) => key(r.rule) === key(o.rule))!;
          expect({ rule: o.rule, ours: o.result, deequ: t.message }).toEqual({
            rule: o.rule,
            ours: 'ERROR',
            deequ: expect.stringMatching(/not supported/),
          });
        }
      }
    });

    it('the same failing rows for the rules evaluated row by row', () => {
      const differences: Record<string, string> = {};
      let compared = 0;
      for (const [i, c] of EVALUATOR_CASES.entries()) {
        for (const [rule, failing] of Object.entries(ours[i]!.failingRows)) {
          if (typeof failing === 'string') continue;
          compared++;
          const deequ = Object.entries(theirs[i]!.rows)
            .filter(([, failed]) => failed.some((f) => key(f) === key(rule)))
            .map(([row]) => Number(row))
            .sort((a, b) => a - b);
          if (deequ.join() !== failing.join())
            differences[rule] = `${c.name}: lakeline ${failing}, deequ ${deequ}`;
        }
      }
      expect(compared).toBeGreaterThan(15);
      const unexpected = Object.fromEntries(
        Object.entries(differences).filter(([rule]) => !(rule in KNOWN_ROWS)),
      );
      expect(unexpected).toEqual({});
    });
  },
);
