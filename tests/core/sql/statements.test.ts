/** Expected SQL per dialect for queries and statements, including the lowering passes. */
import { describe, expect, it } from 'vitest';
import * as s from '../../../core/sql/build.js';
import { compile, DIALECTS } from '../../../core/sql/compile.js';
import { parseCopy } from '../../../core/sql/copy-statement.js';
import { t } from '../../../core/sql/data-type.js';
import { UnsupportedFeatureError } from '../../../core/sql/errors.js';
import type { Statement } from '../../../core/sql/nodes.js';
import { ansi, type PerDialect, UNSUPPORTED } from './dialect-table.js';

interface Case {
  readonly name: string;
  readonly node: Statement;
  readonly sql: PerDialect;
}

const students = s.table('students', 'raw');
const dedupe = s.select({
  items: [s.item(s.col('id')), s.item(s.col('name'), 'full_name')],
  from: s.fromTable(students),
  qualify: s.eq(s.over(s.call('row_number'), [s.col('id')], [s.desc(s.col('ts'), 'last')]), s.lit(1)),
});
const orphans = s.select({
  items: [s.item(s.col('id', 'e'))],
  from: s.fromTable(s.table('enrollments'), 'e'),
  joins: [
    {
      type: 'anti',
      item: s.fromTable(s.table('students'), 'st'),
      on: s.eq(s.col('student_id', 'e'), s.col('id', 'st')),
    },
  ],
  where: s.isNotNull(s.col('student_id', 'e')),
});
const dim = s.table('student_dim', 'edu');

