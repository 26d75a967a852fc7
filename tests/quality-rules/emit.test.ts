import { describe, expect, it } from 'vitest';
import { type DqCondition, type DqOperand, type DqRuleExpr, dq, num, text } from '../../core/index.js';
import { emitCondition, emitOperand, emitRule, emitRuleset } from '../../quality-rules/index.js';

const col = (value: string) => ({ kind: 'string', value }) as const;
const arith = (op: '+' | '-' | '*' | '/', left: DqOperand, right: DqOperand): DqOperand => ({
  kind: 'arithmetic',
  op,
  left,
  right,
});
const call = (name: string, ...args: DqOperand[]): DqOperand => ({ kind: 'call', name, args });

describe('emitOperand', () => {
  const cases: [string, DqOperand, string][] = [
    ['integer', num(100), '100'],
    ['decimal', num(0.95), '0.95'],
    ['negative', num(-3), '-3'],
    ['tiny number without exponent', num(1e-7), '0.0000001'],
    ['string', text('US'), '"US"'],
    ['date string', text('2022-06-30'), '"2022-06-30"'],
    ['string with a quote', text('say "hi"'), '"say \\"hi\\""'],
    ['regex keeps its backslashes', text('\\d+\\.dat$'), '"\\d+\\.dat$"'],
    ['string ending in a backslash', text('C:\\'), '"C:\\\\"'],
    ['duration', { kind: 'duration', amount: 24, unit: 'hours' }, '24 hours'],
    ['size', { kind: 'size', amount: 2, unit: 'GB' }, '2 GB'],
    ['now', { kind: 'now' }, 'now()'],
    ['now minus', { kind: 'now', offset: { sign: '-', amount: 3, unit: 'days' } }, '(now() - 3 days)'],
    ['now plus', { kind: 'now', offset: { sign: '+', amount: 45, unit: 'minutes' } }, '(now() + 45 minutes)'],
    ['variable', { kind: 'variable', name: 'allowed' }, '$allowed'],
    ['NULL', { kind: 'null' }, 'NULL'],
    ['EMPTY', { kind: 'empty' }, 'EMPTY'],
    ['WHITESPACES_ONLY', { kind: 'whitespacesOnly' }, 'WHITESPACES_ONLY'],
    ['call without arguments', call('last'), 'last()'],
    ['nested calls', call('avg', call('last', num(10))), 'avg(last(10))'],
    ['call with two arguments', call('index', call('last', num(3)), num(0)), 'index(last(3), 0)'],
    ['arithmetic', arith('-', call('min', call('last', num(10))), num(1)), 'min(last(10)) - 1'],
    ['nested arithmetic is parenthesized', arith('*', arith('+', num(1), num(2)), num(3)), '(1 + 2) * 3'],
    ['right-nested arithmetic', arith('-', num(10), arith('-', num(4), num(2))), '10 - (4 - 2)'],
    ['minus a negative number', arith('-', num(1), num(-1)), '1 - -1'],
  ];
  it.each(cases)('%s', (_name, operand, expected) => {
    expect(emitOperand(operand)).toBe(expected);
  });
});

describe('emitCondition', () => {
  const cases: [string, DqCondition, string][] = [
    ['=', dq.compare('=', 5), '= 5'],
    ['!=', { kind: 'compare', op: '!=', value: { kind: 'null' } }, '!= NULL'],
    ['>=', dq.compare('>=', 0.9), '>= 0.9'],
    ['between', { kind: 'between', low: num(1), high: num(10), negated: false }, 'between 1 and 10'],
    [
      'not between dates',
      { kind: 'between', low: text('2022-05-31'), high: text('2022-06-30'), negated: true },
      'not between "2022-05-31" and "2022-06-30"',
    ],
    ['in', { kind: 'in', values: [text('a'), text('b')], negated: false }, 'in ["a", "b"]'],
    [
      'not in numbers',
      { kind: 'in', values: [num(1), num(2), { kind: 'null' }], negated: true },
      'not in [1, 2, NULL]',
    ],
    [
      'in a list constant',
      { kind: 'in', values: { kind: 'variable', name: 'codes' }, negated: false },
      'in $codes',
    ],
    ['matches', { kind: 'matches', pattern: text('[a-zA-Z]*'), negated: false }, 'matches "[a-zA-Z]*"'],
    ['not matches', { kind: 'matches', pattern: text('^x'), negated: true }, 'not matches "^x"'],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(emitCondition(condition)).toBe(expected);
  });
});

