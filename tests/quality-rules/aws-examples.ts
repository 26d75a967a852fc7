/** Rules from AWS's DQDL reference and rule-type pages, with the AST each one means. */
import { type DqRuleExpr, dq } from '../../core/index.js';
import {
  and,
  arith,
  bareCol,
  between,
  call,
  cmp,
  col,
  dur,
  EMPTY,
  inList,
  matches,
  NULL,
  now,
  num,
  or,
  rule,
  size,
  text,
  WHITESPACES_ONLY,
} from './builders.js';

export const AWS_RULE_EXAMPLES: readonly (readonly [string, DqRuleExpr])[] = [
  // IsComplete / IsPrimaryKey / IsUnique
  ['IsComplete "email"', dq.isComplete('email')],
  [
    'IsComplete "Email" where "Customer_ID between 1 and 50"',
    rule('IsComplete', [col('Email')], { where: 'Customer_ID between 1 and 50' }),
  ],
  ['IsPrimaryKey "colA" "colB" "colC"', rule('IsPrimaryKey', [col('colA'), col('colB'), col('colC')])],
  ['IsPrimaryKey colA "colB" "colC"', rule('IsPrimaryKey', [bareCol('colA'), col('colB'), col('colC')])],
  [
    'IsUnique "vendorid" "tpep_pickup_datetime"',
    rule('IsUnique', [col('vendorid'), col('tpep_pickup_datetime')]),
  ],
  // ColumnValues and its expressions
  [
    'ColumnValues "Country" in [ "US", "CA", "UK", NULL, EMPTY, WHITESPACES_ONLY ]',
    rule('ColumnValues', [col('Country')], {
      condition: inList([text('US'), text('CA'), text('UK'), NULL, EMPTY, WHITESPACES_ONLY]),
    }),
  ],
  [
    'ColumnValues "gender" in ["F", "M"] where "weightinkgs < 10"',
    rule('ColumnValues', [col('gender')], {
      condition: inList([text('F'), text('M')]),
      where: 'weightinkgs < 10',
    }),
  ],
  ['ColumnValues "First_Name" matches "[a-zA-Z]*"', dq.matches('First_Name', '[a-zA-Z]*')],
  [
    'ColumnValues "colA" not matches "[a-zA-Z]*"',
    rule('ColumnValues', [col('colA')], { condition: matches('[a-zA-Z]*', true) }),
  ],
  [
    'ColumnValues "Load_Date" > (now() - 3 days)',
    rule('ColumnValues', [col('Load_Date')], { condition: cmp('>', now('-', 3, 'days')) }),
  ],
  [
    'ColumnValues "Customer_ID" between 1 and 2000',
    rule('ColumnValues', [col('Customer_ID')], { condition: between(num(1), num(2000)) }),
  ],
  [
    'ColumnValues "colA" not between "2022-05-31" and "2022-06-30"',
    rule('ColumnValues', [col('colA')], { condition: between(text('2022-05-31'), text('2022-06-30'), true) }),
  ],
  [
    'ColumnValues "colA" = "2022-06-30"',
    rule('ColumnValues', [col('colA')], { condition: cmp('=', text('2022-06-30')) }),
  ],
  ['ColumnValues "colA" != "a"', rule('ColumnValues', [col('colA')], { condition: cmp('!=', text('a')) })],
  ['ColumnValues "colA" < 1000', rule('ColumnValues', [col('colA')], { condition: cmp('<', num(1000)) })],
  [
    'ColumnValues "colA" in [ 1, 2, 3 ]',
    rule('ColumnValues', [col('colA')], { condition: inList([num(1), num(2), num(3)]) }),
  ],
  [
    'ColumnValues "colA" not in [ "a", "b", "c" ]',
    rule('ColumnValues', [col('colA')], { condition: inList([text('a'), text('b'), text('c')], true) }),
  ],
  [
    'ColumnValues "Age" not in [21, 22, 23, NULL]',
    rule('ColumnValues', [col('Age')], { condition: inList([num(21), num(22), num(23), NULL], true) }),
  ],
  [
    'ColumnValues "colA" in ["A", "B"] with threshold > 0.8',
    rule('ColumnValues', [col('colA')], {
      condition: inList([text('A'), text('B')]),
      threshold: cmp('>', num(0.8)),
    }),
  ],
  [
    'ColumnValues "colA" matches "[a-zA-Z]*" with threshold between 0.2 and 0.9',
    rule('ColumnValues', [col('colA')], {
      condition: matches('[a-zA-Z]*'),
      threshold: between(num(0.2), num(0.9)),
    }),
  ],
  [
    'ColumnValues "colA" != NULL with threshold > 0.5',
    rule('ColumnValues', [col('colA')], { condition: cmp('!=', NULL), threshold: cmp('>', num(0.5)) }),
  ],
  [
    'ColumnValues "colB" in ["A", "B"] where "colC is not null" with threshold > 0.9',
    rule('ColumnValues', [col('colB')], {
      condition: inList([text('A'), text('B')]),
      where: 'colC is not null',
      threshold: cmp('>', num(0.9)),
    }),
  ],
  [
    '(ColumnValues "Age" > 21) OR (ColumnValues "Age" = NULL)',
    or(
      rule('ColumnValues', [col('Age')], { condition: cmp('>', num(21)) }),
      rule('ColumnValues', [col('Age')], { condition: cmp('=', NULL) }),
    ),
  ],
  [
    '(ColumnValues "myCol1" > 1) OR (ColumnValues "myCol2" > 2)',
    or(
      rule('ColumnValues', [col('myCol1')], { condition: cmp('>', num(1)) }),
      rule('ColumnValues', [col('myCol2')], { condition: cmp('>', num(2)) }),
    ),
  ],
  [
    'ColumnDataType "colA" = "Timestamp" with threshold > 0.9',
    rule('ColumnDataType', [col('colA')], {
      condition: cmp('=', text('Timestamp')),
      threshold: cmp('>', num(0.9)),
    }),
  ],
  [
    'ColumnLength "Postal_Code" = 5',
    rule('ColumnLength', [col('Postal_Code')], { condition: cmp('=', num(5)) }),
  ],
  [
    'ColumnLength "weightinkgs" = 2 where "weightinkgs > 10"',
    rule('ColumnLength', [col('weightinkgs')], { condition: cmp('=', num(2)), where: 'weightinkgs > 10' }),
  ],
  // statistics and dynamic rules
  ['Completeness "First_Name" > 0.95', dq.completeness('First_Name', '>', 0.95)],
  [
    'Completeness "colA" > 0.5 where "colB = 10"',
    rule('Completeness', [col('colA')], { condition: cmp('>', num(0.5)), where: 'colB = 10' }),
  ],
  [
    'Completeness "colA" <= avg(last(10))',
    rule('Completeness', [col('colA')], { condition: cmp('<=', call('avg', call('last', num(10)))) }),
  ],
  [
    'Completeness "colA" between min(last(5)) - 1 and max(last(5)) + 1',
    rule('Completeness', [col('colA')], {
      condition: between(
        arith('-', call('min', call('last', num(5))), num(1)),
        arith('+', call('max', call('last', num(5))), num(1)),
      ),
    }),
  ],
  [
    'DistinctValuesCount "colA" between min(last(10))-1 and max(last(10))+1',
    rule('DistinctValuesCount', [col('colA')], {
      condition: between(
        arith('-', call('min', call('last', num(10))), num(1)),
        arith('+', call('max', call('last', num(10))), num(1)),
      ),
    }),
  ],
  [
    'RowCount > avg(last(3))',
    rule('RowCount', [], { condition: cmp('>', call('avg', call('last', num(3)))) }),
  ],
  ['RowCount > last()', rule('RowCount', [], { condition: cmp('>', call('last')) })],
  [
    'RowCount > index(last(3), 0)',
    rule('RowCount', [], { condition: cmp('>', call('index', call('last', num(3)), num(0))) }),
  ],
  [
    'ColumnCorrelation "colA" "colB" < avg(last(10))',
    rule('ColumnCorrelation', [col('colA'), col('colB')], {
      condition: cmp('<', call('avg', call('last', num(10)))),
    }),
  ],
  ['Mean "colA" between 80 and 100', rule('Mean', [col('colA')], { condition: between(num(80), num(100)) })],
  [
    'ColumnCorrelation "price" "num_items" > 0',
    rule('ColumnCorrelation', [col('price'), col('num_items')], { condition: cmp('>', num(0)) }),
  ],
  // CustomSql
  [
    'CustomSql "select count(*) from primary" between 10 and 20',
    rule('CustomSql', [col('select count(*) from primary')], { condition: between(num(10), num(20)) }),
  ],
  [
    'CustomSql "select Name from primary where Age > 18"',
    rule('CustomSql', [col('select Name from primary where Age > 18')]),
  ],
  [
    'CustomSql "select Name from primary where Age > 18" with threshold > 3',
    rule('CustomSql', [col('select Name from primary where Age > 18')], { threshold: cmp('>', num(3)) }),
  ],
  // freshness, references, datasets
  [
    'DataFreshness "Order_Date" <= 24 hours',
    rule('DataFreshness', [col('Order_Date')], { condition: cmp('<=', dur(24, 'hours')) }),
  ],
  [
    'DataFreshness "Order_Date" between 2 days and 5 days',
    rule('DataFreshness', [col('Order_Date')], { condition: between(dur(2, 'days'), dur(5, 'days')) }),
  ],
  [
    'ReferentialIntegrity "zipcode" "reference.zipcode" >= 0.9',
    rule('ReferentialIntegrity', [col('zipcode'), col('reference.zipcode')], {
      condition: cmp('>=', num(0.9)),
    }),
  ],
  [
    'ReferentialIntegrity "city,state" "reference.{ref_city,ref_state}" = 1.0',
    rule('ReferentialIntegrity', [col('city,state'), col('reference.{ref_city,ref_state}')], {
      condition: cmp('=', num(1)),
    }),
  ],
  [
    'DatasetMatch "reference" "ID_1->ID_ref1,ID_2->ID_ref2" "Amount1->Amount2" >= 0.9',
    rule('DatasetMatch', [col('reference'), col('ID_1->ID_ref1,ID_2->ID_ref2'), col('Amount1->Amount2')], {
      condition: cmp('>=', num(0.9)),
    }),
  ],
  [
    'AggregateMatch "sum(amount)" "sum(total_amount)" = 1.0',
    rule('AggregateMatch', [col('sum(amount)'), col('sum(total_amount)')], { condition: cmp('=', num(1)) }),
  ],
  [
    'RowCountMatch "reference" >= 0.9',
    rule('RowCountMatch', [col('reference')], { condition: cmp('>=', num(0.9)) }),
  ],
  ['SchemaMatch "reference" = 1.0', rule('SchemaMatch', [col('reference')], { condition: cmp('=', num(1)) })],
  ['DetectAnomalies "ColumnLength" "id"', rule('DetectAnomalies', [col('ColumnLength'), col('id')])],
  // file rules
  [
    'FileFreshness "s3://bucket/" >= (now() -1 days)',
    rule('FileFreshness', [col('s3://bucket/')], { condition: cmp('>=', now('-', 1, 'days')) }),
  ],
  [
    'FileFreshness "s3://bucket/tickets/" between now() and (now() - 45 minutes)',
    rule('FileFreshness', [col('s3://bucket/tickets/')], {
      condition: between(now(), now('-', 45, 'minutes')),
    }),
  ],
  [
    'FileFreshness "s3://bucket/tickets/" between "9:30 AM" and "9:30 PM"',
    rule('FileFreshness', [col('s3://bucket/tickets/')], {
      condition: between(text('9:30 AM'), text('9:30 PM')),
    }),
  ],
  [
    'FileFreshness "s3://bucket/tickets/" < (now() - 10 days) with threshold > 0.1',
    rule('FileFreshness', [col('s3://bucket/tickets/')], {
      condition: cmp('<', now('-', 10, 'days')),
      threshold: cmp('>', num(0.1)),
    }),
  ],
  [
    'FileSize "s3://bucket/file.dat" > 2 MB',
    rule('FileSize', [col('s3://bucket/file.dat')], { condition: cmp('>', size(2, 'MB')) }),
  ],
  [
    'FileSize "s3://bucket/" between 2 GB and 1 TB with threshold > 0.7',
    rule('FileSize', [col('s3://bucket/')], {
      condition: between(size(2, 'GB'), size(1, 'TB')),
      threshold: cmp('>', num(0.7)),
    }),
  ],
  [
    'FileSize < 10 MB with threshold > 0.7',
    rule('FileSize', [], { condition: cmp('<', size(10, 'MB')), threshold: cmp('>', num(0.7)) }),
  ],
  [
    'FileSize "s3://bucket/" > 5 B with uriRegex = "\\.dat$"',
    rule('FileSize', [col('s3://bucket/')], {
      condition: cmp('>', size(5, 'B')),
      tags: { uriRegex: text('\\.dat$') },
    }),
  ],
  [
    'FileUniqueness "s3://bucket/" > 0.5 with recentFiles = 1',
    rule('FileUniqueness', [col('s3://bucket/')], {
      condition: cmp('>', num(0.5)),
      tags: { recentFiles: num(1) },
    }),
  ],
  [
    'FileMatch "s3://bucket/file.json" in ["3ee0d8617ac041793154713e5ef8f319"] with hashAlgorithm = "MD5"',
    rule('FileMatch', [col('s3://bucket/file.json')], {
      condition: inList([text('3ee0d8617ac041793154713e5ef8f319')]),
      tags: { hashAlgorithm: text('MD5') },
    }),
  ],
  [
    'FileMatch "s3://original_bucket/" "s3://archive_bucket/"',
    rule('FileMatch', [col('s3://original_bucket/'), col('s3://archive_bucket/')]),
  ],
  // composites
  ['(IsComplete "id") and (IsUnique "id")', and(dq.isComplete('id'), dq.isUnique('id'))],
  ['(RowCount > 100) or (IsPrimaryKey "id")', or(dq.rowCount('>', 100), dq.isPrimaryKey('id'))],
  [
    '(Mean "Star_Rating" > 3) and (Mean "Order_Total" > 500) and (IsComplete "Order_Id")',
    and(
      rule('Mean', [col('Star_Rating')], { condition: cmp('>', num(3)) }),
      rule('Mean', [col('Order_Total')], { condition: cmp('>', num(500)) }),
      dq.isComplete('Order_Id'),
    ),
  ],
  [
    '(Mean "Star_Rating" > 3) and ((Mean "Order_Total" > 500) or (IsComplete "Order_Id"))',
    and(
      rule('Mean', [col('Star_Rating')], { condition: cmp('>', num(3)) }),
      or(rule('Mean', [col('Order_Total')], { condition: cmp('>', num(500)) }), dq.isComplete('Order_Id')),
    ),
  ],
  [
    '(RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA"))',
    or(dq.rowCount('>', 0), and(dq.isComplete('colA'), dq.isUnique('colA'))),
  ],
  [
    '(ColumnLength "Postal_Code" > 4) AND (ColumnValues "Postal_Code" != NULL)',
    and(
      rule('ColumnLength', [col('Postal_Code')], { condition: cmp('>', num(4)) }),
      rule('ColumnValues', [col('Postal_Code')], { condition: cmp('!=', NULL) }),
    ),
  ],
  ['((IsComplete "a"))', dq.isComplete('a')],
  // labels (top level only)
  [
    'RowCount > 0 labels=["foo"="bar"]',
    rule('RowCount', [], { condition: cmp('>', num(0)), labels: { foo: 'bar' } }),
  ],
  [
    'ColumnValues "colA" in ["A", "B"]  with threshold > 0.8 labels=["foo"="bar", "frequency"="daily"]',
    rule('ColumnValues', [col('colA')], {
      condition: inList([text('A'), text('B')]),
      threshold: cmp('>', num(0.8)),
      labels: { foo: 'bar', frequency: 'daily' },
    }),
  ],
  [
    '((IsComplete "col") AND (RowCount > 0)) labels=["foo"="bar"]',
    { ...and(dq.isComplete('col'), dq.rowCount('>', 0)), labels: { foo: 'bar' } },
  ],
  // flagship
  ['(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)', dq.inRange('marks', 0, 100)],
];
