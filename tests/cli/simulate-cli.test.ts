import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../pipelines/student-enrollment/sample.js';
import { lakeline } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lakeline simulate', () => {
  it('runs on generated dirty data, prints a summary and writes run.json and report.html', () => {
    const workdir = join(dir, 'ok');
    const r = lakeline([
      'simulate',
      'student-enrollment',
      '--rows',
      '150',
      '--dirty',
      '0.1',
      '--workdir',
      workdir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^sample data \(seed 42, dirty 0\.1\): \d+ students, \d+ courses, \d+ instructors, \d+ enrollments → .*input$/m,
    );
    expect(r.stdout).toContain('✓ Run job enrollments');
    expect(r.stdout).toMatch(/✓ student-enrollment SUCCEEDED in/);
    expect(r.stdout).toMatch(/enrollments +\d+ +\d+ +\d+ +\d+ +\d+%/);
    expect(r.stdout).toContain('report.html:');
    const run = JSON.parse(readFileSync(join(workdir, 'run.json'), 'utf8'));
    expect(Object.keys(run)).toEqual([
      'pipeline',
      'stage',
      'status',
      'startedAt',
      'durationMs',
      'states',
      'datasets',
      'quality',
      'warehouse',
      'notifications',
    ]);
    const html = readFileSync(join(workdir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Timeline</h2>');
    expect(html).toContain('ruleset enrollments');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('exits non-zero when the run fails, with the error in run.json (--json on stdout)', () => {
    const r = lakeline([
      'simulate',
      'student-enrollment',
      '--rows',
      '60',
      '--workdir',
      join(dir, 'fail'),
      '--fail',
      'Run job enrollments=Glue.AccessDeniedException',
      '--json',
    ]);
    expect(r.status).toBe(1);
    const run = JSON.parse(r.stdout);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/^Glue\.AccessDeniedException: injected by --fail/);
    expect(run.notifications[0].subject).toContain('run failed');
    expect(r.stderr).toContain('✗ Run job enrollments (caught): Glue.AccessDeniedException');
  });

  it('tells bad input as a new user needs it: the header once, a bad byte and an empty file by name', () => {
    const input = join(dir, 'bad-input');
    const sample = writeSample({ out: input, rows: 80, seed: 5, dirty: 0 });
    const enrollments = readFileSync(sample.files.enrollments!, 'utf8');
    writeFileSync(sample.files.enrollments!, enrollments.replace(',marks,', ',mark,'));
    const courses = readFileSync(sample.files.courses!);
    writeFileSync(
      sample.files.courses!,
      Buffer.concat([
        courses,
        Buffer.from('C9001,Alg'),
        Buffer.from([0xe8]),
        Buffer.from('bre,Mathematics,3,intro\n'),
      ]),
    );
    writeFileSync(join(input, 'courses', 'empty.csv'), 'course_id,course_name,department,credits,level\n');
    const workdir = join(dir, 'bad');
    const r = lakeline(['simulate', 'student-enrollment', '--input', input, '--workdir', workdir]);
    expect(r.status).toBe(1);
    const header =
      'CsvHeaderError: enrollments/enrollments.csv: header has no column "marks" (expected: enrollment_id, student_id, course_id, instructor_id, enrollment_date, term, marks, attendance_pct, status, notes, updated_at); extra column "mark"';
    expect(r.stdout).toContain(`✗ Run job enrollments (caught): States.TaskFailed: ${header}\n`);
    expect(r.stdout.split('CsvHeaderError').length - 1).toBe(1);
    expect(r.stdout).not.toContain('✓ Run job enrollments');
    expect(r.stdout).toContain('  ⚠ courses/empty.csv: a header and no rows\n');
    const run = JSON.parse(readFileSync(join(workdir, 'run.json'), 'utf8'));
    expect(run.error).toBe(`States.TaskFailed: ${header}`);
    expect(run.states.find((s: { name: string }) => s.name === 'Run job enrollments').status).toBe('FAILED');
    expect(run.datasets.courses).toMatchObject({
      quarantinedRows: 1,
      warnings: ['courses/empty.csv: a header and no rows'],
    });
    const quarantine = join(workdir, 's3/lakeline-local/student-enrollment/quarantine/courses');
    const [folder] = readdirSync(quarantine);
    const [part] = readdirSync(join(quarantine, folder!));
    const record = JSON.parse(readFileSync(join(quarantine, folder!, part!), 'utf8'));
    expect(record.reasons).toEqual([
      `malformed: invalid UTF-8 at byte offset ${courses.length + 9} (line ${sample.expected.courses.inputRows + 2})`,
    ]);
  });

  it.each([
    [['--fail', 'Run job enrollments'], '--fail "Run job enrollments" is not State=Error[:times]'],
    [
      ['--fail', 'Nope=Glue.X'],
      '--fail names "Nope", which is not a Task state; the Task states are: Get processed crawler status, Get raw crawler status',
    ],
    [['--warehouse', 'mysql://x'], '--warehouse must be pglite or a postgres:// URL, not "mysql://x"'],
  ])('explains bad options: %s', (args, message) => {
    const r = lakeline([
      'simulate',
      'student-enrollment',
      '--rows',
      '20',
      '--workdir',
      join(dir, 'bad'),
      ...args,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it.each([
    [['--engine', 'glue'], 'error: --engine glue is not one of duckdb, spark\n'],
    [['--spark-master', 'spark://h:7077'], 'error: --spark-master needs --engine spark\n'],
    [
      ['--engine', 'spark', '--spark-master', 'sc://localhost:15002'],
      "error: --spark-master sc://localhost:15002: Spark Connect cannot run the jobs' data-quality step (deequ's DQDL evaluator is a JVM library, which Spark Connect clients cannot call); give a spark://, yarn or k8s:// master\n",
    ],
  ])('refuses engine options it cannot honour, saying why: %s', (args, message) => {
    const r = lakeline([
      'simulate',
      'student-enrollment',
      '--rows',
      '10',
      '--workdir',
      join(dir, 'e'),
      ...args,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(message);
  });

  it('explains an input folder that lacks a dataset', () => {
    const input = join(dir, 'partial-input');
    lakeline(['sample', 'student-enrollment', '--out', input, '--rows', '20']);
    const r = lakeline([
      'simulate',
      'student-enrollment',
      '--input',
      join(input, 'students'),
      '--workdir',
      join(dir, 'p'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'has no folder for courses, enrollments, instructors, students; the input layout is one folder per raw dataset',
    );
    const missing = lakeline([
      'simulate',
      'student-enrollment',
      '--input',
      join(dir, 'missing'),
      '--workdir',
      join(dir, 'm'),
    ]);
    expect(missing.stderr).toBe(`error: --input ${join(dir, 'missing')} does not exist\n`);
  });
});

describe('lakeline sfn run', () => {
  const machine = (states: object, startAt: string) => {
    const file = join(dir, `${startAt.replace(/\W/g, '')}.asl.json`);
    writeFileSync(file, JSON.stringify({ StartAt: startAt, States: states }));
    return file;
  };

  it('runs a hand-written state machine with local services; Wait takes no time', () => {
    const file = machine(
      {
        Hello: {
          Type: 'Pass',
          Parameters: { 'greeting.$': "States.Format('hello {}', $.name)" },
          Next: 'Nap',
        },
        Nap: { Type: 'Wait', Seconds: 86400, Next: 'Tell' },
        Tell: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', 'Message.$': '$.greeting' },
          ResultPath: '$.published',
          End: true,
        },
      },
      'Hello',
    );
    const workdir = join(dir, 'sfn');
    const r = lakeline(['sfn', 'run', file, '--input', '{"name":"lake"}', '--json', '--workdir', workdir]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('SUCCEEDED');
    expect(out.output.greeting).toBe('hello lake');
    expect(out.output.published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(join(workdir, 'sns-outbox.jsonl'))).toBe(true);
  });

  it('fails clearly on a resource nothing serves', () => {
    const file = machine(
      { Call: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
      'Call',
    );
    const r = lakeline(['sfn', 'run', file, '--workdir', join(dir, 'sfn2')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no local service serves arn:aws:states:::dynamodb:putItem (state "Call")');
  });

  it('prints status, error and cause of a failed execution', () => {
    const file = machine({ Boom: { Type: 'Fail', Error: 'My.Error', Cause: 'it broke' } }, 'Boom');
    const r = lakeline(['sfn', 'run', file, '--json', '--workdir', join(dir, 'sfn3')]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'FAILED', error: 'My.Error', cause: 'it broke' });
  });
});
