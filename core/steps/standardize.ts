/**
 * standardize: trim, treat the null markers as missing, re-case, convert. Two levels: the inner
 * query cleans the text once, the outer converts it and compares, so a value that is present but
 * does not convert is caught (`cast:<column>`) rather than turned into NULL unnoticed.
 */
import type { SchemaColumn } from '../model/schema.js';
import { PLAN_COLUMNS, type PlanColumn } from '../plan/plan-types.js';
import { BOOKKEEPING, branch, passColumns, reasonWhen, stepView, withReasons } from '../plan/row-sql.js';
import { type DataType, t } from '../sql/data-type.js';
import { type Expr, type SelectItem, sql } from '../sql/index.js';
import {
  arrayOf,
  BOOLEAN,
  closed,
  DataTypeSchema,
  Identifier,
  literal,
  literals,
  STRING,
} from './json-schema.js';
import {
  checkColumn,
  columnOf,
  isSnakeCase,
  type StepContext,
  type StepKind,
  type StepOutput,
  sameType,
  type ValidateContext,
} from './step-kind.js';

export type TextCase = 'lower' | 'upper' | 'title';

/** One output column of `standardize`: where it comes from and how it is cleaned. */
export interface ColumnSpec {
  readonly kind: 'columnSpec';
  /** The column read from the step's input. */
  readonly source: string;
  /** The output name (defaults to `source`). */
  readonly name: string;
  /** The output type; defaults to the type the input column declares. */
  readonly type?: DataType;
  readonly trim: boolean;
  readonly case?: TextCase;
  /** For date and timestamp columns: the input format, in Spark's datetime pattern letters (`yyyy-MM-dd`). */
  readonly format?: string;
  /** Values treated as missing before casting (the empty string always is). */
  readonly nullValues: readonly string[];
  /**
   * A regular expression whose matches are removed from the text after trimming (`'[^0-9+]'`
   * leaves a phone number's digits and its leading +); keep to what RE2 and Java read alike.
   */
  readonly remove?: string;
}

export function columnSpec(
  source: string,
  options: {
    name?: string;
    type?: DataType;
    trim?: boolean;
    case?: TextCase;
    format?: string;
    nullValues?: readonly string[];
    remove?: string;
  } = {},
): ColumnSpec {
  return Object.freeze({
    kind: 'columnSpec',
    source,
    name: options.name ?? source,
    ...(options.type === undefined ? {} : { type: options.type }),
    trim: options.trim ?? true,
    ...(options.case === undefined ? {} : { case: options.case }),
    ...(options.format === undefined ? {} : { format: options.format }),
    nullValues: Object.freeze([...(options.nullValues ?? [])]),
    ...(options.remove === undefined ? {} : { remove: options.remove }),
  });
}

/**
 * Selects, renames, trims, re-cases and casts columns. A value that is present but does not
 * convert (a date not in the format, `abc` as a number) sends its row to quarantine with the
 * reason `cast:<column>`; it is never silently nulled.
 */
export interface Standardize {
  readonly kind: 'standardize';
  readonly columns: readonly ColumnSpec[];
}

export const standardize = (columns: readonly ColumnSpec[]): Standardize =>
  Object.freeze({ kind: 'standardize', columns: Object.freeze([...columns]) });

const CASE_FN = { lower: 'lower', upper: 'upper', title: 'initcap' } as const;
const INNER = 's';

interface Converted {
  readonly inner: Expr;
  readonly value: Expr;
  readonly reason?: Expr;
}

function targetType(ctx: StepContext<Standardize>, spec: ColumnSpec): DataType {
  const declared = ctx.declared.find((c) => c.name === spec.source);
  return spec.type ?? declared?.type ?? columnOf(ctx.input, spec.source).type;
}

/**
 * The cleaned text of a value: trimmed, stripped of what `remove` matches, with the empty string
 * and the null markers as NULL.
 */
function cleanedText(spec: ColumnSpec, source: PlanColumn): Expr {
  const base =
    source.type.kind === 'string' ? sql.col(spec.source) : sql.cast(sql.col(spec.source), t.string());
  const trimmed = spec.trim ? sql.call('trim', base) : base;
  const stripped =
    spec.remove === undefined
      ? trimmed
      : sql.call('regexp_replace', trimmed, sql.lit(spec.remove), sql.lit(''));
  const markers = ['', ...spec.nullValues].map((v) => sql.lit(v));
  return sql.caseWhen([branch(sql.inList(stripped, markers), sql.lit(null))], stripped);
}

