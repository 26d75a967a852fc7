/**
 * E-commerce lakehouse: an online retailer's customers, products, resellers, orders and payments
 * land daily in `ingestion_date=YYYY-MM-DD/` folders (bronze). Silver jobs read only what is new
 * (a high-water mark per dataset in `ingestion_state.json`, advanced when the run succeeded), type,
 * de-duplicate and check it; the warehouse's `silver` schema keeps the SCD Type 2 history of
 * customers, products and resellers and the facts keyed to the version valid at the event time;
 * gold jobs rebuild the marts from silver on each run, served in the `gold` schema to engineers,
 * scientists and analysts with masking and row-level security by country.
 */
import {
  access,
  accessMapping,
  aggregate,
  branch,
  column as c,
  columnSpec,
  concat,
  crawler,
  deduplicate,
  definePipeline,
  derive,
  detectPii,
  dimension,
  dq,
  type Expr,
  fact,
  fk,
  governance,
  highWaterMark,
  job,
  lakeGrant,
  latestExtract,
  lookup,
  mart,
  measure,
  notifications,
  piiColumn,
  principal,
  processedDataset,
  quality,
  rawDataset,
  referenceCheck,
  role,
  rowFilter,
  scd2,
  schedule,
  sql,
  standardize,
  t,
  warehouse,
  warehouseLoad,
  wcol,
  windowColumn,
} from '../../core/index.js';
import { stages } from '../stages.js';

// ---------------------------------------------------------------- bronze: raw landing

const ingestionDate = { name: 'ingestion_date', type: t.date() };

export const customers = rawDataset({
  name: 'customers',
  prefix: 'customers/',
  format: 'csv',
  columns: [
    c('customer_id', t.string(16), { nullable: false }),
    c('first_name', t.string(64)),
    c('last_name', t.string(64)),
    c('email', t.string(256), { pii: 'EMAIL' }),
    c('phone', t.string(32), { pii: 'PHONE_NUMBER' }),
    c('country', t.string(2)),
    c('city', t.string(64)),
    c('segment', t.string(16)),
    c('signup_date', t.date()),
    c('updated_at', t.timestamp()),
  ],
  partitionedBy: [ingestionDate],
});

export const products = rawDataset({
  name: 'products',
  prefix: 'products/',
  format: 'csv',
  columns: [
    c('product_id', t.string(16), { nullable: false }),
    c('name', t.string(128)),
    c('category', t.string(32)),
    c('subcategory', t.string(32)),
    c('brand', t.string(64)),
    c('unit_cost', t.decimal(10, 2)),
    c('unit_price', t.decimal(10, 2)),
    c('updated_at', t.timestamp()),
  ],
  partitionedBy: [ingestionDate],
});

/** A full extract of the active resellers in every partition: a reseller missing from one was deleted. */
export const resellers = rawDataset({
  name: 'resellers',
  prefix: 'resellers/',
  format: 'json',
  columns: [
    c('reseller_id', t.string(16), { nullable: false }),
    c('name', t.string(128)),
    c('country', t.string(2)),
    c('tier', t.string(16)),
    c('commission_pct', t.decimal(5, 2)),
    c('updated_at', t.timestamp()),
  ],
  partitionedBy: [ingestionDate],
});

/** One row per order line. */
export const orders = rawDataset({
  name: 'orders',
  prefix: 'orders/',
  format: 'csv',
  columns: [
    c('order_id', t.string(24), { nullable: false }),
    c('line_no', t.int()),
    c('customer_id', t.string(16)),
    c('reseller_id', t.string(16)),
    c('order_ts', t.timestamp()),
    c('status', t.string(16)),
    c('currency', t.string(3)),
    c('product_id', t.string(16)),
    c('quantity', t.int()),
    c('unit_price', t.decimal(10, 2)),
    c('discount_pct', t.decimal(5, 2)),
  ],
  partitionedBy: [ingestionDate],
});

