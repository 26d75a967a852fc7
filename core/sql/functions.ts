/**
 * The default function table: standard SQL, spelled as PostgreSQL spells it. Each dialect spreads
 * it and overrides what it spells or means differently; the type keeps every table exhaustive.
 */
import type { ExpressionCompiler, FunctionRenderer, FunctionTable } from './expression-compiler.js';
import type { Expr, FunctionName } from './nodes.js';

/** `name(args...)` under the given SQL name. */
export const plain =
  (name: string): FunctionRenderer =>
  (args, c) =>
    c.fn(name, args);

/** An aggregate that also accepts `*` (count). */
const countRenderer: FunctionRenderer = (args, c) =>
  args.length === 0 || args[0]?.kind === 'star' ? 'count(*)' : c.fn('count', args);

/** `$1` group references (the IR's convention, as in Spark) → `\1` (POSIX, RE2). */
export const backslashGroupRefs = (replacement: string): string =>
  replacement.replace(/\\/g, '\\\\').replace(/\$(\d)/g, '\\$1');

export function regexpReplaceWithFlags(args: readonly Expr[], c: ExpressionCompiler, flags: string): string {
  const subject = c.expr(c.arg(args, 0, 'regexp_replace'));
  const pattern = c.expr(c.arg(args, 1, 'regexp_replace'));
  const replacement = c.stringLiteral(backslashGroupRefs(c.literalArg(args, 2, 'regexp_replace')));
  return `regexp_replace(${subject}, ${pattern}, ${replacement}, ${c.stringLiteral(flags)})`;
}

export const DEFAULT_FUNCTIONS: FunctionTable = {
  trim: plain('trim'),
  lower: plain('lower'),
  upper: plain('upper'),
  initcap: plain('initcap'),
  coalesce: plain('coalesce'),
  nullif: plain('nullif'),
  concat_ws: plain('concat_ws'),
  length: plain('length'),
  left: plain('left'),
  right: plain('right'),
  repeat: plain('repeat'),
  // Where the second text first occurs in the first, counted in characters from 1; 0 when it does not.
  strpos: plain('strpos'),
  sha256: (args, c) => `encode(sha256(convert_to(${c.expr(c.arg(args, 0, 'sha256'))}, 'UTF8')), 'hex')`,
  regexp_like: (args, c) =>
    `(${c.expr(c.arg(args, 0, 'regexp_like'))} ~ ${c.expr(c.arg(args, 1, 'regexp_like'))})`,
  regexp_replace: (args, c) => regexpReplaceWithFlags(args, c, 'g'),
  regexp_count: plain('regexp_count'),
  parse_date: plain('to_date'),
  parse_timestamp: plain('to_timestamp'),
  current_timestamp: () => 'current_timestamp',
  // When the running transaction began, without a time zone: one value for every statement of a
  // load, so the versions a load closes end exactly where the ones it opens begin.
  transaction_timestamp: () => 'LOCALTIMESTAMP',
  md5: plain('md5'),
  current_user: () => 'current_user',
  // Whether the user (first argument) is a member of the role (second: a name, or an oid).
  is_role_member: (args, c) =>
    `pg_has_role(${c.expr(c.arg(args, 0, 'is_role_member'))}, ${c.expr(c.arg(args, 1, 'is_role_member'))}, 'MEMBER')`,
  count: countRenderer,
  count_distinct: (args, c) => `count(DISTINCT ${args.map((a) => c.expr(a)).join(', ')})`,
  sum: plain('sum'),
  avg: plain('avg'),
  min: plain('min'),
  max: plain('max'),
  stddev: plain('stddev_samp'),
  ln: plain('ln'),
  row_number: () => 'row_number()',
  rank: () => 'rank()',
  dense_rank: () => 'dense_rank()',
  ntile: plain('ntile'),
  days_between: (args, c) =>
    `(CAST(${c.expr(c.arg(args, 1, 'days_between'))} AS DATE) - CAST(${c.expr(c.arg(args, 0, 'days_between'))} AS DATE))`,
  array_compact: (args, c) => `array_remove(${c.expr(c.arg(args, 0, 'array_compact'))}, NULL)`,
  array_join: plain('array_to_string'),
  quote_ident: plain('quote_ident'),
  masking_policy_on_column: (_args, c) =>
    c.unsupported('masking_policy_on_column() (Redshift dynamic data masking)'),
  array_length: plain('cardinality'),
} satisfies Record<FunctionName, FunctionRenderer>;
