/**
 * The default compiler: queries and statements on top of the expression compiler. A dialect is a
 * small subclass that sets its tables and overrides the hooks where its SQL differs; a statement
 * it cannot express raises UnsupportedFeatureError from the hook, never something approximate.
 */
import type { DataType } from './data-type.js';
import { ExpressionCompiler } from './expression-compiler.js';
import { lowerQualify, lowerSemiAntiJoins } from './lowering.js';
import type {
  AssertEmpty,
  AttachMaskingPolicy,
  AttachRowPolicy,
  ColumnDef,
  Copy,
  CreateAssertionProcedure,
  CreateExtension,
  CreateExternalSchema,
  CreateMaskingPolicy,
  CreateRole,
  CreateRowPolicy,
  CreateSchema,
  CreateStatementRunner,
  CreateTable,
  CreateView,
  Delete,
  DisableRowSecurity,
  DropRowPolicy,
  DropStatementRunner,
  DropTable,
  DropView,
  EnableRowSecurity,
  Expr,
  FromItem,
  Grant,
  GrantToRowPolicy,
  Insert,
  Join,
  Merge,
  PolicyColumn,
  Privilege,
  Revoke,
  RunStatements,
  S3Import,
  Select,
  Statement,
  TableName,
  Transaction,
  Truncate,
  Update,
} from './nodes.js';

type StatementHandlers = {
  readonly [K in Statement['kind']]: (node: Extract<Statement, { kind: K }>) => string;
};

export abstract class SqlCompiler extends ExpressionCompiler {
  /** Dialects with QUALIFY keep it; the others get the subquery rewrite. */
  protected readonly supportsQualify: boolean = false;
  /** Dialects with SEMI/ANTI joins keep them; the others get `[NOT] EXISTS`. */
  protected readonly supportsSemiAntiJoins: boolean = false;

  private readonly statementHandlers: StatementHandlers = {
    select: (node) => this.select(node),
    createSchema: (node) => this.createSchema(node),
    createExternalSchema: (node) => this.createExternalSchema(node),
    createTable: (node) => this.createTable(node),
    dropTable: (node) => this.dropTable(node),
    truncate: (node) => this.truncate(node),
    createView: (node) => this.createView(node),
    dropView: (node) => this.dropView(node),
    insert: (node) => this.insert(node),
    delete: (node) => this.deleteFrom(node),
    update: (node) => this.update(node),
    merge: (node) => this.merge(node),
    copy: (node) => this.copy(node),
    createExtension: (node) => this.createExtension(node),
    s3Import: (node) => this.s3Import(node),
    transaction: (node) => this.transaction(node),
    createRole: (node) => this.createRole(node),
    grant: (node) => this.grant(node),
    revoke: (node) => this.revoke(node),
    createRowPolicy: (node) => this.createRowPolicy(node),
    attachRowPolicy: (node) => this.attachRowPolicy(node),
    grantToRowPolicy: (node) => this.grantToRowPolicy(node),
    dropRowPolicy: (node) => this.dropRowPolicy(node),
    enableRowSecurity: (node) => this.enableRowSecurity(node),
    disableRowSecurity: (node) => this.disableRowSecurity(node),
    createMaskingPolicy: (node) => this.createMaskingPolicy(node),
    attachMaskingPolicy: (node) => this.attachMaskingPolicy(node),
    createStatementRunner: (node) => this.createStatementRunner(node),
    runStatements: (node) => this.runStatements(node),
    dropStatementRunner: (node) => this.dropStatementRunner(node),
    assertEmpty: (node) => this.assertEmpty(node),
    createAssertionProcedure: (node) => this.createAssertionProcedure(node),
  };

  statement(node: Statement): string {
    const handler = this.statementHandlers[node.kind] as (n: Statement) => string;
    return handler(node);
  }

  /** Any IR node where SQL text is built around it (a template's hole): a statement, expression, table or type. */
  node(node: Statement | Expr | TableName | DataType): string {
    if (node.kind === 'table') return this.tableName(node);
    if (Object.hasOwn(this.statementHandlers, node.kind)) return this.statement(node as Statement);
    if (Object.hasOwn(this.types, node.kind)) return this.typeName(node as DataType);
    return this.expr(node as Expr);
  }

