/**
 * Tables and rules on which lakeline's DQDL evaluator is held against deequ's
 * (dqdl-evaluator.test.ts): each supported rule type with its operators, NULLs, duplicates, where
 * clauses, thresholds and composites.
 */
import type { TableSpec } from '../quality-rules/evaluate/harness.js';

export interface EvaluatorCase {
  readonly name: string;
  readonly table: TableSpec;
  readonly rules: readonly string[];
  /** The additional data sources, by alias (ReferentialIntegrity's reference datasets). */
  readonly references?: Readonly<Record<string, TableSpec>>;
}

const str = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const dbl = { kind: 'double' } as const;
const date = { kind: 'date' } as const;

/** Orders: a duplicate id, NULLs in each column, values out of range, odd strings. */
const orders: TableSpec = {
  columns: { id: int, name: str, amount: dbl, status: str, placed: date, code: str },
  rows: [
    [1, 'Ada', 10.5, 'open', '2024-01-01', 'AB-1'],
    [2, 'Bo', 20, 'closed', '2024-02-15', 'AB-2'],
    [3, null, 35.25, 'open', '2024-03-31', 'XY-3'],
    [4, 'Cy', null, 'void', '2024-04-01', 'ab-4'],
    [5, 'Di', -5, null, null, 'AB-55'],
    [5, 'Ed', 120, 'open', '2025-12-31', ''],
    [7, '', 0, 'closed', '2024-06-30', null],
    [8, '  ', 99.99, 'open', '2024-07-04', 'ZZ-8'],
  ],
};

/** Line items of orders 1–5 and 9: one unknown order, one with no order, a pair matching only apart. */
const items: TableSpec = {
  columns: { item: int, order_id: int, name: str },
  rows: [
    [1, 1, 'Ada'],
    [2, 1, 'Ada'],
    [3, 2, 'Bo'],
    [4, 5, 'Ed'],
    [5, 9, 'Zoe'],
    [6, null, 'Cy'],
    [7, 2, 'Ada'],
    [8, 7, null],
  ],
};

/** Orders as a reference: order 5 twice, a row with no id. */
const orderKeys: TableSpec = {
  columns: { id: int, ref_name: str },
  rows: [
    [1, 'Ada'],
    [2, 'Bo'],
    [5, 'Di'],
    [5, 'Ed'],
    [7, null],
    [null, 'Cy'],
  ],
};

export const EVALUATOR_CASES: readonly EvaluatorCase[] = [
  {
    name: 'completeness and uniqueness',
    table: orders,
    rules: [
      'IsComplete "id"',
      'IsComplete "name"',
      'Completeness "amount" > 0.8',
      'Completeness "status" >= 0.5',
      'IsUnique "name"',
      'IsUnique "id"',
      'Uniqueness "id" > 0.9',
      'IsPrimaryKey "id"',
      'IsPrimaryKey "code"',
      'UniqueValueRatio "status" < 0.5',
      'DistinctValuesCount "status" = 3',
    ],
  },
  {
    name: 'ColumnValues on numbers',
    table: orders,
    rules: [
      'ColumnValues "amount" > 0',
      'ColumnValues "amount" >= 0',
      'ColumnValues "amount" between 0 and 100',
      'ColumnValues "amount" not between 0 and 100',
      'ColumnValues "amount" <= 120',
      'ColumnValues "amount" = 20',
      'ColumnValues "amount" != 20',
      'ColumnValues "id" in [1, 2, 3, 4, 5]',
      'ColumnValues "id" not in [1, 2]',
      'ColumnValues "amount" > 0 with threshold > 0.5',
      '(ColumnValues "amount" >= 0) and (ColumnValues "amount" <= 100)',
    ],
  },
  {
    name: 'ColumnValues on strings and dates',
    table: orders,
    rules: [
      'ColumnValues "status" in ["open", "closed"]',
      'ColumnValues "status" in ["open", "closed", NULL]',
      'ColumnValues "status" not in ["void"]',
      'ColumnValues "status" = "open"',
      'ColumnValues "status" != "open"',
      'ColumnValues "code" matches "[A-Z]{2}-[0-9]+"',
      'ColumnValues "code" matches "[A-Z]{2}-[0-9]+" with threshold >= 0.5',
      'ColumnValues "placed" > "2024-01-15"',
      'ColumnValues "placed" between "2024-01-01" and "2024-12-31"',
      'ColumnValues "name" in ["Ada", "Bo", EMPTY, WHITESPACES_ONLY]',
    ],
  },
  {
    name: 'dataset statistics',
    table: orders,
    rules: [
      'RowCount = 8',
      'RowCount between 1 and 5',
      'ColumnCount = 6',
      'Mean "amount" between 30 and 50',
      'Sum "amount" > 300',
      'StandardDeviation "amount" < 40',
      'Entropy "status" > 1',
      'ColumnLength "code" <= 4',
      'ColumnLength "name" between 1 and 3',
      'ColumnExists "amount"',
      'ColumnExists "missing"',
      'ColumnCorrelation "id" "amount" > 0.5',
    ],
  },
  {
    name: 'where clauses and composites',
    table: orders,
    rules: [
      'IsComplete "name" where "status = \'open\'"',
      'ColumnValues "amount" > 0 where "status = \'closed\'"',
      'RowCount > 3 where "amount > 10"',
      '(IsComplete "name") or (ColumnValues "amount" > 30)',
      '(IsComplete "status") and (ColumnValues "id" > 2)',
      'CustomSql "select count(*) from primary where amount < 0" = 1',
    ],
  },
  {
    name: 'rule types beyond the open-source evaluator',
    table: orders,
    rules: [
      'DataFreshness "placed" <= 10000 days',
      'ColumnDataType "code" = "STRING"',
      'ColumnNamesMatchPattern "[a-z]+"',
      'CustomSql "select id from primary where amount > 0"',
      'DetectAnomalies "RowCount"',
    ],
  },
  {
    name: 'ReferentialIntegrity against an additional data source',
    table: items,
    references: { orders: orderKeys },
    rules: [
      'ReferentialIntegrity "order_id" "orders.id" = 1',
      'ReferentialIntegrity "order_id" "orders.id" >= 0.75',
      'ReferentialIntegrity "order_id,name" "orders.{id,ref_name}" between 0.4 and 0.6',
      '(RowCount = 8) and (ReferentialIntegrity "order_id" "orders.{id}" > 0.7)',
    ],
  },
  {
    name: 'ReferentialIntegrity on an empty dataset',
    table: { ...items, rows: [] },
    references: { orders: orderKeys },
    rules: ['ReferentialIntegrity "order_id" "orders.id" = 1'],
  },
];