export const payments = rawDataset({
  name: 'payments',
  prefix: 'payments/',
  format: 'json',
  columns: [
    c('payment_id', t.string(24), { nullable: false }),
    c('order_id', t.string(24)),
    c('paid_ts', t.timestamp()),
    c('method', t.string(16)),
    c('amount', t.decimal(12, 2)),
    c('currency', t.string(3)),
    c('status', t.string(16)),
  ],
  partitionedBy: [ingestionDate],
});

// ---------------------------------------------------------------- silver: staging jobs

const DATE = 'yyyy-MM-dd';
const TIMESTAMP = 'yyyy-MM-dd HH:mm:ss';
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'INR'];
const ORDER_STATUSES = ['placed', 'shipped', 'delivered', 'cancelled', 'returned'];
const { col, lit } = sql;
const times = (a: Expr, b: Expr) => sql.binary('*', a, b);
const minus = (a: Expr, b: Expr) => sql.binary('-', a, b);
/** Revenue counts orders that were not cancelled or returned. */
const isSale = sql.inList(col('status'), [lit('placed'), lit('shipped'), lit('delivered')]);
/** The value on a sale; otherwise `otherwise` (NULL by default, which counts and sums skip). */
const whenSale = (value: Expr, otherwise?: Expr): Expr => sql.caseWhen([branch(isSale, value)], otherwise);
const zero = lit(0);

export const customersJob = job({
  name: 'customers',
  input: customers,
  // Changed customers arrive again with a later `updated_at`; a late row older than the mark is
  // already superseded, so it is counted apart and not read.
  incremental: highWaterMark({ column: 'updated_at' }),
  steps: [
    standardize([
      columnSpec('customer_id', { case: 'upper' }),
      columnSpec('first_name', { case: 'title' }),
      columnSpec('last_name', { case: 'title' }),
      columnSpec('email', { case: 'lower' }),
      // Digits and a leading +: the masks show the last four digits, not spaces.
      columnSpec('phone', { remove: '[^0-9+]' }),
      columnSpec('country', { case: 'upper' }),
      columnSpec('city', { case: 'title' }),
      columnSpec('segment', { case: 'lower' }),
      columnSpec('signup_date', { format: DATE }),
      columnSpec('updated_at', { format: TIMESTAMP }),
      columnSpec('ingestion_date'),
    ]),
    // Engineers read e-mail and phone in clear; every other reader gets them masked or not at all
    // (warehouse masks, Lake Formation column exclusions), which validation holds to.
    detectPii([piiColumn('email', { EMAIL: 'GOVERN' }), piiColumn('phone', { PHONE_NUMBER: 'GOVERN' })]),
    deduplicate({ keys: ['customer_id'], orderBy: 'updated_at' }),
    quality({
      ruleset: 'customers',
      rowRules: [
        dq.isComplete('customer_id'),
        dq.isComplete('updated_at'),
        dq.inSet('country', COUNTRIES),
        dq.inSet('segment', ['consumer', 'corporate', 'home_office']),
      ],
      datasetRules: [dq.isPrimaryKey('customer_id')],
    }),
  ],
  output: processedDataset({ name: 'customers' }),
});

export const productsJob = job({
  name: 'products',
  input: products,
  incremental: highWaterMark({ column: 'updated_at' }),
  steps: [
    standardize([
      columnSpec('product_id', { case: 'upper' }),
      columnSpec('name'),
      columnSpec('category', { case: 'lower' }),
      columnSpec('subcategory', { case: 'lower' }),
      columnSpec('brand'),
      columnSpec('unit_cost'),
      columnSpec('unit_price'),
      columnSpec('updated_at', { format: TIMESTAMP }),
      columnSpec('ingestion_date'),
    ]),
    deduplicate({ keys: ['product_id'], orderBy: 'updated_at' }),
    quality({
      ruleset: 'products',
      rowRules: [
        dq.isComplete('product_id'),
        dq.inSet('category', ['electronics', 'home', 'fashion', 'sports', 'books']),
        dq.columnValues('unit_cost', dq.compare('>=', 0)),
        dq.columnValues('unit_price', dq.compare('>=', 0)),
      ],
      datasetRules: [dq.isPrimaryKey('product_id')],
    }),
  ],
  output: processedDataset({ name: 'products' }),
});

