/**
 * DQDL documents, valid and invalid, collected from AWS's DQDL reference (the syntax page, each
 * rule type's page, the analyzers, dynamic rules and variables) and from the kinds of cases AWS's
 * parser is tested on (awslabs/dqdl): whole documents with their sections, not single rules.
 * Whether each is valid is not written here: AWS's own parser decides (tests/parity/dqdl-parser.test.ts).
 */
import { AWS_RULE_EXAMPLES } from './aws-examples.js';

export interface CorpusDocument {
  readonly name: string;
  readonly text: string;
}

const rules = (...lines: string[]) => `Rules = [\n    ${lines.join(',\n    ')}\n]`;

export const DQDL_CORPUS: readonly CorpusDocument[] = [
  // Every rule example of the reference, one document each.
  ...AWS_RULE_EXAMPLES.map(([text], i) => ({
    name: `reference rule ${i + 1}: ${text.slice(0, 60)}`,
    text: rules(text),
  })),

  // Sections and layout
  { name: 'two rules on one line', text: 'Rules = [ IsComplete "a", IsUnique "b" ]' },
  { name: 'a trailing comma', text: 'Rules = [ IsComplete "a", ]' },
  { name: 'no rules at all', text: 'Rules = [ ]' },
  { name: 'no Rules section', text: 'IsComplete "a"' },
  { name: 'lower-case rules keyword', text: 'rules = [ IsComplete "a" ]' },
  { name: 'comments', text: '# checks\nRules = [\n    # the key\n    IsComplete "a"\n]' },
  { name: 'Metadata section', text: 'Metadata = {\n    "Version": "1.0"\n}\nRules = [ RowCount > 0 ]' },
  {
    name: 'DataSources section',
    text: 'DataSources = {\n    "Primary": "orders",\n    "AdditionalDataSources": [ "reference" ]\n}\nRules = [ RowCount > 0 ]',
  },
  { name: 'Analyzers section', text: 'Rules = [ RowCount > 0 ]\nAnalyzers = [ RowCount, Completeness "a" ]' },
  { name: 'Analyzers alone', text: 'Analyzers = [ RowCount ]' },
  { name: 'Analyzers with of', text: 'Analyzers = [ Completeness of "a" ]' },
  { name: 'AllStatistics of AllColumns', text: 'Analyzers = [ AllStatistics of AllColumns ]' },
  { name: 'AllStatistics of a column', text: 'Analyzers = [ AllStatistics "a" ]' },
  { name: 'Analyzers before Rules', text: 'Analyzers = [ RowCount ]\nRules = [ RowCount > 0 ]' },
  { name: 'two Rules sections', text: 'Rules = [ RowCount > 0 ]\nRules = [ IsComplete "a" ]' },

  // Composite rules
  { name: 'composite with and', text: rules('(IsComplete "a") and (IsUnique "a")') },
  { name: 'composite with AND', text: rules('(IsComplete "a") AND (IsUnique "a")') },
  { name: 'composite with or', text: rules('(ColumnValues "a" > 1) or (ColumnValues "a" = NULL)') },
  { name: 'composite of three', text: rules('(IsComplete "a") and (IsComplete "b") and (IsComplete "c")') },
  { name: 'nested composite', text: rules('((IsComplete "a") and (IsComplete "b")) or (RowCount > 10)') },
  {
    name: 'and and or mixed at one level',
    text: rules('(IsComplete "a") and (IsComplete "b") or (IsComplete "c")'),
  },
  { name: 'composite without parentheses', text: rules('IsComplete "a" and IsUnique "a"') },
  {
    name: 'composite with a label',
    text: rules('(IsComplete "a") and (IsUnique "a") labels=["team"="core"]'),
  },

  // Thresholds, where clauses, labels
  { name: 'ColumnValues with threshold', text: rules('ColumnValues "a" in ["x","y"] with threshold > 0.9') },
  { name: 'where clause', text: rules('IsComplete "a" where "b > 10"') },
  { name: 'where on RowCount', text: rules('RowCount > 0 where "b > 10"') },
  { name: 'labels', text: rules('IsComplete "a" labels=["owner"="data", "tier"="gold"]') },
  { name: 'DefaultLabels', text: 'DefaultLabels = ["team"="core"]\nRules = [ IsComplete "a" ]' },

  // Dynamic rules and dates
  { name: 'RowCount against the average of the last runs', text: rules('RowCount > avg(last(10))') },
  {
    name: 'RowCount within a band',
    text: rules('RowCount between min(last(3)) * 0.8 and max(last(3)) * 1.2'),
  },
  { name: 'dates against now', text: rules('ColumnValues "d" > (now() - 3 days)') },
  { name: 'a date literal', text: rules('ColumnValues "d" between "2024-01-01" and "2024-12-31"') },
  { name: 'DataFreshness in hours', text: rules('DataFreshness "updated" <= 24 hours') },
  { name: 'DataFreshness without a unit', text: rules('DataFreshness "updated" <= 24') },
  { name: 'DetectAnomalies', text: rules('DetectAnomalies "RowCount"') },
  { name: 'DetectAnomalies of a column metric', text: rules('DetectAnomalies "Completeness" "a"') },

  // Multi-column and special rule types
  { name: 'multi-column Uniqueness', text: rules('Uniqueness "a" "b" > 0.9') },
  { name: 'ColumnCorrelation', text: rules('ColumnCorrelation "a" "b" between 0.5 and 1.0') },
  { name: 'ReferentialIntegrity', text: rules('ReferentialIntegrity "id" "reference.id" = 1.0') },
  { name: 'DatasetMatch', text: rules('DatasetMatch "reference" "id" >= 0.99') },
  { name: 'RowCountMatch', text: rules('RowCountMatch "reference" = 1.0') },
  { name: 'SchemaMatch', text: rules('SchemaMatch "reference" = 1.0') },
  { name: 'AggregateMatch', text: rules('AggregateMatch "sum(amount)" "sum(reference.amount)" >= 0.95') },
  { name: 'CustomSql with a condition', text: rules('CustomSql "select count(*) from primary" > 0') },
  { name: 'CustomSql selecting rows', text: rules('CustomSql "select id from primary where amount < 0"') },
  { name: 'ColumnNamesMatchPattern', text: rules('ColumnNamesMatchPattern "[a-z_]+"') },
  { name: 'FileFreshness', text: rules('FileFreshness "s3://bucket/prefix/" > (now() - 2 days)') },
  { name: 'FileMatch', text: rules('FileMatch "s3://bucket/file.csv" in ["abc123"]') },
  { name: 'FileSize', text: rules('FileSize "s3://bucket/prefix/" <= 10 MB') },

  // Variables
  { name: 'a string variable', text: 'allowed = ["x", "y"]\nRules = [ ColumnValues "a" in $allowed ]' },
  { name: 'a SQL variable', text: 'q = "select id from primary"\nRules = [ CustomSql $q ]' },
  { name: 'an undefined variable', text: 'Rules = [ ColumnValues "a" in $nowhere ]' },
  { name: 'an array variable where a string is required', text: 'v = ["x"]\nRules = [ CustomSql $v ]' },

  // Mistakes a user makes
  { name: 'an unknown rule type', text: rules('IsNotNull "a"') },
  { name: 'a rule type in the wrong case', text: rules('isComplete "a"') },
  { name: 'single-quoted column', text: rules("IsComplete 'a'") },
  { name: 'a value rule without a condition', text: rules('Completeness "a"') },
  { name: 'a boolean rule with a condition', text: rules('IsComplete "a" > 0.5') },
  { name: 'a missing parameter', text: rules('IsComplete') },
  { name: 'too many parameters', text: rules('RowCount "a" > 0') },
  { name: 'an unclosed list', text: 'Rules = [ IsComplete "a"' },
  { name: 'between without and', text: rules('ColumnValues "a" between 1 2') },
  { name: 'an unterminated string', text: rules('IsComplete "a') },
  { name: 'threshold on a rule that takes none', text: rules('RowCount > 0 with threshold > 0.5') },
  { name: 'where on a rule that takes none', text: rules('ColumnCount > 2 where "a > 1"') },
  { name: 'a negative number', text: rules('ColumnValues "a" > -5') },
  { name: 'a decimal without leading digit', text: rules('Completeness "a" > .5') },
  { name: 'not in with NULL', text: rules('ColumnValues "a" not in [1, 2, NULL]') },
  { name: 'not equal', text: rules('ColumnValues "a" != "x"') },
];
