/**
 * The live lines of `simulate`: a failed state shows as failed (never also ✓), its message once
 * and in words — a Glue run's ErrorMessage, not the JobRun JSON — however often it was retried or
 * repeated by a Fail state.
 */
import { describe, expect, it } from 'vitest';
import { liveLines, summaryLines } from '../../cli/terminal.js';
import type { ExecutionEvent } from '../../local/executor/index.js';
import type { RunRecord } from '../../local/report/index.js';

const HEADER =
  'CsvHeaderError: enrollments/part-0.csv: header has no column "marks" (expected: id, marks); extra column "mark"';
const JOB_RUN = JSON.stringify({
  JobName: 'x-enrollments',
  JobRunState: 'FAILED',
  ErrorMessage: HEADER,
  Attempt: 0,
});

type WithoutAt<E> = E extends unknown ? Omit<E, 'at'> : never;
type Step = WithoutAt<ExecutionEvent>;
const entered = (state: string, stateType = 'Task'): Step => ({ type: 'StateEntered', state, stateType });
const exited = (state: string, stateType = 'Task'): Step => ({
  type: 'StateExited',
  state,
  stateType,
  output: null,
});
const failed = (state: string, error: string, cause: string): Step => ({
  type: 'StateFailed',
  state,
  error,
  cause,
});
const caught = (state: string): Step => ({ type: 'StateCaught', state, error: '' });
const retried = (state: string, attempt: number): Step => ({
  type: 'StateRetried',
  state,
  attempt,
  error: '',
});

function lines(steps: readonly Step[]): string[] {
  const out: string[] = [];
  const live = liveLines((line) => out.push(line));
  live({ type: 'ExecutionStarted', at: 0 });
  for (const s of steps) live({ ...s, at: 0 } as ExecutionEvent);
  return out.map((l) => l.replace(/^\[\s*\d+ms\] /, ''));
}

describe('liveLines', () => {
  it.each([
    {
      name: 'a caught job failure: ✗ with the ErrorMessage, no ✓, the Fail state without repeating it',
      steps: [
        entered('Run job enrollments'),
        failed('Run job enrollments', 'States.TaskFailed', JOB_RUN),
        caught('Run job enrollments'),
        exited('Run job enrollments'),
        entered('Notify failure'),
        exited('Notify failure'),
        entered('Pipeline failed', 'Fail'),
        failed('Pipeline failed', 'States.TaskFailed', JOB_RUN),
        { type: 'ExecutionFailed', error: 'States.TaskFailed', cause: JOB_RUN },
      ],
      expected: [
        `✗ Run job enrollments (caught): States.TaskFailed: ${HEADER}`,
        '✓ Notify failure (0ms)',
        '✗ Pipeline failed: States.TaskFailed',
        '✗ execution failed: States.TaskFailed',
      ],
    },
    {
      name: 'retries of one error: the message on the first retry only',
      steps: [
        entered('Run job'),
        failed('Run job', 'Glue.ThrottlingException', 'Rate exceeded'),
        retried('Run job', 1),
        failed('Run job', 'Glue.ThrottlingException', 'Rate exceeded'),
        retried('Run job', 2),
        failed('Run job', 'Glue.ThrottlingException', 'Rate exceeded'),
        caught('Run job'),
        exited('Run job'),
      ],
      expected: [
        '  ↻ Run job: retry 1 after Glue.ThrottlingException: Rate exceeded',
        '  ↻ Run job: retry 2 after Glue.ThrottlingException',
        '✗ Run job (caught): Glue.ThrottlingException',
      ],
    },
    {
      name: 'a retry that succeeds',
      steps: [
        entered('Run job'),
        failed('Run job', 'Glue.ThrottlingException', 'Rate exceeded'),
        retried('Run job', 1),
        exited('Run job'),
      ],
      expected: [
        '  ↻ Run job: retry 1 after Glue.ThrottlingException: Rate exceeded',
        '✓ Run job (0ms, 2 attempts)',
      ],
    },
    {
      name: 'an uncaught failure in a branch, told before the Parallel state that it fails',
      steps: [
        entered('Jobs', 'Parallel'),
        entered('Run job'),
        failed('Run job', 'States.TaskFailed', JOB_RUN),
        failed('Jobs', 'States.TaskFailed', JOB_RUN),
        { type: 'ExecutionFailed', error: 'States.TaskFailed', cause: JOB_RUN },
      ],
      expected: [
        '▸ Jobs',
        `✗ Run job: States.TaskFailed: ${HEADER}`,
        '✗ Jobs: States.TaskFailed',
        '✗ execution failed: States.TaskFailed',
      ],
    },
  ])('$name', ({ steps, expected }) => {
    expect(lines(steps as Step[])).toEqual(expected);
  });

  it('indents the further lines of a message under its first', () => {
    const cause = JSON.stringify({
      JobRunState: 'FAILED',
      ErrorMessage: 'QualityGateFailed: 1 rule failed:\n  RowCount > 0',
    });
    expect(
      lines([entered('Run job'), failed('Run job', 'States.TaskFailed', cause), caught('Run job')]),
    ).toEqual([
      '✗ Run job (caught): States.TaskFailed: QualityGateFailed: 1 rule failed:\n        RowCount > 0',
    ]);
  });
});

describe('summaryLines', () => {
  it('names the error and points at the ✗ line rather than repeating the message', () => {
    const run: RunRecord = {
      pipeline: 'p',
      stage: 'local',
      status: 'FAILED',
      error: `States.TaskFailed: ${HEADER}`,
      startedAt: '',
      durationMs: 10,
      states: [],
      datasets: {},
      quality: [],
      warehouse: { tables: {} },
      notifications: [],
    };
    const text = summaryLines(run, { runJson: 'run.json', report: 'report.html' }).join('\n');
    expect(text).toContain(
      '  error: States.TaskFailed (the ✗ line above says why; run.json has it as "error")',
    );
    expect(text).not.toContain('CsvHeaderError');
  });
});
