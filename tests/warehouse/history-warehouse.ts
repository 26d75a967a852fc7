/**
 * The PostgreSQL rendering of a pipeline whose dimension keeps history, on PGlite: the setup files
 * as synthesized, then loads whose COPY statements are stood in for by INSERTs of a day's rows
 * (as in postgres-execution.test.ts), with a fixed load time. Reads the customer dimension back as
 * text, so tests compare versions as tables.
 */
import { PGlite } from '@electric-sql/pglite';
import {
  LOCAL_STAGE,
  artifactLayout as layout,
  type Pipeline,
  parseCopy,
  WAREHOUSE_SETUP_FILES,
} from '../../core/index.js';
import { initializedDataDir } from '../../local/engines/pglite-warehouse.js';
import { synthWarehouse, warehouseLoadStatements } from '../../warehouse/index.js';

export type Row = Record<string, string | number | boolean | null>;

/** What the processed layer holds on a day, by staging table (`customers`, `orders`, …). */
export interface Day {
  readonly customers: readonly Row[];
  readonly orders: readonly Row[];
  readonly [table: string]: readonly Row[];
}

/** A processed customer row, as a day's staging receives it. */
export const customer = (id: string, segment: string, city: string | null, updatedAt: string): Row => ({
  customer_id: id,
  segment,
  city,
  updated_at: updatedAt,
});
/** A processed order row of 10, placed at `at`. */
export const order = (id: string, customerId: string, at: string): Row => ({
  order_id: id,
  customer_id: customerId,
  amount: 10,
  ordered_at: at,
});

const TEXT = (column: string) => `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS') AS ${column}`;

export class HistoryWarehouse {
  private constructor(
    private readonly db: PGlite,
    private readonly pipeline: Pipeline,
    /** The customer dimension's schema. */
    private readonly schema: string,
  ) {}

  static async open(pipeline: Pipeline): Promise<HistoryWarehouse> {
    const schema = pipeline.warehouse!.dimensions.find((d) => d.name === 'dim_customers')?.schema;
    const db = new PGlite({ loadDataDir: await initializedDataDir() });
    const artifacts = synthWarehouse(pipeline, LOCAL_STAGE);
    for (const name of WAREHOUSE_SETUP_FILES) {
      const path = layout.standInWarehouseFile(name);
      await db.exec(artifacts.find((a) => a.path === path)!.content);
    }
    return new HistoryWarehouse(db, pipeline, schema ?? pipeline.warehouse!.schema);
  }

  /** The load in one transaction; `loadTime` fixed, or the transaction's own start when absent. */
  async load(day: Day, loadTime?: string): Promise<void> {
    const options = loadTime === undefined ? {} : { loadTime };
    const statements = warehouseLoadStatements(this.pipeline, LOCAL_STAGE, 'postgres', options);
    await this.db.transaction(async (tx) => {
      for (const statement of statements) {
        const copy = parseCopy(statement);
        if (copy === undefined) {
          await tx.exec(statement);
          continue;
        }
        const rows = day[copy.table.name] ?? [];
        const columns = copy.columns.map((c) => `"${c}"`).join(', ');
        const params = copy.columns.map((_, i) => `$${i + 1}`).join(', ');
        for (const row of rows) {
          await tx.query(
            `INSERT INTO "${copy.table.schema}"."${copy.table.name}" (${columns}) VALUES (${params})`,
            copy.columns.map((c) => row[c] ?? null),
          );
        }
      }
    });
  }

  /**
   * Every version, by key and start: the customer's attributes (as text) and the history's
   * columns as text, with `scd_id` when asked for.
   */
  async versions(
    attributes: readonly string[] = ['segment', 'city'],
    options: { readonly scdId?: boolean } = {},
  ): Promise<Row[]> {
    const values = attributes.map((a) => `"${a}"::text AS "${a}"`).join(', ');
    const deleted = (await this.hasColumn('is_deleted')) ? ', is_deleted' : '';
    const scdId = options.scdId === true ? ', scd_id' : '';
    const result = await this.db.query<Row>(
      `SELECT customer_id, ${values}, ${TEXT('valid_from')}, ${TEXT('valid_to')}, is_current${deleted}${scdId}
       FROM ${this.schema}.dim_customers ORDER BY customer_id, valid_from, valid_to NULLS LAST`,
    );
    return result.rows;
  }

  /** The surrogate keys and scd_ids of every version: what a rerun must leave alone. */
  async identities(): Promise<Row[]> {
    return (
      await this.db.query<Row>(
        `SELECT customer_key, scd_id FROM ${this.schema}.dim_customers ORDER BY customer_key`,
      )
    ).rows;
  }

  /** Rows of a query, for what the helpers above do not read (superuser: no row security). */
  async rows(query: string): Promise<Row[]> {
    return (await this.db.query<Row>(query)).rows;
  }

  /** Rows of a query run as a role (`SET ROLE`), whose grants and row policies then apply. */
  async rowsAs(role: string, query: string): Promise<Row[]> {
    return await this.db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL ROLE ${role}`);
      return (await tx.query<Row>(query)).rows;
    });
  }

  /** Each order and the version its customer key points at (`customer@valid_from`), NULL if none. */
  async orderVersions(): Promise<Record<string, string | null>> {
    const result = await this.db.query<{ order_id: string; version: string | null }>(
      `SELECT o.order_id, d.customer_id || '@' || to_char(d.valid_from, 'YYYY-MM-DD HH24:MI:SS') AS version
       FROM ${this.schema}.fct_orders o LEFT JOIN ${this.schema}.dim_customers d ON d.customer_key = o.customer_key
       ORDER BY o.order_id`,
    );
    return Object.fromEntries(result.rows.map((r) => [r.order_id, r.version]));
  }

  /**
   * Pairs of versions of one key whose validity overlaps, and keys with more than one current
   * version: both must always be none.
   */
  async overlaps(): Promise<number> {
    const far = "'infinity'::timestamp";
    const result = await this.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM ${this.schema}.dim_customers a JOIN ${this.schema}.dim_customers b
                 ON a.customer_id = b.customer_id AND a.scd_id < b.scd_id
                AND a.valid_from < coalesce(b.valid_to, ${far}) AND b.valid_from < coalesce(a.valid_to, ${far}))
            + (SELECT count(*) FROM (SELECT customer_id FROM ${this.schema}.dim_customers WHERE is_current
                                     GROUP BY customer_id HAVING count(*) > 1) AS twice) AS n`,
    );
    return Number(result.rows[0]!.n);
  }

  /** SQL run as written, outside any load: a test's own change to the warehouse. */
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  /**
   * Every row of every table of the star and of its staging, by table, as JSON text in order: what
   * a load that fails must leave exactly as it was.
   */
  async tables(): Promise<Record<string, string[]>> {
    const tables = await this.db.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables WHERE table_schema IN ('shop', 'shop_staging') ORDER BY 1`,
    );
    const contents: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const rows = await this.db.query<{ row: string }>(
        `SELECT to_jsonb(t)::text AS row FROM ${name} AS t ORDER BY 1`,
      );
      contents[name] = rows.rows.map((r) => r.row);
    }
    return contents;
  }

  private async hasColumn(name: string): Promise<boolean> {
    const result = await this.db.query(
      `SELECT 1 FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = 'dim_customers' AND column_name = $2`,
      [this.schema, name],
    );
    return result.rows.length > 0;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
