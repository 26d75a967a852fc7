/**
 * Data-quality rules as the DQDL abstract syntax. Pipelines build these nodes with the factories
 * below; `quality-rules/` emits them as DQDL text and parses DQDL text back into the same nodes,
 * so `parse(emit(ruleset))` equals `ruleset`.
 */
import type { ProcessedDataset } from './dataset.js';

export type DqDurationUnit = 'minutes' | 'hours' | 'days';
export type DqSizeUnit = 'B' | 'KB' | 'MB' | 'GB' | 'TB';
export type DqArithmeticOp = '+' | '-' | '*' | '/';

/** `$name`: a constant declared before `Rules` (`name = "…"`). */
export interface DqVariableRef {
  readonly kind: 'variable';
  readonly name: string;
}

/**
 * A value in a DQDL condition. Dates (`"2024-01-31"`) and times (`"9:30 AM"`) are strings: Glue
 * reads them by the column's type. `call` and `arithmetic` are the dynamic-rule forms such as
 * `avg(last(5)) - 1`.
 */
export type DqOperand =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'duration'; readonly amount: number; readonly unit: DqDurationUnit }
  | { readonly kind: 'size'; readonly amount: number; readonly unit: DqSizeUnit }
  | {
      readonly kind: 'now';
      readonly offset?: { readonly sign: '+' | '-'; readonly amount: number; readonly unit: DqDurationUnit };
    }
  | DqVariableRef
  | { readonly kind: 'null' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'whitespacesOnly' }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly DqOperand[] }
  | {
      readonly kind: 'arithmetic';
      readonly op: DqArithmeticOp;
      readonly left: DqOperand;
      readonly right: DqOperand;
    };

export type DqOperandKind = DqOperand['kind'];

export type DqComparator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type DqCondition =
  | { readonly kind: 'compare'; readonly op: DqComparator; readonly value: DqOperand }
  /** DQDL's numeric `between` excludes both ends; `not between` therefore includes them. */
  | { readonly kind: 'between'; readonly low: DqOperand; readonly high: DqOperand; readonly negated: boolean }
  /** `in [a, b]`, or `in $list` for a list constant. */
  | { readonly kind: 'in'; readonly values: readonly DqOperand[] | DqVariableRef; readonly negated: boolean }
  | { readonly kind: 'matches'; readonly pattern: DqOperand; readonly negated: boolean };

export type DqConditionKind = DqCondition['kind'];

/**
 * A rule parameter: a column name, SQL statement, dataset alias or S3 path. DQDL also accepts
 * bare words (`IsPrimaryKey colA "colB"`); they parse to `string` with `bare`, which only the
 * canonical text keeps (`AllColumns` is a word of DQDL, not a column).
 */
export type DqParameter =
  | {
      readonly kind: 'string';
      readonly value: string;
      /** Written without quotes (`IsPrimaryKey colA`, `AllStatistics of AllColumns`), and so kept. */
      readonly bare?: true;
      /** Written after the connector `of` (`Completeness of "a"` in Analyzers). */
      readonly of?: true;
    }
  | { readonly kind: 'number'; readonly value: number }
  | DqVariableRef;

