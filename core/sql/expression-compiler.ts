/**
 * The expression half of the default compiler. Dialects subclass the full compiler
 * (`SqlCompiler`) and differ through three tables (types, functions, literal escaping) and a few
 * overridable hooks; everything else is shared. Output is deterministic: the same node always
 * compiles to the same bytes.
 */
import type { DataType, DataTypeKind } from './data-type.js';
import type { DialectName } from './dialect.js';
import { UnsupportedFeatureError } from './errors.js';
import type {
  ArrayExpr,
  Between,
  Binary,
  BinaryOp,
  Call,
  CaseExpr,
  Cast,
  ColumnRef,
  Exists,
  Expr,
  FunctionName,
  InList,
  InQuery,
  Literal,
  OrderItem,
  RawSql,
  Select,
  Star,
  Subquery,
  Unary,
  WindowCall,
} from './nodes.js';

/** Renders one function call; receives the argument nodes so a dialect can lower, not just rename. */
export type FunctionRenderer = (args: readonly Expr[], c: ExpressionCompiler) => string;
export type FunctionTable = Readonly<Record<FunctionName, FunctionRenderer>>;
export type TypeTable = Readonly<{ [K in DataTypeKind]: (type: Extract<DataType, { kind: K }>) => string }>;

type ExprHandlers = { readonly [K in Expr['kind']]: (node: Extract<Expr, { kind: K }>) => string };

/** Binding strength of an operator node; atoms (columns, literals, calls) bind tightest. */
const LOGICAL_PRECEDENCE: Readonly<Partial<Record<BinaryOp | 'not', number>>> = {
  or: 1,
  and: 2,
  not: 3,
};
const COMPARISON = new Set<BinaryOp>(['=', '<>', '<', '<=', '>', '>=', 'is distinct from']);
const ASSOCIATIVE = new Set<BinaryOp>(['and', 'or', '+', '*', '||']);

export abstract class ExpressionCompiler {
  abstract readonly dialect: DialectName;
  protected abstract readonly types: TypeTable;
  abstract readonly functions: FunctionTable;

  private readonly exprHandlers: ExprHandlers = {
    column: (node) => this.column(node),
    literal: (node) => this.literal(node),
    star: (node) => this.star(node),
    cast: (node) => this.cast(node),
    binary: (node) => this.binary(node),
    unary: (node) => this.unary(node),
    between: (node) => this.between(node),
    in: (node) => this.inList(node),
    inQuery: (node) => this.inQuery(node),
    case: (node) => this.caseExpr(node),
    call: (node) => this.call(node),
    window: (node) => this.window(node),
    array: (node) => this.array(node),
    subquery: (node) => this.subquery(node),
    exists: (node) => this.exists(node),
    raw: (node) => this.raw(node),
  };

  /** Compiles a SELECT; implemented by the statement half of the compiler. */
  abstract select(node: Select): string;

  expr(node: Expr): string {
    const handler = this.exprHandlers[node.kind] as ((n: Expr) => string) | undefined;
    if (handler === undefined) throw new TypeError(`not an SQL expression node: ${JSON.stringify(node)}`);
    return handler(node);
  }

  unsupported(feature: string): never {
    throw new UnsupportedFeatureError(this.dialect, feature);
  }

  // ------------------------------------------------------------ names and literals

