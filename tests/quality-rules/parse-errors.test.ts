import { describe, expect, it } from 'vitest';
import { DqdlSyntaxError, parseRule, parseRuleset } from '../../quality-rules/index.js';

function syntaxError(parse: () => unknown): DqdlSyntaxError {
  try {
    parse();
  } catch (error) {
    if (error instanceof DqdlSyntaxError) return error;
    throw error;
  }
  throw new Error('the input parsed, but a DqdlSyntaxError was expected');
}

// [what is wrong, source, line, column, message]
const cases: [string, string, number, number, string][] = [
  [
    'between without "and"',
    'Rules = [\n    IsComplete "a",\n    ColumnValues "c" between 0]',
    3,
    31,
    'expected "and" after the lower bound of between, found "]"',
  ],
  [
    'single-quoted string',
    "Rules = [ IsComplete 'a' ]",
    1,
    22,
    `DQDL strings are double-quoted: found 'a', write "a" instead`,
  ],
  [
    'a condition on a Boolean rule type',
    'Rules = [ IsComplete "a" > 0 ]',
    1,
    26,
    'IsComplete takes no condition (it passes or fails by itself), found ">"',
  ],
  [
    'a condition on IsPrimaryKey',
    'Rules = [ IsPrimaryKey "id" = 1 ]',
    1,
    29,
    'IsPrimaryKey takes no condition (it passes or fails by itself), found "="',
  ],
  [
    'rule type in the wrong case',
    'Rules = [ isComplete "a" ]',
    1,
    11,
    'unknown rule type isComplete: did you mean IsComplete? Rule types are case-sensitive',
  ],
  [
    'misspelt rule type',
    'Rules = [ Completnes "a" > 0.9 ]',
    1,
    11,
    'unknown rule type Completnes: did you mean Completeness? Rule types are case-sensitive',
  ],
  [
    'missing condition',
    'Rules = [ RowCount ]',
    1,
    20,
    'expected a condition such as "> 0" or "between 1 and 9" after RowCount, found "]"',
  ],
  [
    'missing condition after parameters',
    'Rules = [ Completeness "a", RowCount > 0 ]',
    1,
    27,
    'expected a condition such as "> 0" or "between 1 and 9" after the parameters of Completeness, found ","',
  ],
  [
    'too many parameters',
    'Rules = [ IsComplete "a" "b" ]',
    1,
    26,
    'IsComplete takes 1 parameter; the string "b" would be one more',
  ],
  [
    'missing parameter',
    'Rules = [ Completeness > 0.9 ]',
    1,
    24,
    'expected 1 parameter after Completeness, found ">"',
  ],
  [
    'unterminated string',
    'Rules = [ IsComplete "a ]',
    1,
    22,
    'unterminated string: expected a closing " before the end of the input',
  ],
  [
    'composite operands without parentheses',
    'Rules = [ IsComplete "a" and IsUnique "a" ]',
    1,
    26,
    'each rule joined by "and" must be in parentheses: (A) and (B)',
  ],
  [
    'second operand without parentheses',
    'Rules = [ (IsComplete "a") OR IsUnique "a" ]',
    1,
    31,
    'expected "(" after "OR": each rule joined by or is in parentheses, found "IsUnique"',
  ],
  ['trailing comma', 'Rules = [ IsComplete "a", ]', 1, 27, 'expected a rule after ",", found "]"'],
  [
    'missing comma between rules',
    'Rules = [ IsComplete "a"\n  IsUnique "a" ]',
    2,
    3,
    'expected "," before the next rule or "]" to close the list opened at line 1, column 9, found "IsUnique"',
  ],
  [
    'undeclared constant',
    'Rules = [ ColumnValues "a" in $codes ]',
    1,
    31,
    'unknown constant $codes: declare it before Rules, as codes = "…"',
  ],
  [
    'let before a constant',
    'let codes = ["a"]\nRules = [ ColumnValues "a" in $codes ]',
    1,
    1,
    'DQDL constants are declared without "let": write name = "value"',
  ],
  [
    'constant after Rules',
    'Rules = [ IsComplete "a" ]\ncodes = ["a"]',
    2,
    1,
    'constants are declared before the Rules section',
  ],
  [
    'numeric constant',
    'x = 5\nRules = [ RowCount > 0 ]',
    1,
    5,
    'constants hold double-quoted strings or lists of them, found "5"',
  ],
  [
    'labels inside a composite',
    'Rules = [ (IsComplete "a" labels=["k"="v"]) and (RowCount > 0) ]',
    1,
    27,
    'labels go on the top-level rule, after the closing parenthesis: ((a) and (b)) labels=[…]',
  ],
  [
    'labels after an unparenthesized composite',
    'Rules = [ (IsComplete "a") and (RowCount > 0) labels=["k"="v"] ]',
    1,
    47,
    'labels of a composite rule go after the whole composite in parentheses: ((A) and (B)) labels=[…]',
  ],
  [
    'duplicate label key',
    'Rules = [ RowCount > 0 labels=["k"="v", "k"="w"] ]',
    1,
    41,
    'duplicate label key "k"',
  ],
  [
    'more than ten labels with the defaults',
    `DefaultLabels = [${Array.from({ length: 6 }, (_, i) => `"d${i}"="v"`).join(', ')}]\nRules = [ RowCount > 0 labels=["a"="1", "b"="2", "c"="3", "d"="4", "e"="5"] ]`,
    2,
    68,
    'a rule has at most 10 labels, DefaultLabels included',
  ],
  [
    'empty label list',
    'DefaultLabels = []\nRules = [ RowCount > 0 ]',
    1,
    18,
    'labels need at least one "key"="value" pair',
  ],
  [
    'upper-case keyword',
    'Rules = [ ColumnValues "a" BETWEEN 1 and 2 ]',
    1,
    28,
    'DQDL keywords are lower-case: write "between" instead of "BETWEEN"',
  ],
  [
    'singular duration unit',
    'Rules = [ ColumnValues "d" > (now() - 3 day) ]',
    1,
    41,
    'DQDL duration units are minutes, hours and days: write "days"',
  ],
  [
    'date arithmetic without parentheses',
    'Rules = [ ColumnValues "d" > now() - 3 days ]',
    1,
    36,
    'date arithmetic is written in parentheses, as (now() - 3 days)',
  ],
  [
    'fractional duration',
    'Rules = [ DataFreshness "d" <= 1.5 hours ]',
    1,
    32,
    'durations are whole numbers, found 1.5',
  ],
  [
    'arithmetic on a string',
    'Rules = [ Mean "a" > "x" + 1 ]',
    1,
    26,
    '"+" needs numbers or functions such as avg(last(3)) on both sides',
  ],
  [
    'unclosed function call',
    'Rules = [ RowCount > avg(last(3) ]',
    1,
    34,
    'expected ")" to close the arguments of avg(), found "]"',
  ],
  [
    'empty ruleset',
    'Rules = []',
    1,
    11,
    'the ruleset has no rules: add at least one rule inside Rules = [ … ]',
  ],
  ['empty document', '', 1, 1, 'expected Rules = [ … ], found end of input'],
  ['only a comment', '# only a comment\n', 2, 1, 'expected Rules = [ … ], found end of input'],
  ['missing = after Rules', 'Rules [ RowCount > 0 ]', 1, 7, 'expected "=" after Rules, found "["'],
  [
    'Rules twice',
    'Rules = [ RowCount > 0 ]\nRules = [ RowCount > 1 ]',
    2,
    1,
    'the Rules section appears twice',
  ],
  [
    'non-numeric threshold',
    'Rules = [ ColumnValues "a" in ["x"] with threshold = "a" ]',
    1,
    52,
    'with threshold takes a numeric comparison such as "> 0.9" or "between 0.2 and 0.8"',
  ],
  [
    'two thresholds',
    'Rules = [ ColumnValues "a" > 0 with threshold > 0.5 with threshold > 0.6 ]',
    1,
    53,
    'a rule has at most one "with threshold"',
  ],
  [
    'tag without =',
    'Rules = [ FileSize > 5 B with recentFiles > 1 ]',
    1,
    43,
    'expected "=" after the tag name recentFiles (tags are written "with recentFiles = value"), found ">"',
  ],
  [
    'a list constant as a parameter',
    'v = ["select 1"]\nRules = [ CustomSql $v ]',
    2,
    21,
    '$v holds a list; a parameter of CustomSql takes one string',
  ],
  [
    'Metadata after the rules',
    'Rules = [ RowCount > 0 ]\nMetadata = { "Version": "1.0" }',
    2,
    1,
    'the Metadata section comes first, before constants, DefaultLabels and Rules',
  ],
  [
    'a Metadata value that is not a string',
    'Metadata = { "Version": 1.0 }\nRules = [ RowCount > 0 ]',
    1,
    25,
    'expected a double-quoted value or a [list] of them in the Metadata section, found "1.0"',
  ],
  ['// comment', 'Rules = [\n  // note\n  RowCount > 0 ]', 2, 3, 'DQDL comments start with "#", not "//"'],
  [
    'not followed by =',
    'Rules = [ ColumnValues "a" not = 1 ]',
    1,
    32,
    'expected "between", "in" or "matches" after "not", found "="',
  ],
  [
    'lone !',
    'Rules = [ ColumnValues "a" ! 1 ]',
    1,
    28,
    'expected "=" after "!" (DQDL writes "not equal" as !=)',
  ],
  [
    'unclosed parenthesis',
    'Rules = [ (IsComplete "a" ]',
    1,
    27,
    'expected ")" to close the "(" at line 1, column 11, found "]"',
  ],
  [
    'where without SQL',
    'Rules = [ IsComplete "a" where ]',
    1,
    32,
    'expected a double-quoted Spark SQL predicate after "where", found "]"',
  ],
  ['empty where', 'Rules = [ IsComplete "a" where "" ]', 1, 32, 'the where clause is empty'],
  [
    'empty in-list',
    'Rules = [ ColumnValues "a" in [] ]',
    1,
    32,
    'expected a value in the list after "in [", found "]"',
  ],
  [
    'matches a number',
    'Rules = [ ColumnValues "a" matches 5 ]',
    1,
    36,
    'expected a double-quoted regular expression after "matches", found "5"',
  ],
  ['stray semicolon', 'Rules = [ ColumnValues "a" > 1; ]', 1, 31, 'unexpected character ";"'],
  [
    'rule type as analyzer',
    'Analyzers = [ IsComplete "a" ]',
    1,
    15,
    'IsComplete cannot be an analyzer: it belongs in Rules = [ … ]',
  ],
  [
    'analyzer as rule',
    'Rules = [ AllStatistics "a" ]',
    1,
    11,
    'AllStatistics is an analyzer: it belongs in Analyzers = [ … ], not in Rules',
  ],
  [
    'analyzer options',
    'Analyzers = [ Distribution "Salary" with bins = 20 ]',
    1,
    37,
    'analyzer options ("with …") are not supported; write Distribution and its parameters only',
  ],
  [
    'Rules after Analyzers',
    'Analyzers = [ RowCount ]\nRules = [ RowCount > 0 ]',
    2,
    1,
    'the Rules section comes before the Analyzers section',
  ],
];

describe('parseRuleset rejects malformed DQDL with the position and what was expected', () => {
  it.each(cases)('%s', (_what, source, line, column, detail) => {
    const error = syntaxError(() => parseRuleset(source));
    expect({ line: error.line, column: error.column, detail: error.detail }).toStrictEqual({
      line,
      column,
      detail,
    });
    expect(error.message).toBe(`line ${line}, column ${column}: ${detail}`);
  });
});

describe('parseRule', () => {
  it('rejects text after the rule', () => {
    const error = syntaxError(() => parseRule('IsComplete "a", IsUnique "a"'));
    expect(error.message).toBe('line 1, column 15: expected the end of the rule, found ","');
  });

  it('counts columns across lines inside multi-line strings', () => {
    const error = syntaxError(() => parseRule('CustomSql "select 1\nfrom primary" >'));
    expect(error.message).toBe('line 2, column 16: expected a value after ">", found end of input');
  });
});