describe('emitRule', () => {
  const cases: [string, DqRuleExpr, string][] = [
    ['flagship IsComplete', dq.isComplete('student_id'), 'IsComplete "student_id"'],
    ['flagship IsPrimaryKey', dq.isPrimaryKey('enrollment_id'), 'IsPrimaryKey "enrollment_id"'],
    ['flagship RowCount', dq.rowCount('>', 0), 'RowCount > 0'],
    ['flagship Completeness', dq.completeness('marks', '>=', 0.9), 'Completeness "marks" >= 0.9'],
    [
      'flagship inclusive range',
      dq.inRange('marks', 0, 100),
      '(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)',
    ],
    [
      'flagship allowed values',
      dq.inSet('status', ['active', 'dropped']),
      'ColumnValues "status" in ["active", "dropped"]',
    ],
    ['matches', dq.matches('email', '^[^@]+@[^@]+$'), 'ColumnValues "email" matches "^[^@]+@[^@]+$"'],
    ['several columns', dq.rule('IsPrimaryKey', [col('a'), col('b')]), 'IsPrimaryKey "a" "b"'],
    [
      'two-column parameters',
      dq.rule('ColumnCorrelation', [col('price'), col('num_items')], { condition: dq.compare('>', 0) }),
      'ColumnCorrelation "price" "num_items" > 0',
    ],
    [
      'reference columns',
      dq.rule('ReferentialIntegrity', [col('city,state'), col('reference.{ref_city,ref_state}')], {
        condition: dq.compare('=', 1),
      }),
      'ReferentialIntegrity "city,state" "reference.{ref_city,ref_state}" = 1',
    ],
    [
      'constant parameter',
      dq.rule('CustomSql', [{ kind: 'variable', name: 'mySql' }], {
        condition: { kind: 'between', low: num(0), high: num(100), negated: false },
      }),
      'CustomSql $mySql between 0 and 100',
    ],
    [
      'number parameter',
      dq.rule('DetectAnomalies', [col('RowCount'), { kind: 'number', value: 3 }]),
      'DetectAnomalies "RowCount" 3',
    ],
    [
      'where then threshold',
      dq.columnValues(
        'colB',
        { kind: 'in', values: [text('A'), text('B')], negated: false },
        { where: 'colC is not null', threshold: dq.compare('>', 0.9) },
      ),
      'ColumnValues "colB" in ["A", "B"] where "colC is not null" with threshold > 0.9',
    ],
    [
      'where with quotes inside',
      dq.rule('IsComplete', [col('att2')], { where: `att1 = 'a' and note != "x"` }),
      `IsComplete "att2" where "att1 = 'a' and note != \\"x\\""`,
    ],
    [
      'tags',
      dq.rule('FileMatch', [col('s3://bucket/file.json')], {
        condition: { kind: 'in', values: [text('3ee0d8617ac0')], negated: false },
        tags: { hashAlgorithm: text('MD5'), recentFiles: num(1) },
      }),
      'FileMatch "s3://bucket/file.json" in ["3ee0d8617ac0"] with hashAlgorithm = "MD5" with recentFiles = 1',
    ],
    [
      'a tag name that is not a word is quoted',
      dq.rule('FileSize', [], { condition: dq.compare('<', 10), tags: { 'odd tag': num(1) } }),
      'FileSize < 10 with "odd tag" = 1',
    ],
    [
      'labels',
      dq.rule('RowCount', [], { condition: dq.compare('>', 0), labels: { foo: 'bar', frequency: 'daily' } }),
      'RowCount > 0 labels=["foo"="bar", "frequency"="daily"]',
    ],
    [
      'composite of three',
      dq.and(
        dq.rule('Mean', [col('Star_Rating')], { condition: dq.compare('>', 3) }),
        dq.isComplete('a'),
        dq.isUnique('a'),
      ),
      '(Mean "Star_Rating" > 3) and (IsComplete "a") and (IsUnique "a")',
    ],
    [
      'nested composite',
      dq.or(dq.rowCount('>', 0), dq.and(dq.isComplete('colA'), dq.isUnique('colA'))),
      '(RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA"))',
    ],
    [
      'labelled composite',
      { ...dq.and(dq.isComplete('col'), dq.rowCount('>', 0)), labels: { foo: 'bar' } },
      '((IsComplete "col") and (RowCount > 0)) labels=["foo"="bar"]',
    ],
  ];
  it.each(cases)('%s', (_name, rule, expected) => {
    expect(emitRule(rule)).toBe(expected);
  });

  it('refuses labels on an operand of a composite, which DQDL cannot express', () => {
    const labelled = dq.rule('IsComplete', [col('a')], { labels: { k: 'v' } });
    expect(() => emitRule(dq.and(labelled, dq.isUnique('a')))).toThrow(/labels only on top-level rules/);
  });
});

describe('emitRuleset', () => {
  it('writes one rule per line, indented, comma-separated, ending with a newline', () => {
    expect(emitRuleset(dq.ruleset([dq.isComplete('a'), dq.rowCount('>', 0)]))).toBe(
      'Rules = [\n    IsComplete "a",\n    RowCount > 0\n]\n',
    );
  });

  it('writes header comments, default labels and constants before the rules, analyzers after', () => {
    const ruleset = dq.ruleset(
      [dq.rule('CustomSql', [{ kind: 'variable', name: 'mySql' }], { condition: dq.compare('>', 0) })],
      [
        { name: 'mySql', value: text('select count(*) from primary') },
        { name: 'codes', value: [text('US'), { kind: 'null' }] },
      ],
      {
        header: ['checks for orders', ''],
        defaultLabels: { team: 'finance' },
        analyzers: [{ kind: 'dqAnalyzer', analyzerType: 'DistinctValuesCount', parameters: [col('Name')] }],
      },
    );
    expect(emitRuleset(ruleset)).toBe(
      [
        '# checks for orders',
        '#',
        'DefaultLabels = ["team"="finance"]',
        'mySql = "select count(*) from primary"',
        'codes = ["US", NULL]',
        'Rules = [',
        '    CustomSql $mySql > 0',
        ']',
        'Analyzers = [',
        '    DistinctValuesCount "Name"',
        ']',
        '',
      ].join('\n'),
    );
  });

  it('writes empty sections as []', () => {
    const ruleset = dq.ruleset([], [], {
      analyzers: [{ kind: 'dqAnalyzer', analyzerType: 'RowCount', parameters: [] }],
    });
    expect(emitRuleset(ruleset)).toBe('Rules = []\nAnalyzers = [\n    RowCount\n]\n');
  });

  it('refuses a header comment that spans lines, which would not stay a comment', () => {
    expect(() => emitRuleset(dq.ruleset([dq.isComplete('a')], [], { header: ['one\ntwo'] }))).toThrow(
      /cannot span lines/,
    );
  });
});