  quoteIdent(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  /** Standard SQL: a quote is doubled and a backslash is an ordinary character. */
  stringLiteral(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  typeName(type: DataType): string {
    const render = this.types[type.kind] as (t: DataType) => string;
    return render(type);
  }

  protected column(node: ColumnRef): string {
    const name = this.quoteIdent(node.name);
    return node.table === undefined ? name : `${this.quoteIdent(node.table)}.${name}`;
  }

  protected literal(node: Literal): string {
    const { value } = node;
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.unsupported(`the non-finite number literal ${value}`);
      return String(value);
    }
    return this.stringLiteral(value);
  }

  protected star(node: Star): string {
    const base = node.table === undefined ? '*' : `${this.quoteIdent(node.table)}.*`;
    if (node.except === undefined || node.except.length === 0) return base;
    return `${base} ${this.starExcept(node.except)}`;
  }

  /** `* EXCLUDE (...)` where the dialect has it. */
  protected starExcept(_columns: readonly string[]): string {
    return this.unsupported('SELECT * with excluded columns');
  }

  // ------------------------------------------------------------ operators

  protected cast(node: Cast): string {
    const inner = `${this.expr(node.expr)} AS ${this.typeName(node.to)}`;
    return node.safe ? this.safeCast(inner) : `CAST(${inner})`;
  }

  /** TRY_CAST where it exists; elsewhere refused, because a failing cast cannot be turned into NULL. */
  protected safeCast(_inner: string): string {
    return this.unsupported('safe casts (TRY_CAST)');
  }

  protected binary(node: Binary): string {
    if (node.op === 'is distinct from') return this.distinctFrom(node);
    const left = this.operand(node.left, node.op, 'left');
    const right = this.operand(node.right, node.op, 'right');
    return `${left} ${this.binaryOperator(node.op)} ${right}`;
  }

  protected binaryOperator(op: BinaryOp): string {
    return op === 'and' || op === 'or' ? op.toUpperCase() : op;
  }

  protected distinctFrom(node: Binary): string {
    return `${this.operand(node.left, '=', 'left')} IS DISTINCT FROM ${this.operand(node.right, '=', 'right')}`;
  }

  /**
   * Parenthesizes an operand unless the grammar makes it unnecessary everywhere: comparisons and
   * NOT inside AND/OR, and the same associative operator on the left. Arithmetic and `||` mixed
   * with each other are always parenthesized, since dialects rank `||` differently.
   */
  protected operand(node: Expr, parent: BinaryOp, side: 'left' | 'right'): string {
    const text = this.expr(node);
    return this.needsParens(node, parent, side) ? `(${text})` : text;
  }

  private needsParens(node: Expr, parent: BinaryOp, side: 'left' | 'right'): boolean {
    const parentRank = LOGICAL_PRECEDENCE[parent];
    if (node.kind === 'binary') {
      if (node.op === parent && ASSOCIATIVE.has(parent) && side === 'left') return false;
      const childRank = LOGICAL_PRECEDENCE[node.op];
      if (parentRank !== undefined) {
        // Under AND/OR: anything binding tighter (comparisons, arithmetic) needs no parentheses.
        return childRank !== undefined && childRank <= parentRank;
      }
      if (COMPARISON.has(parent)) return COMPARISON.has(node.op) || childRank !== undefined;
      return true;
    }
    if (node.kind === 'unary' || node.kind === 'between' || node.kind === 'in' || node.kind === 'inQuery') {
      if (parentRank !== undefined) return node.kind === 'unary' && node.op === 'not' && parentRank > 3;
      return true;
    }
    return false;
  }

  protected unary(node: Unary): string {
    const atom = node.expr.kind !== 'binary' && node.expr.kind !== 'unary' && node.expr.kind !== 'between';
    const inner =
      atom && node.expr.kind !== 'in' && node.expr.kind !== 'inQuery'
        ? this.expr(node.expr)
        : `(${this.expr(node.expr)})`;
    switch (node.op) {
      case 'not':
        return `NOT ${inner}`;
      case 'neg':
        return node.expr.kind === 'literal' && typeof node.expr.value === 'number' && node.expr.value < 0
          ? `-(${inner})`
          : `-${inner}`;
      case 'is null':
        return `${inner} IS NULL`;
      case 'is not null':
        return `${inner} IS NOT NULL`;
    }
  }

  protected between(node: Between): string {
    const expr = this.parenthesizeCompound(node.expr);
    const low = this.parenthesizeCompound(node.low);
    const high = this.parenthesizeCompound(node.high);
    return `${expr} ${node.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${high}`;
  }

  protected inList(node: InList): string {
    // `x IN ()` is not SQL; an empty list is never matched, whatever x is.
    if (node.values.length === 0) return node.negated ? 'TRUE' : 'FALSE';
    const values = node.values.map((v) => this.expr(v)).join(', ');
    return `${this.parenthesizeCompound(node.expr)} ${node.negated ? 'NOT IN' : 'IN'} (${values})`;
  }

  protected inQuery(node: InQuery): string {
    return `${this.parenthesizeCompound(node.expr)} ${node.negated ? 'NOT IN' : 'IN'} (${this.select(node.query)})`;
  }

  protected parenthesizeCompound(node: Expr): string {
    const text = this.expr(node);
    return node.kind === 'binary' ||
      node.kind === 'unary' ||
      node.kind === 'between' ||
      node.kind === 'in' ||
      node.kind === 'inQuery'
      ? `(${text})`
      : text;
  }

  protected caseExpr(node: CaseExpr): string {
    const whens = node.whens.map((w) => `WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`);
    const otherwise = node.else === undefined ? [] : [`ELSE ${this.expr(node.else)}`];
    return ['CASE', ...whens, ...otherwise, 'END'].join(' ');
  }

  // ------------------------------------------------------------ calls, windows, arrays, subqueries

  protected call(node: Call): string {
    return this.functions[node.fn](node.args, this);
  }

  protected window(node: WindowCall): string {
    const parts: string[] = [];
    if (node.partitionBy.length > 0)
      parts.push(`PARTITION BY ${node.partitionBy.map((e) => this.expr(e)).join(', ')}`);
    if (node.orderBy.length > 0) parts.push(`ORDER BY ${this.orderItems(node.orderBy)}`);
    const frame = this.windowFrame(node);
    if (frame !== undefined) parts.push(frame);
    return `${this.call(node.call)} OVER (${parts.join(' ')})`;
  }

  /** An explicit frame where the dialect requires one; none elsewhere (the SQL default applies). */
  protected windowFrame(_node: WindowCall): string | undefined {
    return undefined;
  }

  /**
   * Dialects order NULLs differently by default. The IR's default is Spark's (NULLs sort as the
   * smallest value: first ascending, last descending), so Glue and the local engine agree; a
   * dialect spells NULLS FIRST/LAST only where its own default differs.
   */
  orderItems(items: readonly OrderItem[]): string {
    return items
      .map((o) => {
        const nulls = o.nulls ?? (o.direction === 'asc' ? 'first' : 'last');
        const suffix = nulls === this.defaultNulls(o.direction) ? '' : ` NULLS ${nulls.toUpperCase()}`;
        return `${this.expr(o.expr)} ${o.direction.toUpperCase()}${suffix}`;
      })
      .join(', ');
  }

  /** PostgreSQL and Redshift: NULLs sort as the largest value. */
  protected defaultNulls(direction: 'asc' | 'desc'): 'first' | 'last' {
    return direction === 'asc' ? 'last' : 'first';
  }

  protected array(node: ArrayExpr): string {
    if (node.items.length === 0) this.unsupported('an empty array literal (its element type is unknown)');
    return `ARRAY[${node.items.map((i) => this.expr(i)).join(', ')}]`;
  }

  protected subquery(node: Subquery): string {
    return `(${this.select(node.query)})`;
  }

  protected exists(node: Exists): string {
    return `${node.negated ? 'NOT EXISTS' : 'EXISTS'} (${this.select(node.query)})`;
  }

  protected raw(node: RawSql): string {
    let text = node.fragments[0] ?? '';
    node.args.forEach((arg, i) => {
      const rendered =
        arg.kind === 'table'
          ? [arg.schema, arg.name]
              .filter((part): part is string => part !== undefined)
              .map((part) => this.quoteIdent(part))
              .join('.')
          : this.expr(arg);
      text += rendered + (node.fragments[i + 1] ?? '');
    });
    return `(${text})`;
  }

  // ------------------------------------------------------------ helpers for function tables

  /** The argument at `index`, or a clear error naming the function. */
  arg(args: readonly Expr[], index: number, fn: FunctionName): Expr {
    const found = args[index];
    if (found === undefined) throw new Error(`${fn}() expects at least ${index + 1} argument(s)`);
    return found;
  }

  /** A string literal argument (formats, patterns), which some dialects must rewrite at compile time. */
  literalArg(args: readonly Expr[], index: number, fn: FunctionName): string {
    const found = this.arg(args, index, fn);
    if (found.kind !== 'literal' || typeof found.value !== 'string') {
      return this.unsupported(`${fn}() with a non-literal argument ${index + 1}`);
    }
    return found.value;
  }

  /** `name(arg1, arg2, ...)` */
  fn(name: string, args: readonly Expr[]): string {
    return `${name}(${args.map((a) => this.expr(a)).join(', ')})`;
  }
}