const cases: readonly Case[] = [
  {
    name: 'select with join, grouping, order and limit',
    node: s.select({
      distinct: true,
      items: [s.item(s.col('term', 'e')), s.item(s.call('count'), 'n')],
      from: s.fromTable(s.table('enrollments', 'edu'), 'e'),
      joins: [
        {
          type: 'left',
          item: s.fromTable(dim, 'd'),
          on: s.eq(s.col('student_key', 'e'), s.col('student_key', 'd')),
        },
      ],
      where: s.eq(s.col('country', 'd'), s.lit('US')),
      groupBy: [s.col('term', 'e')],
      having: s.binary('>', s.call('count'), s.lit(1)),
      orderBy: [s.asc(s.col('term', 'e'), 'last')],
      limit: 10,
    }),
    sql: {
      ...ansi(
        'SELECT DISTINCT "e"."term", count(*) AS "n" FROM "edu"."enrollments" AS "e" LEFT JOIN "edu"."student_dim" AS "d" ON "e"."student_key" = "d"."student_key" WHERE "d"."country" = \'US\' GROUP BY "e"."term" HAVING count(*) > 1 ORDER BY "e"."term" ASC LIMIT 10',
      ),
      spark:
        "SELECT DISTINCT `e`.`term`, count(*) AS `n` FROM `edu`.`enrollments` AS `e` LEFT JOIN `edu`.`student_dim` AS `d` ON `e`.`student_key` = `d`.`student_key` WHERE `d`.`country` = 'US' GROUP BY `e`.`term` HAVING count(*) > 1 ORDER BY `e`.`term` ASC NULLS LAST LIMIT 10",
    },
  },
  {
    name: 'QUALIFY kept where supported, lowered to a subquery elsewhere',
    node: dedupe,
    sql: {
      duckdb:
        'SELECT "id", "name" AS "full_name" FROM "raw"."students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC) = 1',
      redshift:
        'SELECT "id", "name" AS "full_name" FROM "raw"."students" AS "students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC NULLS LAST) = 1',
      postgres:
        'SELECT "__qualified"."id", "__qualified"."full_name" FROM (SELECT "id", "name" AS "full_name", row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC NULLS LAST) = 1 AS "__qualify" FROM "raw"."students") AS "__qualified" WHERE "__qualified"."__qualify"',
      spark:
        'SELECT `__qualified`.`id`, `__qualified`.`full_name` FROM (SELECT `id`, `name` AS `full_name`, row_number() OVER (PARTITION BY `id` ORDER BY `ts` DESC) = 1 AS `__qualify` FROM `raw`.`students`) AS `__qualified` WHERE `__qualified`.`__qualify`',
    },
  },
  {
    name: 'QUALIFY over SELECT * cannot be lowered without leaking the flag column',
    node: s.select({ items: [s.item(s.star())], from: s.fromTable(students), qualify: dedupe.qualify! }),
    sql: {
      duckdb:
        'SELECT * FROM "raw"."students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC) = 1',
      redshift:
        'SELECT * FROM "raw"."students" AS "students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC NULLS LAST) = 1',
      postgres: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'UNION ALL: the head ORDER BY and LIMIT order and limit the whole union',
    node: s.unionAll(
      s.select({
        items: [s.item(s.col('id')), s.item(s.lit('kept'), 'fate')],
        from: s.fromTable(students),
        where: s.isNull(s.col('reasons')),
        orderBy: [s.asc(s.col('id'), 'last')],
        limit: 5,
      }),
      s.select({
        items: [s.item(s.col('id')), s.item(s.col('reasons'), 'fate')],
        from: s.fromTable(students),
      }),
    ),
    sql: {
      ...ansi(
        'SELECT "id", \'kept\' AS "fate" FROM "raw"."students" WHERE "reasons" IS NULL UNION ALL SELECT "id", "reasons" AS "fate" FROM "raw"."students" ORDER BY "id" ASC LIMIT 5',
      ),
      spark:
        "SELECT `id`, 'kept' AS `fate` FROM `raw`.`students` WHERE `reasons` IS NULL UNION ALL SELECT `id`, `reasons` AS `fate` FROM `raw`.`students` ORDER BY `id` ASC NULLS LAST LIMIT 5",
    },
  },
  {
    name: 'UNION ALL of three, each branch lowered on its own (QUALIFY in a branch)',
    node: s.unionAll(
      s.select({
        items: [s.item(s.col('id')), s.item(s.col('name'), 'full_name')],
        from: s.fromTable(students),
      }),
      dedupe,
      s.select({ items: [s.item(s.lit(null)), s.item(s.lit('none'))] }),
    ),
    sql: {
      duckdb:
        'SELECT "id", "name" AS "full_name" FROM "raw"."students" UNION ALL SELECT "id", "name" AS "full_name" FROM "raw"."students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC) = 1 UNION ALL SELECT NULL, \'none\'',
      redshift:
        'SELECT "id", "name" AS "full_name" FROM "raw"."students" UNION ALL SELECT "id", "name" AS "full_name" FROM "raw"."students" AS "students" QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC NULLS LAST) = 1 UNION ALL SELECT NULL, \'none\'',
      postgres:
        'SELECT "id", "name" AS "full_name" FROM "raw"."students" UNION ALL SELECT "__qualified"."id", "__qualified"."full_name" FROM (SELECT "id", "name" AS "full_name", row_number() OVER (PARTITION BY "id" ORDER BY "ts" DESC NULLS LAST) = 1 AS "__qualify" FROM "raw"."students") AS "__qualified" WHERE "__qualified"."__qualify" UNION ALL SELECT NULL, \'none\'',
      spark:
        "SELECT `id`, `name` AS `full_name` FROM `raw`.`students` UNION ALL SELECT `__qualified`.`id`, `__qualified`.`full_name` FROM (SELECT `id`, `name` AS `full_name`, row_number() OVER (PARTITION BY `id` ORDER BY `ts` DESC) = 1 AS `__qualify` FROM `raw`.`students`) AS `__qualified` WHERE `__qualified`.`__qualify` UNION ALL SELECT NULL, 'none'",
    },
  },
  {
    name: "UNION ALL refuses a branch with its own LIMIT (it would read as the whole union's)",
    node: s.unionAll(
      s.select({ items: [s.item(s.col('id'))], from: s.fromTable(students) }),
      s.select({ items: [s.item(s.col('id'))], from: s.fromTable(students), limit: 1 }),
    ),
    sql: { duckdb: UNSUPPORTED, postgres: UNSUPPORTED, redshift: UNSUPPORTED, spark: UNSUPPORTED },
  },
  {
    name: 'anti join kept where supported, NOT EXISTS elsewhere',
    node: orphans,
    sql: {
      duckdb:
        'SELECT "e"."id" FROM "enrollments" AS "e" ANTI JOIN "students" AS "st" ON "e"."student_id" = "st"."id" WHERE "e"."student_id" IS NOT NULL',
      spark:
        'SELECT `e`.`id` FROM `enrollments` AS `e` LEFT ANTI JOIN `students` AS `st` ON `e`.`student_id` = `st`.`id` WHERE `e`.`student_id` IS NOT NULL',
      ...{
        postgres:
          'SELECT "e"."id" FROM "enrollments" AS "e" WHERE "e"."student_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "students" AS "st" WHERE "e"."student_id" = "st"."id")',
        redshift:
          'SELECT "e"."id" FROM "enrollments" AS "e" WHERE "e"."student_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "students" AS "st" WHERE "e"."student_id" = "st"."id")',
      },
    },
  },
  {
    name: 'create table with identity, keys and layout hints',
    node: {
      kind: 'createTable',
      table: s.table('enrollment_fact', 'edu'),
      columns: [
        { name: 'enrollment_key', type: t.bigint(), notNull: true, identity: true },
        { name: 'student_key', type: t.bigint(), notNull: false },
        { name: 'marks', type: t.decimal(5, 2), notNull: false },
      ],
      primaryKey: ['enrollment_key'],
      foreignKeys: [{ columns: ['student_key'], references: dim, referencedColumns: ['student_key'] }],
      distKey: 'student_key',
      sortKey: ['marks'],
      ifNotExists: true,
    },
    sql: {
      redshift: `CREATE TABLE IF NOT EXISTS "edu"."enrollment_fact" (
  "enrollment_key" BIGINT IDENTITY(1, 1) NOT NULL,
  "student_key" BIGINT,
  "marks" DECIMAL(5, 2),
  PRIMARY KEY ("enrollment_key"),
  FOREIGN KEY ("student_key") REFERENCES "edu"."student_dim" ("student_key")
)
DISTKEY ("student_key")
SORTKEY ("marks")`,
      postgres: `CREATE TABLE IF NOT EXISTS "edu"."enrollment_fact" (
  "enrollment_key" BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL,
  "student_key" BIGINT,
  "marks" NUMERIC(5, 2),
  PRIMARY KEY ("enrollment_key"),
  FOREIGN KEY ("student_key") REFERENCES "edu"."student_dim" ("student_key")
)`,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'create table without constraints',
    node: {
      kind: 'createTable',
      table: s.table('t'),
      columns: [
        { name: 'id', type: t.string(8), notNull: true },
        { name: 'at', type: t.timestamp(), notNull: false, default: s.call('current_timestamp') },
      ],
      ifNotExists: false,
    },
    sql: {
      duckdb: 'CREATE TABLE "t" (\n  "id" VARCHAR NOT NULL,\n  "at" TIMESTAMP DEFAULT current_timestamp\n)',
      postgres:
        'CREATE TABLE "t" (\n  "id" VARCHAR(8) NOT NULL,\n  "at" TIMESTAMP DEFAULT current_timestamp\n)',
      redshift: 'CREATE TABLE "t" (\n  "id" VARCHAR(8) NOT NULL,\n  "at" TIMESTAMP DEFAULT GETDATE()\n)',
      spark:
        'CREATE TABLE `t` (\n  `id` STRING NOT NULL,\n  `at` TIMESTAMP DEFAULT current_timestamp()\n)\nUSING PARQUET',
    },
  },
  {
    name: 'create an unlogged staging table (a PostgreSQL hint the others ignore)',
    node: {
      kind: 'createTable',
      table: s.table('stage', 'edu_staging'),
      columns: [{ name: 'id', type: t.string(8), notNull: false }],
      ifNotExists: true,
      unlogged: true,
    },
    sql: {
      duckdb: 'CREATE TABLE IF NOT EXISTS "edu_staging"."stage" (\n  "id" VARCHAR\n)',
      postgres: 'CREATE UNLOGGED TABLE IF NOT EXISTS "edu_staging"."stage" (\n  "id" VARCHAR(8)\n)',
      redshift: 'CREATE TABLE IF NOT EXISTS "edu_staging"."stage" (\n  "id" VARCHAR(8)\n)',
      spark: 'CREATE TABLE IF NOT EXISTS `edu_staging`.`stage` (\n  `id` STRING\n)\nUSING PARQUET',
    },
  },
  {
    name: 'create schema',
    node: { kind: 'createSchema', name: 'edu_staging', ifNotExists: true },
    sql: ansi('CREATE SCHEMA IF NOT EXISTS "edu_staging"'),
  },
  {
    name: 'drop, truncate, delete',
    node: { kind: 'delete', table: dim, where: s.eq(s.col('country'), s.lit('XX')) },
    sql: ansi(`DELETE FROM "edu"."student_dim" WHERE "country" = 'XX'`),
  },
  {
    name: 'truncate',
    node: { kind: 'truncate', table: dim },
    sql: ansi('TRUNCATE TABLE "edu"."student_dim"'),
  },
  {
    name: 'drop table',
    node: { kind: 'dropTable', table: dim, ifExists: true },
    sql: ansi('DROP TABLE IF EXISTS "edu"."student_dim"'),
  },
  {
    name: 'insert from select',
    node: {
      kind: 'insert',
      table: dim,
      columns: ['student_id'],
      query: s.select({
        items: [s.item(s.col('student_id'))],
        from: s.fromTable(s.table('students', 'edu_staging')),
      }),
    },
    sql: ansi(
      'INSERT INTO "edu"."student_dim" ("student_id") SELECT "student_id" FROM "edu_staging"."students"',
    ),
  },
  {
    name: 'UPDATE from a staging table, the target named by its table (it takes no alias on Redshift)',
    node: {
      kind: 'update',
      table: dim,
      set: [
        { column: 'valid_to', value: s.col('valid_from', 'c') },
        { column: 'is_current', value: s.lit(false) },
      ],
      from: [s.fromTable(s.table('student_dim_changes', 'edu_staging'), 'c')],
      where: s.and(
        s.eq(s.col('scd_id', 'student_dim'), s.col('closes_scd_id', 'c')),
        s.col('is_current', 'student_dim'),
      ),
    },
    sql: {
      ...ansi(
        'UPDATE "edu"."student_dim" SET "valid_to" = "c"."valid_from", "is_current" = FALSE FROM "edu_staging"."student_dim_changes" AS "c" WHERE "student_dim"."scd_id" = "c"."closes_scd_id" AND "student_dim"."is_current"',
      ),
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'UPDATE with a correlated NOT EXISTS and no FROM',
    node: {
      kind: 'update',
      table: dim,
      set: [{ column: 'is_current', value: s.lit(false) }],
      where: s.exists(
        s.select({
          items: [s.item(s.lit(1))],
          from: s.fromTable(s.table('students', 'edu_staging'), 'staged'),
          where: s.eq(s.col('student_id', 'staged'), s.col('student_id', 'student_dim')),
        }),
        true,
      ),
    },
    sql: {
      ...ansi(
        'UPDATE "edu"."student_dim" SET "is_current" = FALSE WHERE NOT EXISTS (SELECT 1 FROM "edu_staging"."students" AS "staged" WHERE "staged"."student_id" = "student_dim"."student_id")',
      ),
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'MERGE from a table, target aliased by its own name (Redshift drops the alias)',
    node: {
      kind: 'merge',
      target: dim,
      targetAlias: 'student_dim',
      source: s.fromTable(s.table('students', 'edu_staging'), 's'),
      on: s.eq(s.col('student_id', 'student_dim'), s.col('student_id', 's')),
      whenMatchedUpdate: [{ column: 'country', value: s.col('country', 's') }],
      whenNotMatchedInsert: {
        columns: ['student_id', 'country'],
        values: [s.col('student_id', 's'), s.col('country', 's')],
      },
    },
    sql: {
      ...ansi(
        `MERGE INTO "edu"."student_dim" AS "student_dim" USING "edu_staging"."students" AS "s" ON "student_dim"."student_id" = "s"."student_id" WHEN MATCHED THEN UPDATE SET "country" = "s"."country" WHEN NOT MATCHED THEN INSERT ("student_id", "country") VALUES ("s"."student_id", "s"."country")`,
      ),
      redshift: `MERGE INTO "edu"."student_dim" USING "edu_staging"."students" AS "s" ON "student_dim"."student_id" = "s"."student_id" WHEN MATCHED THEN UPDATE SET "country" = "s"."country" WHEN NOT MATCHED THEN INSERT ("student_id", "country") VALUES ("s"."student_id", "s"."country")`,
    },
  },
  {
    name: 'MERGE updating only matched rows that changed (Redshift has no WHEN MATCHED AND)',
    node: {
      kind: 'merge',
      target: dim,
      targetAlias: 'student_dim',
      source: s.fromTable(s.table('students', 'edu_staging'), 's'),
      on: s.eq(s.col('student_id', 'student_dim'), s.col('student_id', 's')),
      whenMatchedAnd: s.binary('is distinct from', s.col('country', 'student_dim'), s.col('country', 's')),
      whenMatchedUpdate: [{ column: 'country', value: s.col('country', 's') }],
      whenNotMatchedInsert: { columns: ['student_id'], values: [s.col('student_id', 's')] },
    },
    sql: {
      ...ansi(
        `MERGE INTO "edu"."student_dim" AS "student_dim" USING "edu_staging"."students" AS "s" ON "student_dim"."student_id" = "s"."student_id" WHEN MATCHED AND ("student_dim"."country" IS DISTINCT FROM "s"."country") THEN UPDATE SET "country" = "s"."country" WHEN NOT MATCHED THEN INSERT ("student_id") VALUES ("s"."student_id")`,
      ),
      spark:
        'MERGE INTO `edu`.`student_dim` AS `student_dim` USING `edu_staging`.`students` AS `s` ON `student_dim`.`student_id` = `s`.`student_id` WHEN MATCHED AND (NOT (`student_dim`.`country` <=> `s`.`country`)) THEN UPDATE SET `country` = `s`.`country` WHEN NOT MATCHED THEN INSERT (`student_id`) VALUES (`s`.`student_id`)',
      redshift: UNSUPPORTED,
    },
  },
  {
    name: 'MERGE from a subquery is refused by Redshift',
    node: {
      kind: 'merge',
      target: dim,
      targetAlias: 't',
      source: s.fromQuery(
        s.select({ items: [s.item(s.col('student_id'))], from: s.fromTable(students) }),
        's',
      ),
      on: s.eq(s.col('student_id', 't'), s.col('student_id', 's')),
      whenNotMatchedInsert: { columns: ['student_id'], values: [s.col('student_id', 's')] },
    },
    sql: {
      ...ansi(
        `MERGE INTO "edu"."student_dim" AS "t" USING (SELECT "student_id" FROM "raw"."students") AS "s" ON "t"."student_id" = "s"."student_id" WHEN NOT MATCHED THEN INSERT ("student_id") VALUES ("s"."student_id")`,
      ),
      redshift: UNSUPPORTED,
    },
  },
  {
    name: 'COPY from S3 (PostgreSQL form is intercepted by the simulator)',
    node: {
      kind: 'copy',
      table: s.table('students', 'edu_staging'),
      columns: ['student_id', 'country'],
      from: 's3://bucket/p/processed/students/',
      iamRole: 'arn:aws:iam::1:role/copy',
      format: 'parquet',
    },
    sql: {
      redshift: `COPY "edu_staging"."students" ("student_id", "country") FROM 's3://bucket/p/processed/students/' IAM_ROLE 'arn:aws:iam::1:role/copy' FORMAT AS PARQUET`,
      postgres: `COPY "edu_staging"."students" ("student_id", "country") FROM 's3://bucket/p/processed/students/' WITH (FORMAT parquet)`,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'external schema over the Glue Data Catalog',
    node: {
      kind: 'createExternalSchema',
      name: 'edu_lake',
      catalogDatabase: 'se_dev_processed',
      iamRole: 'arn:aws:iam::1:role/copy',
    },
    sql: {
      redshift:
        "CREATE EXTERNAL SCHEMA IF NOT EXISTS \"edu_lake\" FROM DATA CATALOG DATABASE 'se_dev_processed' IAM_ROLE 'arn:aws:iam::1:role/copy'",
      postgres: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'transactions',
    node: { kind: 'transaction', action: 'begin' },
    sql: { duckdb: 'BEGIN', postgres: 'BEGIN', redshift: 'BEGIN', spark: UNSUPPORTED },
  },
  {
    name: 'create role',
    node: { kind: 'createRole', name: 'edu_reader' },
    sql: {
      postgres: 'CREATE ROLE "edu_reader" NOLOGIN',
      redshift: 'CREATE ROLE "edu_reader"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'schema grant',
    node: { kind: 'grant', privileges: ['usage'], on: { kind: 'schema', name: 'edu' }, role: 'edu_reader' },
    sql: {
      postgres: 'GRANT USAGE ON SCHEMA "edu" TO "edu_reader"',
      redshift: 'GRANT USAGE ON SCHEMA "edu" TO ROLE "edu_reader"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'column-level grant',
    node: {
      kind: 'grant',
      privileges: ['select'],
      on: { kind: 'table', table: dim, columns: ['student_key', 'country'] },
      role: 'r',
    },
    sql: {
      postgres: 'GRANT SELECT ("student_key", "country") ON TABLE "edu"."student_dim" TO "r"',
      redshift: 'GRANT SELECT ("student_key", "country") ON TABLE "edu"."student_dim" TO ROLE "r"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'column-level INSERT exists in PostgreSQL only',
    node: {
      kind: 'grant',
      privileges: ['insert'],
      on: { kind: 'table', table: dim, columns: ['country'] },
      role: 'r',
    },
    sql: {
      postgres: 'GRANT INSERT ("country") ON TABLE "edu"."student_dim" TO "r"',
      redshift: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'row policy',
    node: {
      kind: 'createRowPolicy',
      name: 'student_dim_country',
      table: dim,
      columns: [{ name: 'country', type: t.string(2) }],
      using: s.inList(s.col('country'), [s.lit('US')]),
    },
    sql: {
      redshift: `CREATE RLS POLICY "student_dim_country" WITH ("country" VARCHAR(2)) USING ("country" IN ('US'))`,
      postgres: `CREATE POLICY "student_dim_country" ON "edu"."student_dim" AS PERMISSIVE FOR ALL TO CURRENT_USER USING ("country" IN ('US'))`,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'attach row policy',
    node: { kind: 'attachRowPolicy', name: 'p', table: dim, roles: ['a', 'b'] },
    sql: {
      redshift: 'ATTACH RLS POLICY "p" ON TABLE "edu"."student_dim" TO ROLE "a", ROLE "b"',
      postgres: 'ALTER POLICY "p" ON "edu"."student_dim" TO "a", "b"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'a row policy reads a lookup table',
    node: { kind: 'grantToRowPolicy', table: dim, policy: 'p' },
    sql: {
      redshift: 'GRANT SELECT ON TABLE "edu"."student_dim" TO RLS POLICY "p"',
      postgres: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'row security on',
    node: { kind: 'enableRowSecurity', table: dim },
    sql: {
      redshift: 'ALTER TABLE "edu"."student_dim" ROW LEVEL SECURITY ON',
      postgres: 'ALTER TABLE "edu"."student_dim" ENABLE ROW LEVEL SECURITY',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'masking policy (Redshift only; PostgreSQL masks through views)',
    node: {
      kind: 'createMaskingPolicy',
      name: 'mask_full_date',
      columns: [{ name: 'value', type: t.date() }],
      using: s.cast(s.lit(null), t.date()),
      ifNotExists: true,
    },
    sql: {
      redshift:
        'CREATE MASKING POLICY "mask_full_date" IF NOT EXISTS WITH ("value" DATE) USING (CAST(NULL AS DATE))',
      postgres: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'attach masking policy',
    node: {
      kind: 'attachMaskingPolicy',
      name: 'm',
      table: dim,
      column: 'phone',
      role: 'edu_reader',
      priority: 10,
    },
    sql: {
      redshift: 'ATTACH MASKING POLICY "m" ON "edu"."student_dim" ("phone") TO ROLE "edu_reader" PRIORITY 10',
      postgres: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'revoke every privilege on the tables and views of a schema (column privileges included)',
    node: { kind: 'revoke', on: { kind: 'allTablesInSchema', schema: 'edu' }, role: 'r' },
    sql: {
      postgres: 'REVOKE ALL ON ALL TABLES IN SCHEMA "edu" FROM "r"',
      redshift: 'REVOKE ALL ON ALL TABLES IN SCHEMA "edu" FROM ROLE "r"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'revoke every privilege on a schema',
    node: { kind: 'revoke', on: { kind: 'schema', name: 'edu' }, role: 'r' },
    sql: {
      postgres: 'REVOKE ALL ON SCHEMA "edu" FROM "r"',
      redshift: 'REVOKE ALL ON SCHEMA "edu" FROM ROLE "r"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'drop a row policy if it exists',
    node: { kind: 'dropRowPolicy', name: 'p', table: dim },
    sql: {
      redshift: 'DROP RLS POLICY IF EXISTS "p" CASCADE',
      postgres: 'DROP POLICY IF EXISTS "p" ON "edu"."student_dim"',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'row security off',
    node: { kind: 'disableRowSecurity', table: dim },
    sql: {
      redshift: 'ALTER TABLE "edu"."student_dim" ROW LEVEL SECURITY OFF',
      postgres: 'ALTER TABLE "edu"."student_dim" DISABLE ROW LEVEL SECURITY',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'drop a view if it exists',
    node: { kind: 'dropView', view: s.table('v', 'edu'), ifExists: true },
    sql: {
      postgres: 'DROP VIEW IF EXISTS "edu"."v"',
      redshift: 'DROP VIEW IF EXISTS "edu"."v"',
      duckdb: 'DROP VIEW IF EXISTS "edu"."v"',
      spark: 'DROP VIEW IF EXISTS `edu`.`v`',
    },
  },
  {
    name: 'run the statements a query returns, through the runner procedure (quotes doubled inside)',
    node: {
      kind: 'runStatements',
      procedure: s.table('runner', 'edu'),
      query: s.select({
        items: [s.statementToRun('CREATE ROLE "r"')],
        where: s.exists(
          s.select({
            items: [s.item(s.lit(1))],
            from: s.fromTable(s.table('pg_roles')),
            where: s.eq(s.col('rolname'), s.lit("o'r")),
          }),
          true,
        ),
      }),
    },
    sql: {
      postgres: `CALL "edu"."runner"('SELECT ''CREATE ROLE "r"'' AS "statement_text" WHERE NOT EXISTS (SELECT 1 FROM "pg_roles" WHERE "rolname" = ''o''''r'')')`,
      redshift: `CALL "edu"."runner"('SELECT ''CREATE ROLE "r"'' AS "statement_text" WHERE NOT EXISTS (SELECT 1 FROM "pg_roles" WHERE "rolname" = ''o''''r'')')`,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'drop the runner procedure',
    node: { kind: 'dropStatementRunner', procedure: s.table('runner', 'edu') },
    sql: {
      postgres: 'DROP PROCEDURE "edu"."runner"(VARCHAR(65535))',
      redshift: 'DROP PROCEDURE "edu"."runner"(VARCHAR(65535))',
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'a check that fails the transaction when its query returns a row (quotes and backslashes kept)',
    node: {
      kind: 'assertEmpty',
      procedure: s.table('lakeline_assert_empty', 'edu'),
      query: s.select({
        items: [s.violation(s.binary('||', s.lit('two of '), s.col('id')))],
        from: s.fromTable(dim),
        where: s.eq(s.col('country'), s.lit("o'r\\")),
      }),
      message: "edu's students",
    },
    sql: {
      postgres: [
        'DO $check$',
        'DECLARE',
        '  violation_row RECORD;',
        'BEGIN',
        `  FOR violation_row IN EXECUTE 'SELECT ''two of '' || "id" AS "violation" FROM "edu"."student_dim" WHERE "country" = ''o''''r\\''' LOOP`,
        `    RAISE EXCEPTION '%: %', 'edu''s students', violation_row.violation;`,
        '  END LOOP;',
        'END;',
        '$check$',
      ].join('\n'),
      redshift: `CALL "edu"."lakeline_assert_empty"('SELECT ''two of '' || "id" AS "violation" FROM "edu"."student_dim" WHERE "country" = ''o''''r\\\\\\\\''', 'edu''s students')`,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
  {
    name: 'the procedure a Redshift check calls (the same PL/pgSQL on PostgreSQL)',
    node: { kind: 'createAssertionProcedure', procedure: s.table('lakeline_assert_empty', 'edu') },
    sql: {
      ...Object.fromEntries(
        (['postgres', 'redshift'] as const).map((d) => [
          d,
          [
            'CREATE OR REPLACE PROCEDURE "edu"."lakeline_assert_empty"(check_query VARCHAR(65535), check_message VARCHAR(65535))',
            'AS $$',
            'DECLARE',
            '  violation_row RECORD;',
            'BEGIN',
            '  FOR violation_row IN EXECUTE check_query LOOP',
            `    RAISE EXCEPTION '%: %', check_message, violation_row.violation;`,
            '  END LOOP;',
            'END;',
            '$$ LANGUAGE plpgsql',
          ].join('\n'),
        ]),
      ),
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    } as PerDialect,
  },
  {
    name: 'security-barrier view',
    node: {
      kind: 'createView',
      view: s.table('student_dim__edu_reader', 'edu'),
      query: s.select({ items: [s.item(s.col('student_id'))], from: s.fromTable(dim) }),
      orReplace: true,
      securityBarrier: true,
    },
    sql: {
      postgres:
        'CREATE OR REPLACE VIEW "edu"."student_dim__edu_reader" WITH (security_barrier = true) AS SELECT "student_id" FROM "edu"."student_dim"',
      redshift: UNSUPPORTED,
      duckdb: UNSUPPORTED,
      spark: UNSUPPORTED,
    },
  },
];

describe('compile', () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const dialect of DIALECTS) {
        const expected = c.sql[dialect];
        it(dialect, () => {
          if (expected === UNSUPPORTED)
            expect(() => compile(c.node, dialect)).toThrow(UnsupportedFeatureError);
          else expect(compile(c.node, dialect)).toBe(expected);
        });
      }
    });
  }
});

describe('parseCopy reads back what compile emits', () => {
  const node = {
    kind: 'copy',
    table: s.table('odd"name', 'edu_staging'),
    columns: ['a', 'b"c'],
    from: "s3://bucket/it's/processed/x/",
    iamRole: 'arn:aws:iam::123456789012:role/copy',
    format: 'parquet',
  } as const;
  it('postgres form (no IAM role)', () => {
    const { iamRole: _dropped, ...rest } = node;
    expect(parseCopy(compile(node, 'postgres'))).toEqual(rest);
  });
  it('redshift form', () => {
    expect(parseCopy(compile(node, 'redshift'))).toEqual(node);
  });
  it('with a trailing semicolon', () => {
    expect(parseCopy(`${compile(node, 'postgres')};`)?.table).toEqual(node.table);
  });
  it('other statements are not COPY', () => {
    expect(parseCopy('SELECT 1')).toBeUndefined();
    expect(parseCopy(`COPY "t" ("a") FROM '/tmp/x.csv' WITH (FORMAT csv)`)).toBeUndefined();
  });
});
