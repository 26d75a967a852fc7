/**
 * The DQDL rule types Glue Data Quality knows, with what the parser checks (parameter count,
 * whether a condition is required, allowed or rejected) and what the local evaluator needs to
 * know (whether Glue reports row-level outcomes). Sources: the AWS Glue "DQDL rule type
 * reference" pages and awslabs/dqdl's rules-config.json; see README.md for the row-level notes.
 */

/** `none`: the rule type yields a Boolean (IsComplete); `required`: it yields a value to compare. */
export type DqConditionUse = 'none' | 'required' | 'optional';

/**
 * Whether Glue labels each row PASS/FAIL for this rule type. `withoutCondition`: only the
 * row-selecting form (CustomSql that selects columns of `primary`, no condition). `unconfirmed`:
 * the AWS table could not be checked for it; the evaluator treats it as dataset-level.
 */
export type DqRowLevel = 'always' | 'never' | 'withoutCondition' | 'unconfirmed';

export interface DqRuleTypeSpec {
  readonly name: string;
  readonly minParameters: number;
  /** `Infinity` for rule types that take any number of columns (IsPrimaryKey "a" "b" "c"). */
  readonly maxParameters: number;
  readonly condition: DqConditionUse;
  /** Allowed in `Rules = [ … ]`. */
  readonly asRule: boolean;
  /** Allowed in `Analyzers = [ … ]`. */
  readonly asAnalyzer: boolean;
  readonly rowLevel: DqRowLevel;
  /** Accepts `where "<predicate>"` (AWS's rules-config.json: is_where_clause_supported). */
  readonly where: boolean;
  /** Accepts `with threshold <condition>` (is_threshold_supported). */
  readonly threshold: boolean;
}

/** Rule types that accept a where clause, and a threshold, in AWS's parser. */
const WHERE: ReadonlySet<string> = new Set([
  'ColumnCorrelation',
  'ColumnDataType',
  'ColumnLength',
  'ColumnValues',
  'Completeness',
  'DataFreshness',
  'DistinctValuesCount',
  'Entropy',
  'IsComplete',
  'IsPrimaryKey',
  'IsUnique',
  'Mean',
  'RowCount',
  'StandardDeviation',
  'Sum',
  'Uniqueness',
  'UniqueValueRatio',
]);
const THRESHOLD: ReadonlySet<string> = new Set([
  'ColumnDataType',
  'ColumnValues',
  'CustomSql',
  'FileFreshness',
  'FileSize',
]);

type Row = [
  name: string,
  min: number,
  max: number,
  condition: DqConditionUse,
  asRule: boolean,
  asAnalyzer: boolean,
  rowLevel: DqRowLevel,
];

const MANY = Number.POSITIVE_INFINITY;

// biome-ignore format: one rule type per line reads as the table it is
const ROWS: readonly Row[] = [
  ['AggregateMatch',          2, 2,    'required', true,  false, 'never'],
  ['AllStatistics',           1, 1,    'none',     false, true,  'never'],
  ['ColumnCorrelation',       2, 2,    'required', true,  true,  'never'],
  ['ColumnCount',             0, 0,    'required', true,  true,  'never'],
  ['ColumnDataType',          1, 1,    'required', true,  false, 'never'],
  ['ColumnExists',            1, 1,    'none',     true,  false, 'never'],
  ['ColumnLength',            1, 1,    'required', true,  true,  'always'],
  ['ColumnNamesMatchPattern', 1, 1,    'none',     true,  false, 'never'],
  ['ColumnValues',            1, 1,    'required', true,  true,  'always'],
  ['Completeness',            1, 1,    'required', true,  true,  'always'],
  ['CustomSql',               1, 1,    'optional', true,  true,  'withoutCondition'],
  ['DataFreshness',           1, 1,    'required', true,  false, 'unconfirmed'],
  ['DatasetMatch',            2, 3,    'required', true,  false, 'unconfirmed'],
  ['DetectAnomalies',         1, MANY, 'none',     true,  false, 'never'],
  ['DistinctValuesCount',     1, 1,    'required', true,  true,  'never'],
  ['Distribution',            1, 1,    'none',     false, true,  'never'],
  ['Entropy',                 1, 1,    'required', true,  true,  'never'],
  ['FileFreshness',           0, 1,    'required', true,  false, 'never'],
  ['FileMatch',               1, 2,    'optional', true,  false, 'never'],
  ['FileSize',                0, 1,    'required', true,  false, 'never'],
  ['FileUniqueness',          0, 1,    'required', true,  false, 'never'],
  ['IsComplete',              1, 1,    'none',     true,  false, 'always'],
  ['IsPrimaryKey',            1, MANY, 'none',     true,  false, 'unconfirmed'],
  ['IsUnique',                1, MANY, 'none',     true,  false, 'unconfirmed'],
  ['Mean',                    1, 1,    'required', true,  true,  'never'],
  ['ReferentialIntegrity',    2, 2,    'required', true,  false, 'unconfirmed'],
  ['RowCount',                0, 0,    'required', true,  true,  'never'],
  ['RowCountMatch',           1, 1,    'required', true,  false, 'never'],
  ['SchemaMatch',             1, 1,    'required', true,  false, 'never'],
  ['StandardDeviation',       1, 1,    'required', true,  true,  'never'],
  ['Sum',                     1, 1,    'required', true,  true,  'never'],
  ['Uniqueness',              1, 1,    'required', true,  true,  'unconfirmed'],
  ['UniqueValueRatio',        1, 1,    'required', true,  true,  'never'],
];

export const DQ_RULE_TYPES: ReadonlyMap<string, DqRuleTypeSpec> = new Map(
  ROWS.map(([name, minParameters, maxParameters, condition, asRule, asAnalyzer, rowLevel]) => [
    name,
    Object.freeze({
      name,
      minParameters,
      maxParameters,
      condition,
      asRule,
      asAnalyzer,
      rowLevel,
      where: WHERE.has(name),
      threshold: THRESHOLD.has(name),
    }),
  ]),
);

export const ruleTypeSpec = (name: string): DqRuleTypeSpec | undefined => DQ_RULE_TYPES.get(name);

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known rule type a misspelt one most likely means, if any is close. */
export function suggestRuleType(name: string): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = [...DQ_RULE_TYPES.keys()].find((k) => k.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of DQ_RULE_TYPES.keys()) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}
