/**
 * detectPii, compiled to SQL: a regex per entity and an expression per action. `column` mode
 * treats every non-null value (a malformed email is still someone's email); `text` mode replaces
 * only what matches inside free text. Each step also counts what it found, per entity.
 */
import { PII_ACTIONS, PII_ENTITIES, type PiiAction, type PiiEntity } from '../model/pii.js';
import { BOOKKEEPING, branch, engineSql, passColumns, stepView } from '../plan/row-sql.js';
import { t } from '../sql/data-type.js';
import { type Expr, type SelectItem, sql } from '../sql/index.js';
import { arrayOf, closed, Identifier, literal, literals, STRING } from './json-schema.js';
import { PII_PATTERNS, PII_TEXT_ORDER, PROTECTIVENESS } from './pii-patterns.js';
import {
  checkColumn,
  columnOf,
  planError,
  type StepContext,
  type StepKind,
  type StepOutput,
  type ValidateContext,
} from './step-kind.js';

/** How one column is scanned for personal data. */
export interface PiiColumnRule {
  readonly kind: 'piiColumn';
  readonly column: string;
  /**
   * `column`: the column holds the entity; every non-null value gets the action, matched or not,
   * so a malformed value never slips through. `text`: free text, scanned for every listed entity,
   * and only the matches get the action.
   */
  readonly mode: 'column' | 'text';
  readonly entities: Readonly<Partial<Record<PiiEntity, PiiAction>>>;
}

export interface DetectPii {
  readonly kind: 'detectPii';
  readonly rules: readonly PiiColumnRule[];
  /** REDACT replaces with this text (Glue's default is `*******`). */
  readonly redactText: string;
  /** PARTIAL_REDACT keeps this many trailing characters and masks the rest with `maskChar`. */
  readonly partial: { readonly keepLast: number; readonly maskChar: string };
}

export const piiColumn = (column: string, entities: PiiColumnRule['entities']): PiiColumnRule =>
  Object.freeze({ kind: 'piiColumn', column, mode: 'column', entities });
export const piiText = (column: string, entities: PiiColumnRule['entities']): PiiColumnRule =>
  Object.freeze({ kind: 'piiColumn', column, mode: 'text', entities });

export const detectPii = (
  rules: readonly PiiColumnRule[],
  options: { redactText?: string; keepLast?: number; maskChar?: string } = {},
): DetectPii =>
  Object.freeze({
    kind: 'detectPii',
    rules: Object.freeze([...rules]),
    redactText: options.redactText ?? '*******',
    partial: Object.freeze({ keepLast: options.keepLast ?? 4, maskChar: options.maskChar ?? '*' }),
  });

type DetectPiiContext = StepContext<DetectPii>;

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
    case 'GOVERN':
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
    else if (action !== 'DETECT' && action !== 'GOVERN') {
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

function compileDetectPii(ctx: DetectPiiContext): StepOutput {
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
    before:
      entities.length === 0
        ? []
        : [{ action: 'countFindings', step: ctx.index, entities, sql: engineSql(query) }],
  };
}

function validateDetectPii({ node, input, path, report }: ValidateContext<DetectPii>): void {
  node.rules.forEach((rule, i) => {
    const p = [...path, `rules[${i}]`];
    checkColumn(input, rule.column, [...p, 'column'], 'at this step', report);
    const entities = Object.entries(rule.entities);
    if (entities.length === 0)
      report([...p, 'entities'], 'no entity types listed', `list some of ${PII_ENTITIES.join(', ')}`);
    for (const [entity, action] of entities) {
      if (rule.mode === 'text' && action === 'GOVERN') {
        report(
          [...p, 'entities', entity],
          'GOVERN keeps a column of personal data in clear under access control; free text cannot be governed column by column',
          'use REDACT for matches inside free text, or piiColumn() for a column that holds only the entity',
        );
      }
      if (rule.mode === 'text' && action === 'SHA256_HASH') {
        report(
          [...p, 'entities', entity],
          'SHA256_HASH replaces a whole value, so it cannot apply to matches inside free text',
          'use REDACT or PARTIAL_REDACT for text, or piiColumn() for a column that holds only the entity',
        );
      }
    }
  });
  if (node.partial.keepLast < 0)
    report([...path, 'partial', 'keepLast'], 'must not be negative', 'use 0 or more');
}

const PiiRuleSchema = closed({
  kind: literal('piiColumn'),
  column: Identifier,
  mode: literals(['column', 'text']),
  entities: {
    type: 'object',
    properties: Object.fromEntries(PII_ENTITIES.map((e) => [e, literals(PII_ACTIONS)])),
    additionalProperties: false,
    minProperties: 1,
  },
});

export const detectPiiKind: StepKind<DetectPii> = {
  kind: 'detectPii',
  schema: closed({
    kind: literal('detectPii'),
    rules: arrayOf(PiiRuleSchema, 1),
    redactText: STRING,
    partial: closed({
      keepLast: { type: 'integer', minimum: 0 },
      maskChar: { type: 'string', minLength: 1 },
    }),
  }),
  grain: 'preserved',
  // A column some rule treats (anything but DETECT) no longer holds untreated personal data; one
  // it governs holds it in clear, marked so that its readers can be checked.
  columns: (input, node) => {
    const treated = new Set(
      node.rules.filter((r) => Object.values(r.entities).some((a) => a !== 'DETECT')).map((r) => r.column),
    );
    const governed = new Set(
      node.rules.filter((r) => Object.values(r.entities).includes('GOVERN')).map((r) => r.column),
    );
    return input.map((c) => {
      if (!treated.has(c.name) || c.pii === undefined) return c;
      const { pii, ...rest } = c;
      return governed.has(c.name) ? { ...rest, governed: pii } : rest;
    });
  },
  validate: validateDetectPii,
  compile: compileDetectPii,
};