function convert(spec: ColumnSpec, source: PlanColumn, target: DataType): Converted {
  const cleanedRef = sql.col(spec.name, INNER);
  const failed = (converted: Expr) =>
    reasonWhen(sql.and(sql.isNotNull(cleanedRef), sql.isNull(converted)), `cast:${spec.name}`);

  if (source.type.kind !== 'string' && target.kind !== 'string') {
    if (sameType(source.type, target)) return { inner: sql.col(spec.source), value: cleanedRef };
    const converted = sql.tryCast(cleanedRef, target);
    return { inner: sql.col(spec.source), value: converted, reason: failed(converted) };
  }

  const cleaned = cleanedText(spec, source);
  if (target.kind === 'string') {
    const inner = spec.case === undefined ? cleaned : sql.call(CASE_FN[spec.case], cleaned);
    if (target.maxLength === undefined) return { inner, value: cleanedRef };
    // A value longer than the declared length would fail the warehouse load: it does not convert either.
    const tooLong = sql.binary('>', sql.call('length', cleanedRef), sql.lit(target.maxLength));
    return { inner, value: cleanedRef, reason: reasonWhen(tooLong, `cast:${spec.name}`) };
  }

  let converted: Expr;
  if (target.kind === 'date' && spec.format !== undefined) {
    converted = sql.call('parse_date', cleanedRef, sql.lit(spec.format));
  } else if (target.kind === 'timestamp' && spec.format !== undefined) {
    converted = sql.call('parse_timestamp', cleanedRef, sql.lit(spec.format));
  } else {
    converted = sql.tryCast(cleanedRef, target);
  }
  return { inner: cleaned, value: converted, reason: failed(converted) };
}

function compileStandardize(ctx: StepContext<Standardize>): StepOutput {
  const C = PLAN_COLUMNS;
  const innerItems: SelectItem[] = [];
  const outerItems: SelectItem[] = [];
  const reasons: Expr[] = [];
  const columns: PlanColumn[] = [];
  const lineage = new Map<string, readonly string[]>();

  for (const spec of ctx.node.columns) {
    const source = columnOf(ctx.input, spec.source);
    const target = targetType(ctx, spec);
    const { inner, value, reason } = convert(spec, source, target);
    innerItems.push(sql.item(inner, spec.name));
    outerItems.push(sql.item(value, spec.name));
    if (reason !== undefined) reasons.push(reason);
    columns.push({ name: spec.name, type: target, nullable: source.nullable });
    lineage.set(spec.name, ctx.input.lineage.get(spec.source) ?? [spec.source]);
  }

  const inner = sql.select({
    items: [...innerItems, ...passColumns(BOOKKEEPING)],
    from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
  });
  const select = sql.select({
    items: [
      ...outerItems,
      ...passColumns([C.row, C.raw], INNER),
      sql.item(withReasons(sql.col(C.reasons, INNER), reasons), C.reasons),
      sql.item(sql.col(C.duplicate, INNER), C.duplicate),
    ],
    from: sql.fromQuery(inner, INNER),
  });
  return {
    select,
    reads: [stepView(ctx.index - 1)],
    state: { columns, lineage, piiSources: ctx.input.piiSources },
  };
}

function validateStandardize({ node, input, path, report }: ValidateContext<Standardize>): void {
  const names = new Set<string>();
  node.columns.forEach((spec, i) => {
    const p = [...path, `columns[${i}]`];
    checkColumn(input, spec.source, [...p, 'source'], 'at this step', report);
    if (names.has(spec.name))
      report([...p, 'name'], `output column "${spec.name}" appears twice`, 'rename one of them');
    names.add(spec.name);
    if (!isSnakeCase(spec.name)) {
      report(
        [...p, 'name'],
        `"${spec.name}" is not a valid column name`,
        'use lower-case letters, digits and _',
      );
    }
    const type = spec.type ?? input.find((c) => c.name === spec.source)?.type;
    if (
      spec.format !== undefined &&
      type !== undefined &&
      type.kind !== 'date' &&
      type.kind !== 'timestamp'
    ) {
      report(
        [...p, 'format'],
        `a format is given but the column is ${type.kind}`,
        'cast to date or timestamp, or drop the format',
      );
    }
    if (spec.case !== undefined && type !== undefined && type.kind !== 'string') {
      report(
        [...p, 'case'],
        `case applies to strings but the column is ${type.kind}`,
        'drop `case` or keep the column a string',
      );
    }
  });
}

const ColumnSpecSchema = closed(
  {
    kind: literal('columnSpec'),
    source: Identifier,
    name: Identifier,
    trim: BOOLEAN,
    nullValues: arrayOf(STRING),
  },
  {
    type: DataTypeSchema,
    case: literals(['lower', 'upper', 'title']),
    format: { type: 'string', minLength: 1 },
    remove: { type: 'string', minLength: 1 },
  },
);

export const standardizeKind: StepKind<Standardize> = {
  kind: 'standardize',
  schema: closed({
    kind: literal('standardize'),
    columns: arrayOf(ColumnSpecSchema, 1),
  }),
  grain: 'preserved',
  columns: (input, node) => {
    const cols = new Map(input.map((c) => [c.name, c]));
    return node.columns.flatMap((spec): SchemaColumn[] => {
      const source = cols.get(spec.source);
      if (source === undefined) return [];
      return [
        {
          name: spec.name,
          type: spec.type ?? source.type,
          nullable: source.nullable,
          ...(source.pii === undefined ? {} : { pii: source.pii }),
          ...(source.governed === undefined ? {} : { governed: source.governed }),
        },
      ];
    });
  },
  validate: validateStandardize,
  compile: compileStandardize,
};
