/** Factories for the SQL IR: each returns a frozen node of the same name. */
import type { DataType } from './data-type.js';
import type {
  BinaryOp,
  Call,
  ColumnRef,
  Expr,
  FromItem,
  FunctionName,
  Literal,
  OrderItem,
  Select,
  SelectItem,
  TableName,
  WindowCall,
} from './nodes.js';

export { ident, list, verbatim } from './template.js';

const freeze = <T>(node: T): T => Object.freeze(node);

export const col = (name: string, table?: string): ColumnRef =>
  freeze(table === undefined ? { kind: 'column', name } : { kind: 'column', name, table });
export const lit = (value: Literal['value']): Literal => freeze({ kind: 'literal', value });
export const star = (table?: string, except?: readonly string[]): Expr =>
  freeze({
    kind: 'star',
    ...(table === undefined ? {} : { table }),
    ...(except === undefined ? {} : { except }),
  });
export const cast = (expr: Expr, to: DataType): Expr => freeze({ kind: 'cast', expr, to, safe: false });
export const tryCast = (expr: Expr, to: DataType): Expr => freeze({ kind: 'cast', expr, to, safe: true });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr =>
  freeze({ kind: 'binary', op, left, right });
export const eq = (left: Expr, right: Expr): Expr => binary('=', left, right);
export const and = (...exprs: Expr[]): Expr => exprs.reduce((acc, e) => binary('and', acc, e));
export const or = (...exprs: Expr[]): Expr => exprs.reduce((acc, e) => binary('or', acc, e));
export const not = (expr: Expr): Expr => freeze({ kind: 'unary', op: 'not', expr });
export const isNull = (expr: Expr): Expr => freeze({ kind: 'unary', op: 'is null', expr });
export const isNotNull = (expr: Expr): Expr => freeze({ kind: 'unary', op: 'is not null', expr });
export const between = (expr: Expr, low: Expr, high: Expr, negated = false): Expr =>
  freeze({ kind: 'between', expr, low, high, negated });
export const inList = (expr: Expr, values: readonly Expr[], negated = false): Expr =>
  freeze({ kind: 'in', expr, values, negated });
export const inQuery = (expr: Expr, query: Select, negated = false): Expr =>
  freeze({ kind: 'inQuery', expr, query, negated });
export const caseWhen = (whens: readonly { when: Expr; then: Expr }[], otherwise?: Expr): Expr =>
  freeze(otherwise === undefined ? { kind: 'case', whens } : { kind: 'case', whens, else: otherwise });
export const call = (fn: FunctionName, ...args: Expr[]): Call => freeze({ kind: 'call', fn, args });
export const over = (fnCall: Call, partitionBy: readonly Expr[], orderBy: readonly OrderItem[]): WindowCall =>
  freeze({ kind: 'window', call: fnCall, partitionBy, orderBy });
export const asc = (expr: Expr, nulls?: 'first' | 'last'): OrderItem =>
  freeze(nulls === undefined ? { expr, direction: 'asc' } : { expr, direction: 'asc', nulls });
export const desc = (expr: Expr, nulls?: 'first' | 'last'): OrderItem =>
  freeze(nulls === undefined ? { expr, direction: 'desc' } : { expr, direction: 'desc', nulls });
export const array = (...items: Expr[]): Expr => freeze({ kind: 'array', items });
/** Text kept as written, with `args` rendered by the dialect between `fragments`; see `RawSql`. */
export const raw = (fragments: readonly string[], ...args: (Expr | TableName)[]): Expr => {
  if (fragments.length !== args.length + 1)
    throw new Error(`raw SQL needs one more fragment than args, got ${fragments.length} and ${args.length}`);
  return freeze({ kind: 'raw', fragments: freeze([...fragments]), args: freeze([...args]) });
};

export const table = (name: string, schema?: string): TableName =>
  freeze(schema === undefined ? { kind: 'table', name } : { kind: 'table', schema, name });
export const fromTable = (t: TableName, alias?: string): FromItem =>
  freeze(alias === undefined ? { kind: 'fromTable', table: t } : { kind: 'fromTable', table: t, alias });
export const fromQuery = (query: Select, alias: string): FromItem =>
  freeze({ kind: 'fromQuery', query, alias });
export const item = (expr: Expr, alias?: string): SelectItem =>
  freeze(alias === undefined ? { expr } : { expr, alias });
export const select = (fields: Omit<Select, 'kind'>): Select => freeze({ kind: 'select', ...fields });
/** `head UNION ALL branch …` (see `Select.unionAll`); branches already on `head` stay first. */
export const unionAll = (head: Select, ...branches: Select[]): Select =>
  freeze({ ...head, unionAll: freeze([...(head.unionAll ?? []), ...branches]) });
export const neg = (expr: Expr): Expr => freeze({ kind: 'unary', op: 'neg', expr });
export const subquery = (query: Select): Expr => freeze({ kind: 'subquery', query });
export const exists = (query: Select, negated = false): Expr => freeze({ kind: 'exists', query, negated });

/** The column a statement runner's query names each statement to run (see `RunStatements`). */
export const RUNNER_STATEMENT_COLUMN = 'statement_text';
/** A select item naming the statement a runner executes: compiled text, or text computed per row. */
export const statementToRun = (statement: string | Expr): SelectItem =>
  item(typeof statement === 'string' ? lit(statement) : statement, RUNNER_STATEMENT_COLUMN);

/** The column an `assertEmpty` query describes each violation in (see `AssertEmpty`). */
export const VIOLATION_COLUMN = 'violation';
/** A select item describing, as text, what a row that an `assertEmpty` query returns violates. */
export const violation = (text: Expr): SelectItem => item(text, VIOLATION_COLUMN);
