/**
 * The parser over examples from AWS's DQDL reference and rule-type pages (text → AST).
 */
import { describe, expect, it } from 'vitest';
import { dq } from '../../core/index.js';
import { emitRuleset, parseRule, parseRuleset } from '../../quality-rules/index.js';
import { AWS_RULE_EXAMPLES } from './aws-examples.js';
import { between, call, cmp, col, inList, NULL, num, ref, rule, text } from './builders.js';

describe('parseRule over the AWS documentation examples', () => {
  it.each(AWS_RULE_EXAMPLES)('%s', (source, expected) => {
    expect(parseRule(source)).toStrictEqual(expected);
  });
});

describe('parseRuleset over the AWS documentation examples', () => {
  it('reads the ruleset of the DQDL syntax section', () => {
    expect(parseRuleset('Rules = [\n   IsComplete "order-id",\n   IsUnique "order-id"\n]')).toStrictEqual(
      dq.ruleset([dq.isComplete('order-id'), dq.isUnique('order-id')]),
    );
  });

  it('reads constants and $ references', () => {
    const source =
      'mySql = "select count(*) from primary"\n\nRules = [\n    CustomSql $mySql between 0 and 100\n]';
    expect(parseRuleset(source)).toStrictEqual(
      dq.ruleset(
        [rule('CustomSql', [ref('mySql')], { condition: between(num(0), num(100)) })],
        [{ name: 'mySql', value: text('select count(*) from primary') }],
      ),
    );
  });

  it('reads list constants used with in, and constants referring to constants', () => {
    const source = [
      'unknown = "n/a"',
      'allowed = ["US", "CA", $unknown, NULL]',
      'Rules = [ ColumnValues "Country" in $allowed, ColumnValues "Country" != $unknown ]',
    ].join('\n');
    expect(parseRuleset(source)).toStrictEqual(
      dq.ruleset(
        [
          rule('ColumnValues', [col('Country')], {
            condition: { kind: 'in', values: ref('allowed'), negated: false },
          }),
          rule('ColumnValues', [col('Country')], { condition: cmp('!=', ref('unknown')) }),
        ],
        [
          { name: 'unknown', value: text('n/a') },
          { name: 'allowed', value: [text('US'), text('CA'), ref('unknown'), NULL] },
        ],
      ),
    );
  });

  it('reads DefaultLabels and rule labels', () => {
    const source = [
      'DefaultLabels=["frequency"="monthly"]',
      'Rules = [',
      '    ColumnValues "col" > 21,',
      '    ColumnValues "col" in ["A", "B"] with threshold > 0.8 labels=["foo"="bar"]',
      ']',
    ].join('\n');
    expect(parseRuleset(source)).toStrictEqual(
      dq.ruleset(
        [
          rule('ColumnValues', [col('col')], { condition: cmp('>', num(21)) }),
          rule('ColumnValues', [col('col')], {
            condition: inList([text('A'), text('B')]),
            threshold: cmp('>', num(0.8)),
            labels: { foo: 'bar' },
          }),
        ],
        [],
        { defaultLabels: { frequency: 'monthly' } },
      ),
    );
  });

  it('binds "and" tighter than "or" when they are mixed at one level, as AWS\'s grammar does', () => {
    const [mixed] = parseRuleset(
      'Rules = [ (IsComplete "a") or (IsUnique "a") and (RowCount > 0) or (IsComplete "b") ]',
    ).rules;
    expect(mixed).toStrictEqual(
      dq.or(
        dq.isComplete('a'),
        dq.and(rule('IsUnique', [col('a')]), rule('RowCount', [], { condition: cmp('>', num(0)) })),
        dq.isComplete('b'),
      ),
    );
  });

  it('reads the Metadata and DataSources sections and keeps them', () => {
    const source =
      'Metadata = { "Version": "1.0" }\nDataSources = { "Primary": "orders", "AdditionalDataSources": ["ref", "old"] }\nRules = [ RowCount > 0 ]';
    const parsed = parseRuleset(source);
    expect(parsed.metadata).toStrictEqual({ Version: '1.0' });
    expect(parsed.dataSources).toStrictEqual({ Primary: 'orders', AdditionalDataSources: ['ref', 'old'] });
    expect(emitRuleset(parsed)).toBe(
      'Metadata = {\n    "Version": "1.0"\n}\nDataSources = {\n    "Primary": "orders",\n    "AdditionalDataSources": ["ref", "old"]\n}\nRules = [\n    RowCount > 0\n]\n',
    );
  });

  it('reads analyzers written with "of", and AllColumns as the word it is', () => {
    const parsed = parseRuleset('Analyzers = [ Completeness of "a", AllStatistics of AllColumns ]');
    expect(emitRuleset(parsed)).toBe(
      'Rules = []\nAnalyzers = [\n    Completeness of "a",\n    AllStatistics of AllColumns\n]\n',
    );
  });

  it('reads the Analyzers section and keeps it', () => {
    const source =
      'Rules = [\n   RowCount > avg(last(3))\n]\nAnalyzers = [\n   DistinctValuesCount "Name",\n   ColumnLength "Name"\n]';
    expect(parseRuleset(source)).toStrictEqual(
      dq.ruleset([rule('RowCount', [], { condition: cmp('>', call('avg', call('last', num(3)))) })], [], {
        analyzers: [
          { kind: 'dqAnalyzer', analyzerType: 'DistinctValuesCount', parameters: [col('Name')] },
          { kind: 'dqAnalyzer', analyzerType: 'ColumnLength', parameters: [col('Name')] },
        ],
      }),
    );
  });

  it('reads a ruleset of analyzers only', () => {
    expect(parseRuleset('Analyzers = [ AllStatistics "Name", RowCount ]')).toStrictEqual(
      dq.ruleset([], [], {
        analyzers: [
          { kind: 'dqAnalyzer', analyzerType: 'AllStatistics', parameters: [col('Name')] },
          { kind: 'dqAnalyzer', analyzerType: 'RowCount', parameters: [] },
        ],
      }),
    );
  });

  it('skips comments, keeping those before the first token as the header', () => {
    const source = [
      '# ruleset for orders',
      '#',
      'Rules = [',
      '    # More items should generally mean a higher price, so correlation should be positive',
      '    ColumnCorrelation "price" "num_items" > 0 # trailing',
      ']',
      '# after',
    ].join('\n');
    expect(parseRuleset(source)).toStrictEqual(
      dq.ruleset(
        [rule('ColumnCorrelation', [col('price'), col('num_items')], { condition: cmp('>', num(0)) })],
        [],
        {
          header: ['ruleset for orders', ''],
        },
      ),
    );
  });

  it('reads strings with escapes and line breaks', () => {
    const source = 'Rules = [ CustomSql "select \\"id\\" from primary\n where note like \'%\\\\%\'" > 0 ]';
    expect(parseRuleset(source).rules).toStrictEqual([
      rule('CustomSql', [col('select "id" from primary\n where note like \'%\\%\'')], {
        condition: cmp('>', num(0)),
      }),
    ]);
  });
});
