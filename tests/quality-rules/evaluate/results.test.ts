/** The score and the DataQualityResult document, from outcomes computed on DuckDB. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/index.js';
import { dataQualityResult, type RuleOutcome, score } from '../../../quality-rules/index.js';
import { Harness, ruleset } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

const outcome = (result: RuleOutcome['result']): RuleOutcome => ({
  rule: 'r',
  result,
  message: '',
  metrics: {},
});

describe('score', () => {
  it('is the share of rules that passed; an ERROR does not pass', () => {
    expect(score([outcome('PASS'), outcome('FAIL'), outcome('ERROR'), outcome('PASS')])).toBe(0.5);
    expect(score([outcome('PASS')])).toBe(1);
    expect(score([])).toBeNull();
  });
});

describe('dataQualityResult', () => {
  it('names rules Rule_1… with their text, as Glue publishes them', async () => {
    const { outcomes } = await h.evaluate(ruleset('RowCount > 0', 'IsComplete "x"', 'Mean "nope" > 1'), {
      columns: { x: t.int() },
      rows: [[1], [null]],
    });
    const doc = dataQualityResult({
      resultId: 'dqresult-local-1',
      rulesetName: 'enrollments',
      evaluationContext: 'student-enrollment-local-enrollments-dataset',
      startedOn: new Date('2024-06-01T12:00:00Z'),
      completedOn: new Date('2024-06-01T12:00:02Z'),
      jobName: 'student-enrollment-local-enrollments',
      jobRunId: 'run-1',
      outcomes,
      rows: { processed: 2, passed: 1, failed: 1 },
    });
    expect(doc).toEqual({
      ResultId: 'dqresult-local-1',
      Score: 1 / 3,
      RulesetName: 'enrollments',
      EvaluationContext: 'student-enrollment-local-enrollments-dataset',
      StartedOn: '2024-06-01T12:00:00.000Z',
      CompletedOn: '2024-06-01T12:00:02.000Z',
      JobName: 'student-enrollment-local-enrollments',
      JobRunId: 'run-1',
      RuleResults: [
        {
          Name: 'Rule_1',
          Description: 'RowCount > 0',
          Result: 'PASS',
          EvaluatedMetrics: { 'Dataset.*.RowCount': 2 },
          EvaluatedRule: 'RowCount > 0',
        },
        {
          Name: 'Rule_2',
          Description: 'IsComplete "x"',
          EvaluationMessage: 'Value: 0.5 does not meet the constraint requirement!',
          Result: 'FAIL',
          EvaluatedMetrics: { 'Column.x.Completeness': 0.5 },
          EvaluatedRule: 'IsComplete "x"',
        },
        {
          Name: 'Rule_3',
          Description: 'Mean "nope" > 1',
          EvaluationMessage: 'column "nope" does not exist in the dataset (its columns: x)',
          Result: 'ERROR',
          EvaluatedMetrics: {},
          EvaluatedRule: 'Mean "nope" > 1',
        },
      ],
      AggregatedMetrics: {
        TotalRowsProcessed: 2,
        TotalRowsPassed: 1,
        TotalRowsFailed: 1,
        TotalRulesProcessed: 3,
        TotalRulesPassed: 1,
        TotalRulesFailed: 2,
      },
    });
  });
});
