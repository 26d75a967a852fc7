/**
 * One builder per DQDL rule type. Rule types the local evaluator cannot honour have a builder
 * too, one that yields ERROR with the reason, so no rule is ever passed over silently; the test
 * checks that every rule type of `DQ_RULE_TYPES` is in this table.
 */
import { type LeafBuilder, RulePlanError } from '../leaf-plan.js';
import { completenessRule, isComplete } from './completeness-rules.js';
import { customSql } from './custom-sql-rule.js';
import {
  distinctValuesCount,
  entropy,
  isPrimaryKey,
  isUnique,
  uniquenessRule,
  uniqueValueRatio,
} from './frequency-rules.js';
import { referentialIntegrity } from './referential-integrity-rule.js';
import { columnCount, columnExists, columnNamesMatchPattern } from './schema-rules.js';
import { columnCorrelation, mean, rowCount, standardDeviation, sum } from './statistic-rules.js';
import { columnLength, columnValues, dataFreshness } from './value-rules.js';

const unsupported =
  (reason: string): LeafBuilder =>
  (rule) => {
    throw new RulePlanError(`${rule.ruleType} is not evaluated by the local engine: ${reason}`);
  };

const OTHER_DATASET =
  'it compares with another dataset, which the local evaluator does for ReferentialIntegrity only';
const HISTORY = 'it needs the metrics of earlier runs, which the local evaluator does not keep';
const FILES = 'it checks files in S3, and the local evaluator sees only rows';
const ANALYZER = 'it is an analyzer (Analyzers = [...]), not a rule';

export const LEAF_BUILDERS: Readonly<Record<string, LeafBuilder>> = {
  ColumnValues: columnValues,
  ColumnLength: columnLength,
  DataFreshness: dataFreshness,
  IsComplete: isComplete,
  Completeness: completenessRule,
  IsUnique: isUnique,
  Uniqueness: uniquenessRule,
  IsPrimaryKey: isPrimaryKey,
  UniqueValueRatio: uniqueValueRatio,
  DistinctValuesCount: distinctValuesCount,
  Entropy: entropy,
  RowCount: rowCount,
  Mean: mean,
  Sum: sum,
  StandardDeviation: standardDeviation,
  ColumnCorrelation: columnCorrelation,
  ColumnExists: columnExists,
  ColumnCount: columnCount,
  ColumnNamesMatchPattern: columnNamesMatchPattern,
  CustomSql: customSql,
  ColumnDataType: unsupported('checking values against a data type is not implemented yet'),
  AggregateMatch: unsupported(OTHER_DATASET),
  DatasetMatch: unsupported(OTHER_DATASET),
  ReferentialIntegrity: referentialIntegrity,
  RowCountMatch: unsupported(OTHER_DATASET),
  SchemaMatch: unsupported(OTHER_DATASET),
  DetectAnomalies: unsupported(HISTORY),
  FileFreshness: unsupported(FILES),
  FileMatch: unsupported(FILES),
  FileSize: unsupported(FILES),
  FileUniqueness: unsupported(FILES),
  AllStatistics: unsupported(ANALYZER),
  Distribution: unsupported(ANALYZER),
};