  tableName(table: TableName): string {
    const name = this.quoteIdent(table.name);
    return table.schema === undefined ? name : `${this.quoteIdent(table.schema)}.${name}`;
  }

  protected identList(names: readonly string[]): string {
    return names.map((n) => this.quoteIdent(n)).join(', ');
  }

  // ------------------------------------------------------------ queries

  select(node: Select): string {
    if ((node.unionAll?.length ?? 0) > 0) return this.union(node);
    let query = node;
    if (query.qualify !== undefined && !this.supportsQualify) query = lowerQualify(query, this.dialect);
    if (!this.supportsSemiAntiJoins) query = lowerSemiAntiJoins(query);
    const items = query.items
      .map((i) =>
        i.alias === undefined ? this.expr(i.expr) : `${this.expr(i.expr)} AS ${this.quoteIdent(i.alias)}`,
      )
      .join(', ');
    const parts = [`SELECT ${query.distinct === true ? 'DISTINCT ' : ''}${items}`];
    if (query.from !== undefined) parts.push(`FROM ${this.fromItem(query.from)}`);
    for (const join of query.joins ?? []) parts.push(this.join(join));
    if (query.where !== undefined) parts.push(`WHERE ${this.expr(query.where)}`);
    if (query.groupBy !== undefined && query.groupBy.length > 0) {
      parts.push(`GROUP BY ${query.groupBy.map((e) => this.expr(e)).join(', ')}`);
    }
    if (query.having !== undefined) parts.push(`HAVING ${this.expr(query.having)}`);
    if (query.qualify !== undefined) parts.push(`QUALIFY ${this.expr(query.qualify)}`);
    if (query.orderBy !== undefined && query.orderBy.length > 0)
      parts.push(`ORDER BY ${this.orderItems(query.orderBy)}`);
    if (query.limit !== undefined) parts.push(`LIMIT ${query.limit}`);
    return parts.join(' ');
  }

  /**
   * `head UNION ALL branch …`: each part compiled as a query of its own (so each is lowered on its
   * own), the head's ORDER BY and LIMIT after the last, where SQL applies them to the whole union.
   */
  protected union(node: Select): string {
    const { unionAll = [], orderBy, limit, ...head } = node;
    for (const branch of unionAll) {
      if (
        (branch.orderBy?.length ?? 0) > 0 ||
        branch.limit !== undefined ||
        (branch.unionAll?.length ?? 0) > 0
      )
        this.unsupported(
          'ORDER BY, LIMIT or UNION ALL inside a branch of UNION ALL (make the branch a subquery)',
        );
    }
    const parts = [this.select(head), ...unionAll.map((b) => this.select(b))];
    let text = parts.join(' UNION ALL ');
    if (orderBy !== undefined && orderBy.length > 0) text += ` ORDER BY ${this.orderItems(orderBy)}`;
    if (limit !== undefined) text += ` LIMIT ${limit}`;
    return text;
  }

  fromItem(item: FromItem): string {
    if (item.kind === 'fromTable') {
      const name = this.tableName(item.table);
      return item.alias === undefined ? name : `${name} AS ${this.quoteIdent(item.alias)}`;
    }
    return `(${this.select(item.query)}) AS ${this.quoteIdent(item.alias)}`;
  }

  protected join(join: Join): string {
    return `${this.joinKeyword(join.type)} ${this.fromItem(join.item)} ON ${this.expr(join.on)}`;
  }

  protected joinKeyword(type: Join['type']): string {
    switch (type) {
      case 'inner':
        return 'INNER JOIN';
      case 'left':
        return 'LEFT JOIN';
      case 'semi':
        return 'SEMI JOIN';
      case 'anti':
        return 'ANTI JOIN';
    }
  }

  // ------------------------------------------------------------ DDL

  protected createSchema(node: CreateSchema): string {
    return `CREATE SCHEMA ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.quoteIdent(node.name)}`;
  }

  protected createExternalSchema(_node: CreateExternalSchema): string {
    return this.unsupported('external schemas over the Glue Data Catalog');
  }

  protected createExtension(_node: CreateExtension): string {
    return this.unsupported('extensions');
  }

