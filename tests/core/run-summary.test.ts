/** The run summary's schema: what every engine writes passes, and a broken summary is named. */
import { describe, expect, it } from 'vitest';
import { parseRunSummary, type RunSummary, runSummaryProblems } from '../../core/index.js';

const summary: RunSummary = {
  job: 'enrollments',
  dataset: 'enrollments',
  runId: 'run-1',
  status: 'SUCCEEDED',
  inputRows: 10,
  outputRows: 7,
  quarantinedRows: 2,
  duplicateRows: 1,
  accounting: 'rowPreserving',
  piiFindings: { EMAIL: 3 },
  quality: {
    ruleset: 'enrollments',
    dataset: 'enrollments',
    score: 0.5,
    rules: [
      { rule: 'RowCount > 0', result: 'PASS', message: '', metrics: { 'Dataset.*.RowCount': 7 } },
      { rule: 'IsComplete "term"', result: 'FAIL', message: 'Value: 0.9', metrics: {} },
    ],
  },
  warnings: [],
};

describe('the run summary schema', () => {
  it.each([
    ['a summary with quality results', summary],
    ['a job without a quality step', { ...summary, quality: null }],
    [
      'a run that evaluated no rule',
      { ...summary, quality: { ...summary.quality!, score: null, rules: [] } },
    ],
    ['a failed gate', { ...summary, status: 'FAILED_QUALITY_GATE' }],
    [
      'a grain-changing job with its group counts',
      { ...summary, accounting: 'grainChanging', groupedRows: 8, quarantinedGroups: 1 },
    ],
  ])('accepts %s', async (_, document) => {
    expect(await runSummaryProblems(document)).toEqual([]);
  });

  it.each([
    [
      'a missing count',
      { ...summary, duplicateRows: undefined },
      "/: must have required property 'duplicateRows'",
    ],
    ['a negative count', { ...summary, inputRows: -1 }, '/inputRows: must be >= 0'],
    ['a count as text', { ...summary, outputRows: '7' }, '/outputRows: must be integer'],
    ['another status', { ...summary, status: 'FAILED' }, '/status: must match a schema in anyOf'],
    ['a field no engine writes', { ...summary, rows: 10 }, '/: must NOT have additional properties (rows)'],
    [
      'group counts of a row-preserving job',
      { ...summary, groupedRows: 8, quarantinedGroups: 1 },
      '/: must NOT have additional properties (groupedRows)',
    ],
    [
      'a grain-changing job without its group counts',
      { ...summary, accounting: 'grainChanging' },
      "/: must have required property 'groupedRows'",
    ],
    [
      'a rule result Glue does not report',
      {
        ...summary,
        quality: { ...summary.quality!, rules: [{ ...summary.quality!.rules[0]!, result: 'WARN' }] },
      },
      '/quality/rules/0/result: must match a schema in anyOf',
    ],
  ])('names %s', async (_, document, problem) => {
    expect(await runSummaryProblems(document)).toContain(problem);
  });

  it('parses a summary, and names the file of one that is not JSON or not a summary', async () => {
    expect(await parseRunSummary(JSON.stringify(summary), 's3://b/k.json')).toEqual(summary);
    await expect(parseRunSummary('{', 's3://b/k.json')).rejects.toThrow(
      /^the run summary s3:\/\/b\/k\.json is not JSON: /,
    );
    await expect(parseRunSummary('{"job":"x"}', 's3://b/k.json')).rejects.toThrow(
      "the run summary s3://b/k.json does not match its schema: /: must have required property 'dataset'",
    );
  });
});
