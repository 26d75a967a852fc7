/**
 * lakeline's DQDL parser held against AWS's own (software.amazon.glue:dqdl, the parser deequ's
 * evaluator runs on) over the corpus of tests/quality-rules/dqdl-corpus.ts: the same documents
 * accepted and refused, and for those accepted the same canonical form — what AWS's parser prints
 * for lakeline's canonical text is what it prints for the document itself. Numbers are compared
 * by value there (`1.0` and `1` are one number; lakeline prints the shorter). Where the two
 * differ on purpose, KNOWN says why; the test fails on any other difference, and on a known one
 * that is gone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SparkEnvironment, sparkEnvironment } from '../../local/spark/environment.js';
import { emitRuleset, parseRuleset } from '../../quality-rules/index.js';
import { DQDL_CORPUS } from '../quality-rules/dqdl-corpus.js';
import { sparkUnavailable } from './spark-available.js';

const harness = fileURLToPath(new URL('./DqdlCheck.java', import.meta.url));
const unavailable = sparkUnavailable();

/** Documents where lakeline and AWS's parser 1.0.0 (the one Maven Central serves) differ, and why. */
const KNOWN: Readonly<Record<string, string>> = {
  'reference rule 5: IsUnique "vendorid" "tpep_pickup_datetime"':
    'the DQDL reference shows IsUnique over several columns; parser 1.0.0 predates it',
  'reference rule 69: RowCount > 0 labels=["foo"="bar"]': 'labels: parser 1.0.0 predates them',
  'reference rule 70: ColumnValues "colA" in ["A", "B"]  with threshold > 0.8 labe':
    'labels: parser 1.0.0 predates them',
  'reference rule 71: ((IsComplete "col") AND (RowCount > 0)) labels=["foo"="bar"]':
    'labels: parser 1.0.0 predates them',
  labels: 'labels: parser 1.0.0 predates them',
  DefaultLabels: 'DefaultLabels: parser 1.0.0 predates them',
  'a SQL variable': 'a $variable as a parameter: parser 1.0.0 predates it',
  'Analyzers before Rules':
    "AWS's parser reads the first section and ignores the rest (its grammar does not end at EOF), dropping the rules; lakeline refuses",
  'two Rules sections': "AWS's parser keeps the first Rules section and ignores the second; lakeline refuses",
  'an undefined variable':
    'parser 1.0.0 leaves $nowhere unresolved; lakeline refuses a constant never declared',
};

interface Verdict {
  readonly ok: boolean;
  readonly canonical?: string;
  readonly error?: string;
}

function awsParser(environment: SparkEnvironment, dir: string, docs: readonly string[]): Verdict[] {
  const input = join(dir, `docs-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(input, JSON.stringify(docs));
  const dqdlJar = environment.jars.find((j) => j.includes('dqdl'))!;
  const result = spawnSync('java', ['-cp', `${environment.sparkHome}/jars/*:${dqdlJar}`, harness, input], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const marker = result.stdout.indexOf('@@result@@\n');
  if (result.status !== 0 || marker < 0) throw new Error(`DqdlCheck failed:\n${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout.slice(marker + '@@result@@\n'.length)) as Verdict[];
}

/** Numbers outside quoted strings by value: `1.0` → `1`, `0.90` → `0.9`. */
const byValue = (text: string): string =>
  text.replace(/"(?:[^"\\]|\\.)*"|-?\d+\.\d+|-?\d+/g, (m) => (m.startsWith('"') ? m : String(Number(m))));

function ours(text: string): Verdict {
  try {
    return { ok: true, canonical: emitRuleset(parseRuleset(text)) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

describe.skipIf(unavailable !== undefined)(
  `the DQDL parser against AWS's${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-dqdl-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const differences: Record<string, string> = {};
    let compared = 0;

    beforeAll(async () => {
      const environment = await sparkEnvironment((line) => console.log(line));
      const theirs = awsParser(
        environment,
        dir,
        DQDL_CORPUS.map((d) => d.text),
      );
      const mine = DQDL_CORPUS.map((d) => ours(d.text));
      // AWS's reading of lakeline's canonical text, for the documents both accept.
      const again = awsParser(
        environment,
        dir,
        mine.map((m) => m.canonical ?? 'Rules = [ RowCount > 0 ]'),
      );
      for (const [i, doc] of DQDL_CORPUS.entries()) {
        const [t, m, r] = [theirs[i]!, mine[i]!, again[i]!];
        compared++;
        if (t.ok !== m.ok)
          differences[doc.name] =
            `AWS ${t.ok ? 'accepts' : `refuses (${t.error})`}, lakeline ${m.ok ? 'accepts' : `refuses (${m.error})`}`;
        else if (t.ok && byValue(r.canonical ?? r.error ?? '') !== byValue(t.canonical!))
          differences[doc.name] =
            `AWS prints ${JSON.stringify(t.canonical)}, and for lakeline's canonical text ${JSON.stringify(r.canonical ?? r.error)}`;
      }
    }, 20 * 60_000);

    it('accepts and refuses what AWS does, in the same canonical form, but for the known differences', () => {
      expect(compared).toBe(DQDL_CORPUS.length);
      const unexpected = Object.fromEntries(Object.entries(differences).filter(([name]) => !(name in KNOWN)));
      expect(unexpected).toEqual({});
    });

    it('still differs where KNOWN says so (a difference that is gone leaves the list)', () => {
      expect(Object.keys(KNOWN).filter((name) => !(name in differences))).toEqual([]);
    });

    it('refuses with AWS what a user gets wrong', () => {
      // The corpus holds mistakes, and both parsers refuse each of them.
      const refused = DQDL_CORPUS.filter((d) => !ours(d.text).ok && !(d.name in differences));
      expect(refused.length).toBeGreaterThan(10);
    });
  },
);