export interface DqRule {
  readonly kind: 'dqRule';
  /** The DQDL rule type, e.g. `IsComplete`, `ColumnValues`, `RowCount` (case-sensitive). */
  readonly ruleType: string;
  readonly parameters: readonly DqParameter[];
  readonly condition?: DqCondition;
  /** `where "<Spark SQL predicate>"`: the rule applies only to rows matching it. */
  readonly where?: string;
  /** `with threshold <condition>`: the fraction of rows that must pass. */
  readonly threshold?: DqCondition;
  /** Other `with <tag> = <value>` clauses, such as `with hashAlgorithm = "MD5"` or `with recentFiles = 1`. */
  readonly tags?: Readonly<Record<string, DqOperand>>;
  /** `labels=["team"="finance"]`; only on top-level rules. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** `(a) and (b)`: each operand is parenthesized in DQDL; operands may be composites themselves. */
export interface DqComposite {
  readonly kind: 'dqComposite';
  readonly op: 'and' | 'or';
  readonly rules: readonly DqRuleExpr[];
  /** `((a) and (b)) labels=[…]`; only on top-level composites. */
  readonly labels?: Readonly<Record<string, string>>;
}

export type DqRuleExpr = DqRule | DqComposite;

/** A constant: `name = "value"` or `name = ["a", "b"]`, referenced as `$name`. */
export interface DqVariable {
  readonly name: string;
  readonly value: DqOperand | readonly DqOperand[];
}

/** An entry of the `Analyzers = [ … ]` section: gathers statistics, asserts nothing. */
export interface DqAnalyzer {
  readonly kind: 'dqAnalyzer';
  readonly analyzerType: string;
  readonly parameters: readonly DqParameter[];
}

/** A DQDL dictionary section's entries: strings, or lists of strings. */
export type DqDictionary = Readonly<Record<string, string | readonly string[]>>;

export interface DqRuleset {
  readonly kind: 'dqRuleset';
  /** Comment lines at the top of the document, without the leading `# `. */
  readonly header?: readonly string[];
  /** `Metadata = { "Version": "1.0" }`: kept as written; nothing reads it. */
  readonly metadata?: DqDictionary;
  /** `DataSources = { "Primary": "…", "AdditionalDataSources": ["…"] }`: kept as written. */
  readonly dataSources?: DqDictionary;
  /** `DefaultLabels = […]`: labels every rule gets unless it sets the same key itself. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  readonly variables: readonly DqVariable[];
  readonly rules: readonly DqRuleExpr[];
  readonly analyzers?: readonly DqAnalyzer[];
}

// ---------------------------------------------------------------- factories

const str = (value: string): DqParameter => Object.freeze({ kind: 'string', value });
export const num = (value: number): DqOperand => Object.freeze({ kind: 'number', value });
export const text = (value: string): DqOperand => Object.freeze({ kind: 'string', value });

function rule(
  ruleType: string,
  parameters: DqParameter[],
  extra: Partial<Omit<DqRule, 'kind'>> = {},
): DqRule {
  return Object.freeze({ kind: 'dqRule', ruleType, parameters, ...extra });
}

function composite(op: 'and' | 'or', rules: readonly DqRuleExpr[]): DqComposite {
  if (rules.length < 2)
    throw new Error(`a composite "${op}" rule needs at least two rules, got ${rules.length}`);
  return Object.freeze({ kind: 'dqComposite', op, rules: Object.freeze([...rules]) });
}

export const dq = {
  rule,
  isComplete: (column: string) => rule('IsComplete', [str(column)]),
  isUnique: (column: string) => rule('IsUnique', [str(column)]),
  isPrimaryKey: (column: string) => rule('IsPrimaryKey', [str(column)]),
  rowCount: (op: DqComparator, value: number) =>
    rule('RowCount', [], { condition: { kind: 'compare', op, value: num(value) } }),
  completeness: (column: string, op: DqComparator, value: number) =>
    rule('Completeness', [str(column)], { condition: { kind: 'compare', op, value: num(value) } }),
  columnValues: (
    column: string,
    condition: DqCondition,
    extra: Partial<Pick<DqRule, 'where' | 'threshold'>> = {},
  ) => rule('ColumnValues', [str(column)], { condition, ...extra }),
  /**
   * `low <= column <= high`. DQDL's `between` excludes both ends, so an inclusive range is the
   * composite `(ColumnValues "c" >= low) and (ColumnValues "c" <= high)`.
   */
  inRange: (column: string, low: number, high: number): DqComposite =>
    Object.freeze({
      kind: 'dqComposite',
      op: 'and',
      rules: [
        rule('ColumnValues', [str(column)], { condition: { kind: 'compare', op: '>=', value: num(low) } }),
        rule('ColumnValues', [str(column)], { condition: { kind: 'compare', op: '<=', value: num(high) } }),
      ],
    }),
  inSet: (column: string, values: readonly string[]) =>
    rule('ColumnValues', [str(column)], {
      condition: { kind: 'in', values: values.map(text), negated: false },
    }),
  matches: (column: string, pattern: string) =>
    rule('ColumnValues', [str(column)], {
      condition: { kind: 'matches', pattern: text(pattern), negated: false },
    }),
  /**
   * `ReferentialIntegrity "a,b" "<reference>.{x,y}" = 1.0`: the share of the rows whose values of
   * `columns`, taken together, are found among the values of `keys` in `reference`, another job's
   * output, which the rule names by its dataset name (the additional data source's alias). A row
   * with a NULL in any of `columns` is not found, as in Glue's engine. Dataset-level only.
   */
  referentialIntegrity: (
    columns: string | readonly string[],
    reference: ProcessedDataset,
    keys: string | readonly string[],
    condition: DqCondition = Object.freeze({ kind: 'compare', op: '=', value: num(1) }),
  ): DqRule => {
    const list = (names: string | readonly string[]) => (typeof names === 'string' ? [names] : [...names]);
    const refs = list(keys);
    const target =
      refs.length === 1 ? `${reference.name}.${refs[0]}` : `${reference.name}.{${refs.join(',')}}`;
    return rule('ReferentialIntegrity', [str(list(columns).join(',')), str(target)], { condition });
  },
  compare: (op: DqComparator, value: number): DqCondition =>
    Object.freeze({ kind: 'compare', op, value: num(value) }),
  and: (...rules: readonly DqRuleExpr[]): DqComposite => composite('and', rules),
  or: (...rules: readonly DqRuleExpr[]): DqComposite => composite('or', rules),
  ruleset: (
    rules: readonly DqRuleExpr[],
    variables: DqRuleset['variables'] = [],
    extra: Partial<Pick<DqRuleset, 'header' | 'defaultLabels' | 'analyzers'>> = {},
  ): DqRuleset => Object.freeze({ kind: 'dqRuleset', ...extra, variables, rules }),
} as const;

/** Rule types whose parameters name columns of the evaluated dataset, for validation. */
export const COLUMN_RULE_TYPES: ReadonlySet<string> = new Set([
  'ColumnValues',
  'ColumnLength',
  'ColumnDataType',
  'ColumnExists',
  'Completeness',
  'DataFreshness',
  'DistinctValuesCount',
  'Entropy',
  'IsComplete',
  'IsPrimaryKey',
  'IsUnique',
  'Mean',
  'StandardDeviation',
  'Sum',
  'Uniqueness',
  'UniqueValueRatio',
  'ColumnCorrelation',
  'ReferentialIntegrity',
  'DetectAnomalies',
]);

const stringValues = (parameters: readonly DqParameter[]): string[] =>
  parameters.filter((p): p is { kind: 'string'; value: string } => p.kind === 'string').map((p) => p.value);

/**
 * The column names a rule reads. Most column rules name one column first; `IsPrimaryKey` and
 * `IsUnique` take several, `ColumnCorrelation` two, `ReferentialIntegrity` a comma-separated
 * list in its first parameter, and `DetectAnomalies` names a rule type before that rule's columns.
 */
export function ruleColumns(expr: DqRuleExpr): string[] {
  if (expr.kind === 'dqComposite') return expr.rules.flatMap(ruleColumns);
  if (!COLUMN_RULE_TYPES.has(expr.ruleType)) return [];
  switch (expr.ruleType) {
    case 'IsPrimaryKey':
    case 'IsUnique':
      return stringValues(expr.parameters);
    case 'ColumnCorrelation':
      return stringValues(expr.parameters.slice(0, 2));
    case 'ReferentialIntegrity':
      return stringValues(expr.parameters.slice(0, 1)).flatMap(splitColumns);
    case 'DetectAnomalies':
      return stringValues(expr.parameters.slice(1));
    default:
      return stringValues(expr.parameters.slice(0, 1));
  }
}

const splitColumns = (list: string): string[] => list.split(',').map((c) => c.trim());

/** What a `ReferentialIntegrity` rule compares: its columns, the reference's alias and that dataset's columns. */
export interface ReferentialIntegrityParts {
  readonly columns: readonly string[];
  readonly alias: string;
  readonly keys: readonly string[];
}

/**
 * The parts of `ReferentialIntegrity "a,b" "alias.{x,y}"` (or `"alias.x"` for one column), read as
 * Glue's engine reads them; null when the rule is not one, or a parameter is not a string (an
 * unresolved `$constant`) or not of that form.
 */
export function referentialIntegrityParts(expr: DqRuleExpr): ReferentialIntegrityParts | null {
  if (expr.kind !== 'dqRule' || expr.ruleType !== 'ReferentialIntegrity') return null;
  const [primary, reference] = expr.parameters;
  if (primary?.kind !== 'string' || reference?.kind !== 'string') return null;
  const braced = /^(.+)\.\{(.+)\}$/.exec(reference.value);
  const single = /^(.+)\.([^.]+)$/.exec(reference.value);
  const [alias, keys] =
    braced !== null
      ? [braced[1]!, splitColumns(braced[2]!)]
      : single !== null
        ? [single[1]!, [single[2]!.trim()]]
        : [];
  if (alias === undefined || keys === undefined) return null;
  return { columns: splitColumns(primary.value), alias, keys };
}

/** The rules (not composites) of a rule or composite, in order. */
export const leafRules = (expr: DqRuleExpr): DqRule[] =>
  expr.kind === 'dqRule' ? [expr] : expr.rules.flatMap(leafRules);
