/**
 * parse(emit(x)) equals x for hand-written rulesets covering every construct, for the AWS
 * examples and for the flagship pipeline; emit(parse(text)) is a fixed point.
 */
import { describe, expect, it } from 'vitest';
import { type DqOperand, type DqRuleset, dq } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { emitRule, emitRuleset, parseRule, parseRuleset, stepRuleset } from '../../quality-rules/index.js';
import { AWS_RULE_EXAMPLES } from './aws-examples.js';
import {
  and,
  arith,
  between,
  call,
  cmp,
  col,
  dur,
  EMPTY,
  inList,
  matches,
  NULL,
  now,
  num,
  or,
  ref,
  rule,
  size,
  text,
  WHITESPACES_ONLY,
} from './builders.js';

const values = (column: string, ...operands: DqOperand[]) =>
  operands.map((o) => rule('ColumnValues', [col(column)], { condition: cmp('=', o) }));

const RULESETS: [string, DqRuleset][] = [
  [
    'flagship-style rules',
    dq.ruleset([
      dq.isComplete('enrollment_date'),
      dq.inRange('marks', 0, 100),
      dq.inSet('status', ['active', 'completed']),
      dq.isPrimaryKey('enrollment_id'),
      dq.rowCount('>', 0),
      dq.completeness('marks', '>=', 0.9),
    ]),
  ],
  [
    'every operand kind',
    dq.ruleset(
      values(
        'c',
        num(42),
        num(-0.25),
        num(1e-7),
        num(12345678901),
        text('plain'),
        text('quote " and backslash \\ and \\" both'),
        text('ends with \\'),
        text('régión ✓'),
        dur(90, 'minutes'),
        dur(24, 'hours'),
        dur(3, 'days'),
        size(5, 'B'),
        size(1, 'TB'),
        now(),
        now('-', 3, 'days'),
        now('+', 2, 'hours'),
        ref('one'),
        NULL,
        EMPTY,
        WHITESPACES_ONLY,
        call('last'),
        call('index', call('last', num(3)), num(0)),
        arith('-', call('avg', call('last', num(5))), num(1)),
        arith('*', arith('+', num(1), num(2)), arith('/', num(6), num(-3))),
        arith('-', arith('-', num(10), num(4)), num(2)),
      ),
      [{ name: 'one', value: text('1') }],
    ),
  ],
  [
    'every condition kind',
    dq.ruleset(
      [
        ...(['=', '!=', '>', '>=', '<', '<='] as const).map((op) =>
          rule('Mean', [col('m')], { condition: cmp(op, num(1)) }),
        ),
        rule('ColumnValues', [col('c')], { condition: between(num(0), num(10)) }),
        rule('ColumnValues', [col('c')], {
          condition: between(text('2024-01-01'), text('2024-12-31'), true),
        }),
        rule('ColumnValues', [col('c')], { condition: inList([text('a'), NULL, EMPTY]) }),
        rule('ColumnValues', [col('c')], { condition: inList([num(1), num(2)], true) }),
        rule('ColumnValues', [col('c')], { condition: { kind: 'in', values: ref('codes'), negated: true } }),
        rule('ColumnValues', [col('c')], { condition: matches('^[A-Z]{2}\\d+$') }),
        rule('ColumnValues', [col('c')], { condition: matches('x', true) }),
        rule('ColumnValues', [col('c')], {
          condition: { kind: 'matches', pattern: ref('pattern'), negated: false },
        }),
        rule('DataFreshness', [col('d')], { condition: between(dur(2, 'days'), dur(5, 'days')) }),
        rule('FileSize', [], { condition: between(size(2, 'GB'), size(1, 'TB'), true) }),
      ],
      [
        { name: 'codes', value: [text('US'), text('CA')] },
        { name: 'pattern', value: text('[a-z]+') },
      ],
    ),
  ],
  [
    'parameters',
    dq.ruleset(
      [
        rule('RowCount', [], { condition: cmp('>', num(0)) }),
        rule('IsPrimaryKey', [col('a'), col('b'), col('c')]),
        rule('ReferentialIntegrity', [col('city,state'), col('reference.{ref_city,ref_state}')], {
          condition: cmp('=', num(1)),
        }),
        rule('CustomSql', [ref('sql')], { condition: between(num(0), num(100)) }),
        rule('DetectAnomalies', [col('ColumnLength'), col('id')]),
        rule('DatasetMatch', [col('reference'), col('ID'), { kind: 'number', value: 7 }], {
          condition: cmp('>=', num(0.9)),
        }),
      ],
      [{ name: 'sql', value: text('select count(*) from primary') }],
    ),
  ],
  [
    'where, threshold, tags and labels',
    dq.ruleset([
      rule('IsComplete', [col('att2')], { where: "att1 = 'a'" }),
      rule('ColumnValues', [col('c')], {
        condition: inList([text('A')]),
        where: 'x is not null',
        threshold: cmp('>', num(0.9)),
      }),
      rule('ColumnValues', [col('c')], { condition: matches('z'), threshold: between(num(0.2), num(0.8)) }),
      rule('CustomSql', [col('select id from primary where x > 1')], {
        threshold: cmp('>', call('avg', call('last', num(3)))),
      }),
      rule('FileMatch', [col('s3://b/f.json')], {
        condition: inList([text('abc')]),
        tags: { hashAlgorithm: text('SHA-256'), recentFiles: num(2), 'odd tag': text('v') },
      }),
      rule('ColumnDataType', [col('d')], {
        condition: cmp('=', text('DATE')),
        threshold: cmp('>', num(0.8)),
        labels: { foo: 'bar', 'k "q"': 'v\\' },
      }),
    ]),
  ],
  [
    'composites',
    dq.ruleset([
      and(dq.isComplete('a'), dq.isUnique('a'), dq.rowCount('>', 0)),
      or(dq.rowCount('>', 0), and(dq.isComplete('colA'), or(dq.isUnique('colA'), dq.isPrimaryKey('colA')))),
      and(and(dq.isComplete('x'), dq.isComplete('y')), dq.isComplete('z')),
      { ...or(dq.isComplete('col'), dq.rowCount('>', 0)), labels: { team: 'finance' } },
    ]),
  ],
  [
    'document sections',
    dq.ruleset(
      [
        rule('ColumnValues', [col('Country')], {
          condition: { kind: 'in', values: ref('allowed'), negated: false },
        }),
      ],
      [
        { name: 'unknown', value: text('n/a') },
        { name: 'allowed', value: [text('US'), ref('unknown'), NULL, WHITESPACES_ONLY] },
      ],
      {
        header: ['orders ruleset', '', '  indented note'],
        defaultLabels: { frequency: 'monthly', team: 'data' },
        analyzers: [
          { kind: 'dqAnalyzer', analyzerType: 'RowCount', parameters: [] },
          { kind: 'dqAnalyzer', analyzerType: 'ColumnCorrelation', parameters: [col('a'), col('b')] },
        ],
      },
    ),
  ],
  [
    'analyzers only',
    dq.ruleset([], [], {
      analyzers: [{ kind: 'dqAnalyzer', analyzerType: 'AllStatistics', parameters: [col('Name')] }],
    }),
  ],
  [
    'multi-line SQL',
    dq.ruleset([
      rule('CustomSql', [col('select count(*)\n  from primary\n  where "x" = \'y\'')], {
        condition: cmp('>', num(0)),
      }),
    ]),
  ],
];