  protected s3Import(_node: S3Import): string {
    return this.unsupported("imports through RDS PostgreSQL's aws_s3 extension");
  }

  /** `CREATE TABLE`, or a dialect's variant for the node's physical hints. */
  protected createTableKeywords(_node: CreateTable): string {
    return 'CREATE TABLE';
  }

  protected createTable(node: CreateTable): string {
    const lines = node.columns.map((c) => this.columnDef(c));
    if (node.primaryKey !== undefined && node.primaryKey.length > 0) {
      lines.push(`PRIMARY KEY (${this.identList(node.primaryKey)})`);
    }
    for (const unique of node.unique ?? []) lines.push(`UNIQUE (${this.identList(unique)})`);
    for (const fk of node.foreignKeys ?? []) {
      lines.push(
        `FOREIGN KEY (${this.identList(fk.columns)}) REFERENCES ${this.tableName(fk.references)} (${this.identList(fk.referencedColumns)})`,
      );
    }
    const head = `${this.createTableKeywords(node)} ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.tableName(node.table)}`;
    const body = `${head} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n)`;
    return [body, ...this.tableAttributes(node)].join('\n');
  }

  protected columnDef(column: ColumnDef): string {
    const parts = [this.quoteIdent(column.name), this.typeName(column.type)];
    if (column.identity === true) parts.push(this.identityClause(column));
    if (column.default !== undefined) parts.push(`DEFAULT ${this.expr(column.default)}`);
    if (column.notNull) parts.push('NOT NULL');
    return parts.join(' ');
  }

  protected identityClause(_column: ColumnDef): string {
    return this.unsupported('identity (generated surrogate key) columns');
  }

  /** Physical layout after the column list (Redshift DISTKEY/SORTKEY); none by default. */
  protected tableAttributes(_node: CreateTable): string[] {
    return [];
  }

  protected dropTable(node: DropTable): string {
    return `DROP TABLE ${node.ifExists ? 'IF EXISTS ' : ''}${this.tableName(node.table)}`;
  }

  protected truncate(node: Truncate): string {
    return `TRUNCATE TABLE ${this.tableName(node.table)}`;
  }

  protected createView(node: CreateView): string {
    const options = node.securityBarrier === true ? ` ${this.securityBarrier()}` : '';
    return `CREATE ${node.orReplace ? 'OR REPLACE ' : ''}VIEW ${this.tableName(node.view)}${options} AS ${this.select(node.query)}`;
  }

  protected dropView(node: DropView): string {
    return `DROP VIEW ${node.ifExists ? 'IF EXISTS ' : ''}${this.tableName(node.view)}`;
  }

  protected securityBarrier(): string {
    return this.unsupported('security-barrier views');
  }

  // ------------------------------------------------------------ DML

  protected insert(node: Insert): string {
    return `INSERT INTO ${this.tableName(node.table)} (${this.identList(node.columns)}) ${this.select(node.query)}`;
  }

  protected deleteFrom(node: Delete): string {
    const where = node.where === undefined ? '' : ` WHERE ${this.expr(node.where)}`;
    return `DELETE FROM ${this.tableName(node.table)}${where}`;
  }

  protected update(node: Update): string {
    if (node.set.length === 0) throw new Error(`UPDATE of ${node.table.name} sets no column`);
    const sets = node.set.map((s) => `${this.quoteIdent(s.column)} = ${this.expr(s.value)}`);
    const parts = [`UPDATE ${this.tableName(node.table)} SET ${sets.join(', ')}`];
    if (node.from !== undefined && node.from.length > 0)
      parts.push(`FROM ${node.from.map((f) => this.fromItem(f)).join(', ')}`);
    if (node.where !== undefined) parts.push(`WHERE ${this.expr(node.where)}`);
    return parts.join(' ');
  }

