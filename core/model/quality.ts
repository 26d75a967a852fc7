/**
 * Data-quality rules as the DQDL abstract syntax. Pipelines build these nodes with the factories
 * below; `quality-rules/` emits them as DQDL text and parses DQDL text back into the same nodes,
 * so `parse(emit(ruleset))` equals `ruleset`.
 */

/** A value in a DQDL condition: number, double-quoted string, duration, date expression or `$variable`. */
export type DqOperand =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'duration'; readonly amount: number; readonly unit: 'hours' | 'days' | 'minutes' }
  | {
      readonly kind: 'now';
      readonly offset?: {
        readonly sign: '+' | '-';
        readonly amount: number;
        readonly unit: 'hours' | 'days' | 'minutes';
      };
    }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'null' };

export type DqComparator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type DqCondition =
  | { readonly kind: 'compare'; readonly op: DqComparator; readonly value: DqOperand }
  /** DQDL's numeric `between` excludes both ends. */
  | { readonly kind: 'between'; readonly low: DqOperand; readonly high: DqOperand; readonly negated: boolean }
  | { readonly kind: 'in'; readonly values: readonly DqOperand[] | DqOperand; readonly negated: boolean }
  | { readonly kind: 'matches'; readonly pattern: DqOperand; readonly negated: boolean };

/** A rule parameter: a double-quoted string (column name, SQL, alias) or a bare word/number. */
export type DqParameter =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number };

export interface DqRule {
  readonly kind: 'dqRule';
  /** The DQDL rule type, e.g. `IsComplete`, `ColumnValues`, `RowCount`. */
  readonly ruleType: string;
  readonly parameters: readonly DqParameter[];
  readonly condition?: DqCondition;
  /** `where "<SQL predicate>"`: the rule applies only to rows matching it. */
  readonly where?: string;
  /** `with threshold <condition>`: the fraction of rows that must pass. */
  readonly threshold?: DqCondition;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DqComposite {
  readonly kind: 'dqComposite';
  readonly op: 'and' | 'or';
  readonly rules: readonly DqRuleExpr[];
}

export type DqRuleExpr = DqRule | DqComposite;

export interface DqRuleset {
  readonly kind: 'dqRuleset';
  readonly variables: readonly { readonly name: string; readonly value: DqOperand | readonly DqOperand[] }[];
  readonly rules: readonly DqRuleExpr[];
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
  compare: (op: DqComparator, value: number): DqCondition =>
    Object.freeze({ kind: 'compare', op, value: num(value) }),
  ruleset: (rules: readonly DqRuleExpr[], variables: DqRuleset['variables'] = []): DqRuleset =>
    Object.freeze({ kind: 'dqRuleset', variables, rules }),
} as const;

/** The column names a rule reads, for validation: string parameters of column-based rule types. */
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
]);

export function ruleColumns(expr: DqRuleExpr): string[] {
  if (expr.kind === 'dqComposite') return expr.rules.flatMap(ruleColumns);
  if (!COLUMN_RULE_TYPES.has(expr.ruleType)) return [];
  const count = expr.ruleType === 'ColumnCorrelation' ? 2 : 1;
  return expr.parameters
    .slice(0, count)
    .filter((p): p is { kind: 'string'; value: string } => p.kind === 'string')
    .map((p) => p.value);
}