export const resellersJob = job({
  name: 'resellers',
  input: resellers,
  // Each partition is the whole list: the newest one replaces the output, and a reseller no longer
  // in it is a hard delete for the dimension.
  incremental: latestExtract(),
  steps: [
    standardize([
      columnSpec('reseller_id', { case: 'upper' }),
      columnSpec('name'),
      columnSpec('country', { case: 'upper' }),
      columnSpec('tier', { case: 'lower' }),
      columnSpec('commission_pct'),
      columnSpec('updated_at', { format: TIMESTAMP }),
      columnSpec('ingestion_date'),
    ]),
    deduplicate({ keys: ['reseller_id'], orderBy: 'updated_at' }),
    quality({
      ruleset: 'resellers',
      rowRules: [
        dq.isComplete('reseller_id'),
        dq.inSet('tier', ['bronze', 'silver', 'gold']),
        dq.inRange('commission_pct', 0, 100),
      ],
      datasetRules: [dq.isPrimaryKey('reseller_id'), dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'resellers' }),
});

/** The customer's country, from the latest version of the customer silver holds. */
const countryOfCustomer = lookup({
  from: customersJob.output,
  on: { column: 'customer_id', key: 'customer_id' },
  columns: ['country'],
  latestBy: 'updated_at',
});

export const ordersJob = job({
  name: 'orders',
  input: orders,
  // New partitions only, no mark column: a late order carries an old order_ts in a new partition.
  incremental: highWaterMark(),
  steps: [
    standardize([
      columnSpec('order_id', { case: 'upper' }),
      columnSpec('line_no'),
      columnSpec('customer_id', { case: 'upper' }),
      columnSpec('reseller_id', { case: 'upper' }),
      columnSpec('order_ts', { format: TIMESTAMP }),
      columnSpec('status', { case: 'lower' }),
      columnSpec('currency', { case: 'upper' }),
      columnSpec('product_id', { case: 'upper' }),
      columnSpec('quantity'),
      columnSpec('unit_price'),
      columnSpec('discount_pct'),
      columnSpec('ingestion_date'),
    ]),
    concat({ columns: ['order_id', 'line_no'], as: 'order_line_id', separator: '-' }),
    derive({ as: 'gross_amount', type: t.decimal(12, 2), expr: times(col('quantity'), col('unit_price')) }),
    derive({
      as: 'discount_amount',
      type: t.decimal(12, 2),
      expr: sql.binary('/', times(col('gross_amount'), col('discount_pct')), lit(100)),
    }),
    derive({
      as: 'net_amount',
      type: t.decimal(12, 2),
      expr: minus(col('gross_amount'), col('discount_amount')),
    }),
    derive({ as: 'order_date', type: t.date(), expr: sql.cast(col('order_ts'), t.date()) }),
    deduplicate({ keys: ['order_line_id'], orderBy: 'order_ts' }),
    referenceCheck({ column: 'customer_id', references: customers, key: 'customer_id' }),
    referenceCheck({ column: 'product_id', references: products, key: 'product_id' }),
    referenceCheck({ column: 'reseller_id', references: resellers, key: 'reseller_id' }),
    countryOfCustomer,
    quality({
      ruleset: 'orders',
      rowRules: [
        dq.isComplete('order_ts'),
        dq.isComplete('customer_id'),
        dq.inSet('status', ORDER_STATUSES),
        dq.inSet('currency', CURRENCIES),
        dq.inRange('quantity', 1, 1000),
        dq.columnValues('net_amount', dq.compare('>=', 0)),
      ],
      datasetRules: [
        dq.isPrimaryKey('order_line_id'),
        dq.rowCount('>', 0),
        // Every line's customer and product is one the dimensions know (resellers are optional).
        dq.referentialIntegrity('customer_id', customersJob.output, 'customer_id'),
        dq.referentialIntegrity('product_id', productsJob.output, 'product_id'),
      ],
    }),
  ],
  output: processedDataset({ name: 'orders' }),
});

export const paymentsJob = job({
  name: 'payments',
  input: payments,
  incremental: highWaterMark(),
  steps: [
    standardize([
      columnSpec('payment_id', { case: 'upper' }),
      columnSpec('order_id', { case: 'upper' }),
      columnSpec('paid_ts', { format: TIMESTAMP }),
      columnSpec('method', { case: 'lower' }),
      columnSpec('amount'),
      columnSpec('currency', { case: 'upper' }),
      columnSpec('status', { case: 'lower' }),
      columnSpec('ingestion_date'),
    ]),
    deduplicate({ keys: ['payment_id'], orderBy: 'paid_ts' }),
    referenceCheck({ column: 'order_id', references: orders, key: 'order_id' }),
    lookup({
      from: ordersJob.output,
      on: { column: 'order_id', key: 'order_id' },
      columns: ['customer_id', 'country'],
      latestBy: 'ingestion_date',
    }),
    quality({
      ruleset: 'payments',
      rowRules: [
        dq.isComplete('paid_ts'),
        dq.inSet('method', ['card', 'paypal', 'bank_transfer', 'gift_card']),
        dq.inSet('status', ['captured', 'refunded', 'failed']),
        dq.inSet('currency', CURRENCIES),
        dq.columnValues('amount', dq.compare('>=', 0)),
      ],
      datasetRules: [
        dq.isPrimaryKey('payment_id'),
        dq.referentialIntegrity('order_id', ordersJob.output, 'order_id'),
      ],
    }),
  ],
  output: processedDataset({ name: 'payments' }),
});

// ---------------------------------------------------------------- gold: rebuilt from silver each run

/** The order lines of every run so far, each once (a line re-sent later replaces the earlier one). */
const everyOrderLine = deduplicate({ keys: ['order_line_id'], orderBy: 'ingestion_date' });
const categoryOf = (extra: readonly string[] = []) =>
  lookup({
    from: productsJob.output,
    on: { column: 'product_id', key: 'product_id' },
    columns: ['category', ...extra],
    latestBy: 'updated_at',
  });
const money = t.decimal(14, 2);

/** A periodic snapshot: per customer, as of the latest ingested day, orders to date and lifetime value. */
export const customerSnapshotJob = job({
  name: 'customer-snapshot',
  // Rebuilt from all of silver on every run.
  bookmark: false,
  input: ordersJob.output,
  steps: [
    everyOrderLine,
    windowColumn({ as: 'snapshot_date', fn: 'max', column: 'ingestion_date' }),
    // The customer version a snapshot row refers to: the one valid at the latest order it counts.
    windowColumn({ as: 'snapshot_at', fn: 'max', column: 'order_ts' }),
    derive({ as: 'sale_amount', type: money, expr: whenSale(col('net_amount'), zero) }),
    aggregate({
      groupBy: ['customer_id', 'snapshot_date', 'snapshot_at'],
      measures: [
        measure('orders_to_date', 'count_distinct', 'order_id'),
        measure('lifetime_value', 'sum', 'sale_amount', money),
        measure('last_order_date', 'max', 'order_date'),
      ],
    }),
    concat({ columns: ['customer_id', 'snapshot_date'], as: 'snapshot_id', separator: '/' }),
    quality({
      ruleset: 'customer_snapshot',
      rowRules: [dq.isComplete('customer_id')],
      datasetRules: [
        dq.isPrimaryKey('snapshot_id'),
        dq.referentialIntegrity('customer_id', customersJob.output, 'customer_id'),
      ],
    }),
  ],
  output: processedDataset({ name: 'customer_snapshot' }),
});

export const dailySalesJob = job({
  name: 'daily-sales',
  // Rebuilt from all of silver on every run.
  bookmark: false,
  input: ordersJob.output,
  steps: [
    everyOrderLine,
    categoryOf(),
    derive({ as: 'sale_order_id', type: t.string(24), expr: whenSale(col('order_id')) }),
    derive({ as: 'sale_units', type: t.int(), expr: whenSale(col('quantity'), zero) }),
    derive({ as: 'sale_amount', type: money, expr: whenSale(col('net_amount'), zero) }),
    aggregate({
      groupBy: ['order_date', 'country', 'category'],
      measures: [
        measure('orders', 'count_distinct', 'sale_order_id'),
        measure('units', 'sum', 'sale_units'),
        measure('net_revenue', 'sum', 'sale_amount', money),
      ],
    }),
    derive({
      as: 'avg_order_value',
      type: money,
      expr: sql.binary('/', col('net_revenue'), sql.call('nullif', col('orders'), lit(0))),
    }),
    quality({
      ruleset: 'daily_sales',
      rowRules: [dq.isComplete('order_date'), dq.isComplete('country'), dq.isComplete('category')],
      datasetRules: [dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'daily_sales' }),
});

const score = (as: string, column: string, desc = false) =>
  windowColumn({ as, fn: 'ntile', buckets: 5, orderBy: [{ column, desc }], type: t.int() });
const scores = (r: number, f: number, m: number): Expr =>
  sql.and(
    sql.binary('>=', col('r_score'), lit(r)),
    sql.binary('>=', col('f_score'), lit(f)),
    sql.binary('>=', col('m_score'), lit(m)),
  );

/** Recency, frequency and monetary value per customer with an order, scored in quintiles. */
export const rfmJob = job({
  name: 'rfm',
  // Rebuilt from all of silver on every run.
  bookmark: false,
  input: customerSnapshotJob.output,
  steps: [
    derive({
      as: 'recency_days',
      type: t.int(),
      expr: sql.call('days_between', col('last_order_date'), col('snapshot_date')),
    }),
    quality({
      ruleset: 'rfm',
      rowRules: [dq.isComplete('customer_id'), dq.columnValues('recency_days', dq.compare('>=', 0))],
      datasetRules: [dq.rowCount('>', 0), dq.isPrimaryKey('customer_id')],
    }),
    score('r_score', 'recency_days', true),
    score('f_score', 'orders_to_date'),
    score('m_score', 'lifetime_value'),
    derive({
      as: 'rfm_segment',
      type: t.string(16),
      expr: sql.caseWhen(
        [
          branch(scores(4, 4, 4), lit('champions')),
          branch(scores(3, 3, 1), lit('loyal')),
          branch(sql.binary('>=', col('r_score'), lit(4)), lit('recent')),
          branch(scores(1, 3, 3), lit('at_risk')),
        ],
        lit('hibernating'),
      ),
    }),
    countryOfCustomer,
  ],
  output: processedDataset({ name: 'rfm' }),
});

export const productPerformanceJob = job({
  name: 'product-performance',
  // Rebuilt from all of silver on every run.
  bookmark: false,
  input: ordersJob.output,
  steps: [
    everyOrderLine,
    categoryOf(['unit_cost']),
    derive({
      as: 'order_month',
      type: t.string(7),
      expr: sql.call('left', sql.cast(col('order_date'), t.string()), lit(7)),
    }),
    derive({ as: 'sale_units', type: t.int(), expr: whenSale(col('quantity'), zero) }),
    derive({ as: 'sale_amount', type: money, expr: whenSale(col('net_amount'), zero) }),
    derive({ as: 'sale_cost', type: money, expr: whenSale(times(col('quantity'), col('unit_cost')), zero) }),
    aggregate({
      groupBy: ['product_id', 'category', 'order_month'],
      measures: [
        measure('units', 'sum', 'sale_units'),
        measure('revenue', 'sum', 'sale_amount', money),
        measure('cost', 'sum', 'sale_cost', money),
      ],
    }),
    derive({ as: 'margin', type: money, expr: minus(col('revenue'), col('cost')) }),
    windowColumn({
      as: 'rank_in_category',
      fn: 'rank',
      partitionBy: ['category', 'order_month'],
      orderBy: [{ column: 'revenue', desc: true }],
      type: t.int(),
    }),
    quality({
      ruleset: 'product_performance',
      rowRules: [dq.isComplete('category')],
      datasetRules: [dq.rowCount('>', 0)],
    }),
  ],
  output: processedDataset({ name: 'product_performance' }),
});

// ---------------------------------------------------------------- warehouse: silver and gold

const SILVER = 'silver';
const GOLD = 'gold';
const customerColumns = [
  wcol('first_name', t.string(64)),
  wcol('last_name', t.string(64)),
  wcol('email', t.string(256)),
  wcol('phone', t.string(32)),
  wcol('country', t.string(2)),
  wcol('city', t.string(64)),
  wcol('segment', t.string(16)),
  wcol('signup_date', t.date()),
  wcol('updated_at', t.timestamp()),
];

const dimCustomers = dimension({
  name: 'dim_customers',
  schema: SILVER,
  source: customersJob.output,
  naturalKey: wcol('customer_id', t.string(16)),
  surrogateKey: 'customer_key',
  columns: customerColumns,
  history: scd2({ strategy: 'timestamp', updatedAt: 'updated_at' }),
});

const dimProducts = dimension({
  name: 'dim_products',
  schema: SILVER,
  source: productsJob.output,
  naturalKey: wcol('product_id', t.string(16)),
  surrogateKey: 'product_key',
  columns: [
    wcol('name', t.string(128)),
    wcol('category', t.string(32)),
    wcol('subcategory', t.string(32)),
    wcol('brand', t.string(64)),
    wcol('unit_cost', t.decimal(10, 2)),
    wcol('unit_price', t.decimal(10, 2)),
  ],
  // A re-pricing is a new version, from the time it was made; a row re-sent unchanged, or with
  // only its name or brand corrected, is not.
  history: scd2({
    strategy: 'check',
    columns: ['category', 'subcategory', 'unit_cost', 'unit_price'],
    updatedAt: 'updated_at',
  }),
});

const dimResellers = dimension({
  name: 'dim_resellers',
  schema: SILVER,
  source: resellersJob.output,
  naturalKey: wcol('reseller_id', t.string(16)),
  surrogateKey: 'reseller_key',
  columns: [
    wcol('name', t.string(128)),
    wcol('country', t.string(2)),
    wcol('tier', t.string(16)),
    wcol('commission_pct', t.decimal(5, 2)),
    wcol('updated_at', t.timestamp()),
  ],
  history: scd2({ strategy: 'timestamp', updatedAt: 'updated_at' }, { hardDeletes: 'invalidate' }),
});

const factOrders = fact({
  name: 'fact_orders',
  schema: SILVER,
  source: ordersJob.output,
  key: wcol('order_line_id', t.string(32)),
  foreignKeys: [
    fk('dim_customers', 'customer_id', 'customer_key', { at: 'order_ts' }),
    fk('dim_products', 'product_id', 'product_key', { at: 'order_ts' }),
    fk('dim_resellers', 'reseller_id', 'reseller_key', { at: 'order_ts' }),
  ],
  measures: [
    wcol('quantity', t.int()),
    wcol('gross_amount', t.decimal(12, 2)),
    wcol('discount_amount', t.decimal(12, 2)),
    wcol('net_amount', t.decimal(12, 2)),
  ],
  attributes: [
    wcol('order_id', t.string(24)),
    wcol('line_no', t.int()),
    wcol('order_ts', t.timestamp()),
    wcol('order_date', t.date()),
    wcol('status', t.string(16)),
    wcol('currency', t.string(3)),
    wcol('country', t.string(2)),
  ],
  latestBy: 'ingestion_date',
  distKey: 'customer_key',
  sortKey: ['order_date'],
});

const factPayments = fact({
  name: 'fact_payments',
  schema: SILVER,
  source: paymentsJob.output,
  key: wcol('payment_id', t.string(24)),
  foreignKeys: [fk('dim_customers', 'customer_id', 'customer_key', { at: 'paid_ts' })],
  measures: [wcol('amount', t.decimal(12, 2))],
  attributes: [
    wcol('order_id', t.string(24)),
    wcol('paid_ts', t.timestamp()),
    wcol('method', t.string(16)),
    wcol('currency', t.string(3)),
    wcol('status', t.string(16)),
    wcol('country', t.string(2)),
  ],
  latestBy: 'ingestion_date',
  sortKey: ['paid_ts'],
});

const factCustomers = fact({
  name: 'fact_customers',
  schema: SILVER,
  source: customerSnapshotJob.output,
  key: wcol('snapshot_id', t.string(32)),
  foreignKeys: [fk('dim_customers', 'customer_id', 'customer_key', { at: 'snapshot_at' })],
  measures: [wcol('orders_to_date', t.bigint()), wcol('lifetime_value', money)],
  attributes: [wcol('snapshot_date', t.date()), wcol('last_order_date', t.date())],
  sortKey: ['snapshot_date'],
});

const martDailySales = mart({
  name: 'mart_daily_sales',
  schema: GOLD,
  source: dailySalesJob.output,
  key: ['order_date', 'country', 'category'],
  columns: [
    wcol('order_date', t.date()),
    wcol('country', t.string(2)),
    wcol('category', t.string(32)),
    wcol('orders', t.bigint()),
    wcol('units', t.bigint()),
    wcol('net_revenue', money),
    wcol('avg_order_value', money),
  ],
  sortKey: ['order_date'],
});

const martRfm = mart({
  name: 'mart_rfm',
  schema: GOLD,
  source: rfmJob.output,
  key: ['customer_id'],
  columns: [
    wcol('customer_id', t.string(16)),
    wcol('country', t.string(2)),
    wcol('snapshot_date', t.date()),
    wcol('recency_days', t.int()),
    wcol('frequency', t.bigint(), 'orders_to_date'),
    wcol('monetary', money, 'lifetime_value'),
    wcol('r_score', t.int()),
    wcol('f_score', t.int()),
    wcol('m_score', t.int()),
    wcol('rfm_segment', t.string(16)),
  ],
});

const martProductPerformance = mart({
  name: 'mart_product_performance',
  schema: GOLD,
  source: productPerformanceJob.output,
  key: ['product_id', 'order_month'],
  columns: [
    wcol('product_id', t.string(16)),
    wcol('category', t.string(32)),
    wcol('order_month', t.string(7)),
    wcol('units', t.bigint()),
    wcol('revenue', money),
    wcol('cost', money),
    wcol('margin', money),
    wcol('rank_in_category', t.int()),
  ],
});

// ---------------------------------------------------------------- governance

/** Which countries each analyst (a role or a user) may see: rows of a table, not DDL. */
const countryAccess = accessMapping({
  name: 'analyst_country_access',
  column: 'country',
  type: t.string(2),
  rows: [
    { principal: 'data_analyst', value: 'US' },
    { principal: 'data_analyst', value: 'GB' },
  ],
});
const byCountry = rowFilter('country', countryAccess);
const MASKED = { email: 'email', phone: 'partial' } as const;
const SILVER_TABLES = [
  'dim_customers',
  'dim_products',
  'dim_resellers',
  'fact_orders',
  'fact_payments',
  'fact_customers',
];
const GOLD_TABLES = ['mart_daily_sales', 'mart_rfm', 'mart_product_performance'];

const PII_COLUMNS = ['first_name', 'last_name', 'email', 'phone'];
/** The IAM roles of the three audiences, named as their warehouse roles and the mapping's principals. */
const lake = {
  engineer: principal('data_engineer'),
  scientist: principal('data_scientist'),
  analyst: principal('data_analyst'),
};
const silverDatasets = [
  customersJob,
  productsJob,
  resellersJob,
  ordersJob,
  paymentsJob,
  customerSnapshotJob,
].map((j) => j.output);
const goldDatasets = [dailySalesJob, rfmJob, productPerformanceJob].map((j) => j.output);

// ---------------------------------------------------------------- pipeline

export default definePipeline({
  name: 'ecommerce-lakehouse',
  description: 'Orders, payments, customers, products and resellers through bronze, silver and gold.',
  datasets: [customers, products, resellers, orders, payments],
  tasks: [
    crawler({ name: 'bronze', layer: 'raw', datasets: [customers, products, resellers, orders, payments] }),
    customersJob,
    productsJob,
    resellersJob,
    ordersJob,
    paymentsJob,
    customerSnapshotJob,
    dailySalesJob,
    rfmJob,
    productPerformanceJob,
    crawler({ name: 'silver-gold', layer: 'processed', datasets: [...silverDatasets, ...goldDatasets] }),
    warehouseLoad(),
  ],
  warehouse: warehouse({
    schema: SILVER,
    dimensions: [dimCustomers, dimProducts, dimResellers],
    facts: [factOrders, factPayments, factCustomers],
    marts: [martDailySales, martRfm, martProductPerformance],
    accessMappings: [countryAccess],
    roles: [
      role({
        name: 'data_engineer',
        mode: 'read-write',
        tables: [...SILVER_TABLES, ...GOLD_TABLES].map((name) => access(name)),
      }),
      role({
        name: 'data_scientist',
        mode: 'read-only',
        tables: [...SILVER_TABLES, ...GOLD_TABLES].map((name) =>
          name === 'dim_customers' ? access(name, { masks: MASKED }) : access(name),
        ),
      }),
      role({
        name: 'data_analyst',
        mode: 'read-only',
        tables: [
          access('dim_customers', { masks: MASKED, rowFilter: byCountry }),
          access('dim_products'),
          access('dim_resellers', { rowFilter: byCountry }),
          access('mart_daily_sales', { rowFilter: byCountry }),
          access('mart_rfm', { rowFilter: byCountry }),
          access('mart_product_performance'),
        ],
      }),
    ],
  }),
  governance: governance({
    admins: [principal('lakeline-data-admin')],
    grants: [
      ...[...silverDatasets, ...goldDatasets].map((dataset) =>
        lakeGrant({ principal: lake.engineer, dataset, permissions: ['SELECT', 'DESCRIBE'], clearPii: true }),
      ),
      ...[...silverDatasets, ...goldDatasets].map((dataset) =>
        lakeGrant({
          principal: lake.scientist,
          dataset,
          permissions: ['SELECT', 'DESCRIBE'],
          ...(dataset === customersJob.output ? { excludeColumns: PII_COLUMNS } : {}),
        }),
      ),
      lakeGrant({
        principal: lake.analyst,
        dataset: customersJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
        excludeColumns: PII_COLUMNS,
        rowFilter: byCountry,
      }),
      lakeGrant({
        principal: lake.analyst,
        dataset: productsJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
      }),
      lakeGrant({
        principal: lake.analyst,
        dataset: resellersJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
        rowFilter: byCountry,
      }),
      ...[dailySalesJob, rfmJob].map((j) =>
        lakeGrant({
          principal: lake.analyst,
          dataset: j.output,
          permissions: ['SELECT', 'DESCRIBE'],
          rowFilter: byCountry,
        }),
      ),
      lakeGrant({
        principal: lake.analyst,
        dataset: productPerformanceJob.output,
        permissions: ['SELECT', 'DESCRIBE'],
      }),
    ],
  }),
  notifications: notifications({ topic: 'notifications' }),
  schedule: schedule('cron(0 4 * * ? *)'),
  stages,
});