describe('parseRuleset(emitRuleset(x)) equals x', () => {
  it.each(RULESETS)('%s', (_name, ruleset) => {
    const emitted = emitRuleset(ruleset);
    expect(parseRuleset(emitted)).toStrictEqual(ruleset);
    expect(emitRuleset(parseRuleset(emitted))).toBe(emitted);
  });
});

describe('the AWS examples round-trip through their canonical text', () => {
  it.each(AWS_RULE_EXAMPLES)('%s', (source, expected) => {
    const canonical = emitRule(parseRule(source));
    expect(parseRule(canonical)).toStrictEqual(expected);
    expect(emitRule(parseRule(canonical))).toBe(canonical);
  });
});

describe('emitRuleset(parseRuleset(text)) is a fixed point', () => {
  const documents: [string, string][] = [
    ['compact one-liner', 'Rules=[IsComplete "a",RowCount>0,(IsUnique "a")AND(IsComplete "b")]'],
    [
      'upper-case keywords and bare words',
      'Rules = [ IsPrimaryKey colA "colB", ColumnValues "x" in [null, empty, whitespaces_only] ]',
    ],
    [
      'all sections with comments',
      [
        '# header line',
        'DefaultLabels=["frequency"="monthly"]',
        '# not a header: after the first token',
        'mySql = "select count(*) from primary"',
        'Rules = [',
        '  CustomSql $mySql between 0 and 100, # trailing comment',
        '  RowCount > avg(last(3)) labels=["foo"="bar"],',
        '  Completeness "a" between min(last(5))-1 and max(last(5))+1',
        ']',
        'Analyzers = [ RowCount ]',
      ].join('\n'),
    ],
    [
      'redundant parentheses',
      'Rules = [ ((IsComplete "a")), ((IsComplete "a") or (IsUnique "a")), Mean "x" > ((1)) ]',
    ],
    ['threshold before where', 'Rules = [ ColumnValues "c" in ["A"] with threshold > 0.9 where "x > 1" ]'],
    [
      'numbers with trailing zeros',
      'Rules = [ Completeness "a" >= 0.90, ReferentialIntegrity "a" "r.a" = 1.0 ]',
    ],
  ];
  it.each(documents)('%s', (_name, source) => {
    const once = emitRuleset(parseRuleset(source));
    expect(emitRuleset(parseRuleset(once))).toBe(once);
    expect(parseRuleset(once)).toStrictEqual(parseRuleset(source));
  });
});

describe('the flagship pipeline rulesets', () => {
  const steps = flagship.jobs.flatMap((job) =>
    job.steps.flatMap((step) => (step.kind === 'quality' ? [[step.ruleset, job, step] as const] : [])),
  );

  it('has a quality step in every job', () => {
    expect(steps.map(([name]) => name)).toStrictEqual(['students', 'courses', 'instructors', 'enrollments']);
  });

  it.each(steps)('%s: rules round-trip, with and without the header', (_name, job, step) => {
    const bare = dq.ruleset([...step.rowRules, ...step.datasetRules]);
    expect(parseRuleset(emitRuleset(bare))).toStrictEqual(bare);
    const withHeader = stepRuleset(job, step);
    expect(parseRuleset(emitRuleset(withHeader))).toStrictEqual(withHeader);
    for (const r of [...step.rowRules, ...step.datasetRules]) expect(parseRule(emitRule(r))).toStrictEqual(r);
  });
});

describe('keys that are special in JavaScript', () => {
  it('keeps a "__proto__" label key as an ordinary label', () => {
    const parsed = parseRule('RowCount > 0 labels=["__proto__"="x", "constructor"="y"]');
    expect(Object.keys(parsed.labels ?? {})).toStrictEqual(['__proto__', 'constructor']);
    expect(emitRule(parsed)).toBe('RowCount > 0 labels=["__proto__"="x", "constructor"="y"]');
  });
});
