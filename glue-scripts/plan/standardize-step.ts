/**
 * standardize: trim, treat the null markers as missing, re-case, convert. Two levels: the inner
 * query cleans the text once, the outer converts it and compares, so a value that is present but
 * does not convert is caught (`cast:<column>`) rather than turned into NULL unnoticed.
 */
import { type ColumnSpec, type DataType, type Expr, type SelectItem, sql, t } from '../../core/index.js';
import { PLAN_COLUMNS, type PlanColumn } from './job-plan-types.js';
import { BOOKKEEPING, branch, passColumns, reasonWhen, stepView, withReasons } from './row-sql.js';
import { columnOf, type StepCompiler, type StepContext, sameType } from './step-context.js';

const CASE_FN = { lower: 'lower', upper: 'upper', title: 'initcap' } as const;
const INNER = 's';

interface Converted {
  readonly inner: Expr;
  readonly value: Expr;
  readonly reason?: Expr;
}

function targetType(ctx: StepContext, spec: ColumnSpec): DataType {
  const declared = ctx.declared.find((c) => c.name === spec.source);
  return spec.type ?? declared?.type ?? columnOf(ctx.input, spec.source).type;
}

/** The cleaned text of a value: trimmed, with the empty string and the null markers as NULL. */
function cleanedText(spec: ColumnSpec, source: PlanColumn): Expr {
  const base =
    source.type.kind === 'string' ? sql.col(spec.source) : sql.cast(sql.col(spec.source), t.string());
  const trimmed = spec.trim ? sql.call('trim', base) : base;
  const markers = ['', ...spec.nullValues].map((v) => sql.lit(v));
  return sql.caseWhen([branch(sql.inList(trimmed, markers), sql.lit(null))], trimmed);
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

export const standardizeStep: StepCompiler<'standardize'> = (ctx) => {
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
};
