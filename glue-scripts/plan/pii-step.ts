/**
 * detectPii, compiled to SQL: a regex per entity and an expression per action. `column` mode
 * treats every non-null value (a malformed email is still someone's email); `text` mode replaces
 * only what matches inside free text. Each step also counts what it found, per entity.
 */
import {
  type Expr,
  type PiiAction,
  type PiiColumnRule,
  type PiiEntity,
  type SelectItem,
  sql,
  t,
} from '../../core/index.js';
import { PII_PATTERNS, PII_TEXT_ORDER, PROTECTIVENESS } from './pii-patterns.js';
import { BOOKKEEPING, branch, passColumns, stepView } from './row-sql.js';
import { columnOf, planError, type StepCompiler, type StepContext } from './step-context.js';

type DetectPiiContext = StepContext<Extract<StepContext['node'], { kind: 'detectPii' }>>;

interface Treated {
  readonly value: Expr;
  /** Per entity, an expression counting this row's findings. */
  readonly counts: ReadonlyMap<PiiEntity, Expr>;
}

const pattern = (entity: PiiEntity) => sql.lit(PII_PATTERNS[entity]);
const matches = (value: Expr, entity: PiiEntity) => sql.call('regexp_like', value, pattern(entity));
const one = sql.lit(1);
const zero = sql.lit(0);

function entitiesOf(rule: PiiColumnRule): [PiiEntity, PiiAction][] {
  return PII_TEXT_ORDER.flatMap((e) => {
    const action = rule.entities[e];
    return action === undefined ? [] : [[e, action] as [PiiEntity, PiiAction]];
  });
}

/** The action on a whole value (column mode); `value` is known not to be NULL. */
function act(ctx: DetectPiiContext, action: PiiAction, value: Expr): Expr {
  const { redactText, partial } = ctx.node;
  switch (action) {
    case 'REDACT':
      return sql.lit(redactText);
    case 'SHA256_HASH':
      return sql.call('sha256', value);
    case 'DETECT':
      return value;
    case 'PARTIAL_REDACT': {
      const length = sql.call('length', value);
      const mask = sql.lit(partial.maskChar);
      if (partial.keepLast === 0) return sql.call('repeat', mask, length);
      const keep = sql.lit(partial.keepLast);
      // A value no longer than what would be kept is masked whole: keeping it all would reveal it all.
      const masked = sql.binary(
        '||',
        sql.call('repeat', mask, sql.binary('-', length, keep)),
        sql.call('right', value, keep),
      );
      return sql.caseWhen([branch(sql.binary('>', length, keep), masked)], sql.call('repeat', mask, length));
    }
  }
}

function columnMode(ctx: DetectPiiContext, rule: PiiColumnRule, value: Expr): Treated {
  const entities = entitiesOf(rule);
  const isNull = branch(sql.isNull(value), sql.lit(null));
  const counts = new Map<PiiEntity, Expr>();
  if (entities.length === 1) {
    const [entity, action] = entities[0]!;
    counts.set(
      entity,
      sql.caseWhen([branch(sql.and(sql.isNotNull(value), matches(value, entity)), one)], zero),
    );
    return { value: sql.caseWhen([isNull], act(ctx, action, value)), counts };
  }
  // Several entities: the first that matches decides; a value matching none gets the strongest action.
  const strongest = PROTECTIVENESS.find((a) => entities.some(([, action]) => action === a)) ?? 'REDACT';
  const treated = sql.caseWhen(
    [isNull, ...entities.map(([entity, action]) => branch(matches(value, entity), act(ctx, action, value)))],
    act(ctx, strongest, value),
  );
  entities.forEach(([entity], i) => {
    const whens = entities
      .slice(0, i + 1)
      .map(([earlier], j) => branch(matches(value, earlier), j === i ? one : zero));
    counts.set(entity, sql.caseWhen([branch(sql.isNull(value), zero), ...whens], zero));
  });
  return { value: treated, counts };
}

function textMode(ctx: DetectPiiContext, rule: PiiColumnRule, ruleIndex: number, value: Expr): Treated {
  const { redactText } = ctx.node;
  if (/[$\\]/.test(redactText)) {
    planError(
      ctx,
      ['redactText'],
      `"${redactText}" holds $ or \\, which regex replacement reads as group references`,
      'use a redaction text without $ or \\',
    );
  }
  let current = value;
  const counts = new Map<PiiEntity, Expr>();
  for (const [entity, action] of entitiesOf(rule)) {
    counts.set(entity, sql.call('coalesce', sql.call('regexp_count', current, pattern(entity)), zero));
    if (action === 'REDACT')
      current = sql.call('regexp_replace', current, pattern(entity), sql.lit(redactText));
    else if (action !== 'DETECT') {
      planError(
        ctx,
        [`rules[${ruleIndex}]`, 'entities', entity],
        `${action} of matches inside free text is not supported (it needs the matched text in the replacement, which Spark and DuckDB spell differently)`,
        'use REDACT or DETECT for text, or piiColumn() for a column that holds only the entity',
      );
    }
  }
  return { value: current, counts };
}

export const piiStep: StepCompiler<'detectPii'> = (ctx) => {
  const { node, input } = ctx;
  const values = new Map<string, Expr>(input.columns.map((c) => [c.name, sql.col(c.name)]));
  const rowCounts = new Map<PiiEntity, Expr[]>();
  const piiSources = new Set(input.piiSources);

  node.rules.forEach((rule, i) => {
    if (columnOf(input, rule.column).type.kind !== 'string') {
      planError(
        ctx,
        [`rules[${i}]`, 'column'],
        `column "${rule.column}" is not a string`,
        'detect personal data in string columns',
      );
    }
    const current = values.get(rule.column)!;
    const treated = rule.mode === 'column' ? columnMode(ctx, rule, current) : textMode(ctx, rule, i, current);
    values.set(rule.column, treated.value);
    for (const [entity, count] of treated.counts)
      rowCounts.set(entity, [...(rowCounts.get(entity) ?? []), count]);
    for (const source of input.lineage.get(rule.column) ?? [rule.column]) piiSources.add(source);
  });

  const items: SelectItem[] = input.columns.map((c) => sql.item(values.get(c.name)!, c.name));
  const select = sql.select({
    items: [...items, ...passColumns(BOOKKEEPING)],
    from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
  });

  const entities = PII_TEXT_ORDER.filter((e) => rowCounts.has(e));
  const query = sql.select({
    items: entities.map((e) => {
      const perRow = rowCounts.get(e)!.reduce((a, b) => sql.binary('+', a, b));
      return sql.item(sql.cast(sql.call('coalesce', sql.call('sum', perRow), zero), t.bigint()), e);
    }),
    from: sql.fromTable(sql.table(stepView(ctx.index - 1))),
  });

  return {
    select,
    reads: [stepView(ctx.index - 1)],
    state: { columns: input.columns, lineage: input.lineage, piiSources },
    findings: { entities, query },
  };
};