  protected merge(node: Merge): string {
    if (node.whenMatchedUpdate === undefined && node.whenNotMatchedInsert === undefined) {
      throw new Error(
        `MERGE into ${node.target.name} has neither a WHEN MATCHED nor a WHEN NOT MATCHED clause`,
      );
    }
    const lines = [
      `MERGE INTO ${this.tableName(node.target)} AS ${this.quoteIdent(node.targetAlias)}`,
      `USING ${this.fromItem(node.source)}`,
      `ON ${this.expr(node.on)}`,
    ];
    if (node.whenMatchedUpdate !== undefined) {
      const sets = node.whenMatchedUpdate.map((s) => `${this.quoteIdent(s.column)} = ${this.expr(s.value)}`);
      const and = node.whenMatchedAnd === undefined ? '' : ` AND (${this.expr(node.whenMatchedAnd)})`;
      lines.push(`WHEN MATCHED${and} THEN UPDATE SET ${sets.join(', ')}`);
    }
    if (node.whenNotMatchedInsert !== undefined) {
      const { columns, values } = node.whenNotMatchedInsert;
      lines.push(
        `WHEN NOT MATCHED THEN INSERT (${this.identList(columns)}) VALUES (${values.map((v) => this.expr(v)).join(', ')})`,
      );
    }
    return lines.join(' ');
  }

  protected copy(_node: Copy): string {
    return this.unsupported('COPY from S3');
  }

  protected transaction(node: Transaction): string {
    return node.action.toUpperCase();
  }

  // ------------------------------------------------------------ access control

  protected createRole(_node: CreateRole): string {
    return this.unsupported('roles');
  }

  protected grant(node: Grant): string {
    const on =
      node.on.kind === 'schema'
        ? `SCHEMA ${this.quoteIdent(node.on.name)}`
        : `TABLE ${this.tableName(node.on.table)}`;
    const columns = node.on.kind === 'table' ? node.on.columns : undefined;
    const privileges = node.privileges.map((p) => this.privilege(p, columns)).join(', ');
    return `GRANT ${privileges} ON ${on} TO ${this.grantee(node.role)}`;
  }

  protected revoke(_node: Revoke): string {
    return this.unsupported('REVOKE');
  }

  protected privilege(privilege: Privilege, columns: readonly string[] | undefined): string {
    const name = privilege.toUpperCase();
    if (columns === undefined) return name;
    if (!this.columnPrivileges().includes(privilege)) {
      return this.unsupported(`column-level ${name} privileges`);
    }
    return `${name} (${this.identList(columns)})`;
  }

  /** Privileges a dialect can grant on a column list. */
  protected columnPrivileges(): readonly Privilege[] {
    return [];
  }

  protected grantee(role: string): string {
    return this.quoteIdent(role);
  }

  protected createRowPolicy(_node: CreateRowPolicy): string {
    return this.unsupported('row-level security policies');
  }

  protected attachRowPolicy(_node: AttachRowPolicy): string {
    return this.unsupported('row-level security policies');
  }

  protected grantToRowPolicy(_node: GrantToRowPolicy): string {
    return this.unsupported('grants to row-level security policies (Redshift lookup tables)');
  }

  protected dropRowPolicy(_node: DropRowPolicy): string {
    return this.unsupported('row-level security policies');
  }

  protected enableRowSecurity(_node: EnableRowSecurity): string {
    return this.unsupported('row-level security');
  }

  protected disableRowSecurity(_node: DisableRowSecurity): string {
    return this.unsupported('row-level security');
  }

  protected createMaskingPolicy(_node: CreateMaskingPolicy): string {
    return this.unsupported('masking policies');
  }

  protected attachMaskingPolicy(_node: AttachMaskingPolicy): string {
    return this.unsupported('masking policies');
  }

  protected createStatementRunner(_node: CreateStatementRunner): string {
    return this.unsupported('stored procedures');
  }

  protected runStatements(_node: RunStatements): string {
    return this.unsupported('stored procedures');
  }

  protected dropStatementRunner(_node: DropStatementRunner): string {
    return this.unsupported('stored procedures');
  }

  protected assertEmpty(_node: AssertEmpty): string {
    return this.unsupported('checks that fail a transaction (procedural code)');
  }

  protected createAssertionProcedure(_node: CreateAssertionProcedure): string {
    return this.unsupported('stored procedures');
  }

  protected policyColumns(columns: readonly PolicyColumn[]): string {
    return columns.map((c) => `${this.quoteIdent(c.name)} ${this.typeName(c.type)}`).join(', ');
  }
}
