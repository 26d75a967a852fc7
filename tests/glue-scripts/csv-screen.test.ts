/**
 * The runner's CSV screen (`screen_csv` in lakeline_runner.py, run on Glue and on Spark) and the
 * local engine's (`screenCsv` of local/glue/plan-input-csv.ts) must cut the same files the same
 * way: the same whole records, the same malformed lines with the same reasons. Both run here on
 * a dirty sample and on the edge cases each screen is built for.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_OPTIONS } from '../../glue-scripts/index.js';
import { CsvHeaderError, screenCsv } from '../../local/glue/plan-input-csv.js';
import { writeSample } from '../../pipelines/student-enrollment/sample.js';

const runnerDir = fileURLToPath(new URL('../../glue-scripts/python/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lakeline-screen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COURSES = ['course_id', 'course_name', 'department', 'credits', 'level'];
const HEADER = `${COURSES.join(',')}\n`;

interface Screened {
  readonly records: readonly string[];
  readonly malformed: readonly { readonly raw: string; readonly reason: string | null }[];
  readonly error?: string;
}

/** The runner's screen over files on disk, through python3. */
function pythonScreen(files: readonly { path: string; columns: readonly string[] }[]): Screened[] {
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(runnerDir)})`,
    'import lakeline_runner as r',
    'out = []',
    'for f in json.load(sys.stdin):',
    '    spec = {"columns": f["columns"], "delimiter": 44, "quote": 34, "escape": 34, "encoding": "UTF-8", "base": "s3://b/raw/t/", "dataset": "t"}',
    '    try:',
    '        items = r.screen_csv("s3://b/raw/t/" + f["name"], open(f["path"], "rb").read(), spec)',
    '        out.append({"records": [i[1] for i in items if i[0] == "record"], "malformed": [{"raw": i[1], "reason": i[2]} for i in items if i[0] == "malformed"]})',
    '    except r.PlanError as e:',
    '        out.append({"records": [], "malformed": [], "error": str(e)})',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const input = JSON.stringify(files.map((f) => ({ ...f, name: f.path.split('/').at(-1) })));
  const result = spawnSync('python3', ['-c', script], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.status !== 0) throw new Error(`python3 failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Screened[];
}

/** The local screen's records: the header's line dropped from the clean file (or the file itself). */
function localScreen(path: string, columns: readonly string[]): Screened {
  const buf = readFileSync(path);
  try {
    const screen = screenCsv(buf, columns, CSV_OPTIONS, path);
    const body = (screen.clean ?? buf).toString('utf8').replace(/^\ufeff/, '');
    const newline = body.indexOf('\n');
    const afterHeader = newline < 0 ? '' : body.slice(newline + 1);
    // The records' text, split where the python side split them: compared as one text below.
    return { records: afterHeader === '' ? [] : [afterHeader], malformed: screen.malformed };
  } catch (e) {
    if (e instanceof CsvHeaderError) return { records: [], malformed: [], error: e.message };
    throw e;
  }
}

const joined = (records: readonly string[]) => records.join('\n').replace(/\r\n/g, '\n').replace(/\n+$/, '');

const cases: Readonly<Record<string, Buffer>> = {
  'unclosed quote, then good lines': Buffer.from(
    `${HEADER}C9001,"Algebra,Mathematics,3,intro\nC9002,"Linear\nAlgebra",Mathematics,3,intro\n\nC9003,Topology,Mathematics,4,""\nC9004,Geometry,Mathematics,3,advanced`,
  ),
  'text after a closing quote, too many and too few fields': Buffer.from(
    `${HEADER}C1,"A"x,M,3,intro\nC2,A,M,3,intro,extra\nC3,A,M\nC4,"A ""quoted"" name",M,3,intro\n`,
  ),
  'invalid UTF-8 and a record over 2 MB': Buffer.concat([
    Buffer.from(`${HEADER}C9005,Alg`),
    Buffer.from([0xe8]),
    Buffer.from(
      `bre,Mathematics,3,intro\nC9006,"${'x'.repeat(2_000_001)}",Mathematics,3,intro\nC9007,OK,M,3,intro\n`,
    ),
  ]),
  'a long line without quotes': Buffer.from(
    `${HEADER}C1,${'y'.repeat(2_100_000)},M,3,intro\nC2,B,M,3,intro\n`,
  ),
  'CRLF throughout, with a BOM': Buffer.from(
    `\ufeff${HEADER.replace('\n', '\r\n')}C1,A,M,3,intro\r\nC2,"B\r\nC",M,3,intro\r\n`,
  ),
  'mixed line endings': Buffer.from(`${HEADER}C1,A,M,3,intro\r\nC2,B,M,3,intro\nC3,C,M,3,intro\n`),
  'a header only, and no final line break': Buffer.from(HEADER.trimEnd()),
  'an empty file': Buffer.alloc(0),
  'a header in another order': Buffer.from(
    'course_name,course_id,department,credits,level\nA,C1,M,3,intro\n',
  ),
};

describe('the CSV screens of the runner and the local engine', () => {
  it('cut every edge case alike', () => {
    const files = Object.entries(cases).map(([name, body], i) => {
      const path = join(dir, `case-${i}.csv`);
      writeFileSync(path, body);
      return { name, path, columns: COURSES };
    });
    const python = pythonScreen(files);
    for (const [i, f] of files.entries()) {
      const local = localScreen(f.path, f.columns);
      const ours = python[i]!;
      expect({ case: f.name, error: ours.error !== undefined }).toEqual({
        case: f.name,
        error: local.error !== undefined,
      });
      expect({ case: f.name, malformed: ours.malformed }).toEqual({
        case: f.name,
        malformed: local.malformed,
      });
      expect({ case: f.name, records: joined(ours.records) }).toEqual({
        case: f.name,
        records: joined(local.records),
      });
    }
    // The cases do reach every branch: whole records, malformed lines, and each reason.
    const reasons = python.flatMap((p) => p.malformed.map((m) => m.reason ?? 'malformed'));
    expect(new Set(reasons.map((r) => r.replace(/ \(.*$/, '').replace(/ at byte offset .*/, '')))).toEqual(
      new Set(['malformed', 'malformed: invalid UTF-8', 'malformed: record exceeds the 2 MB record limit']),
    );
    expect(python.filter((p) => p.error !== undefined)).toHaveLength(1);
  });

  it('cut a dirty sample alike', () => {
    const out = join(dir, 'sample');
    writeSample({ out, rows: 3000, seed: 7, dirty: 0.2 });
    const files = ['enrollments', 'students', 'courses', 'instructors'].map((d) => {
      const path = join(out, d, `${d}.csv`);
      const header = readFileSync(path, 'utf8').split('\n', 1)[0]!;
      return { path, columns: header.split(',') };
    });
    const python = pythonScreen(files);
    for (const [i, f] of files.entries()) {
      const local = localScreen(f.path, f.columns);
      expect(python[i]!.malformed).toEqual(local.malformed);
      expect(joined(python[i]!.records)).toEqual(joined(local.records));
    }
    expect(python[0]!.malformed.length).toBeGreaterThan(10);
  });
});
