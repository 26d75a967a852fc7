-- student-enrollment (dev), redshift: row-level security and masking.
-- Synthesized from the pipeline definition; change the definition, not this file.

-- statement runner: executes the statements that the catalog queries below return
CREATE OR REPLACE PROCEDURE "edu"."lakeline_policies_runner"(statements_query VARCHAR(65535))
AS $$
DECLARE
  statement_row RECORD;
BEGIN
  FOR statement_row IN EXECUTE statements_query LOOP
    EXECUTE statement_row.statement_text;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

-- row security of student_dim
CALL "edu"."lakeline_policies_runner"('SELECT DISTINCT ''DROP RLS POLICY '' || quote_ident("polname") || '' CASCADE'' AS "statement_text" FROM "svv_rls_attached_policy" WHERE "relschema" = ''edu'' AND "relname" = ''student_dim'' AND left("polname", 4) = ''edu_''');

DROP RLS POLICY IF EXISTS "edu_student_dim_rows_edu_us_advisor" CASCADE;

CREATE RLS POLICY "edu_student_dim_rows_edu_us_advisor" WITH ("country" VARCHAR(2)) USING ("country" IN ('US'));

ATTACH RLS POLICY "edu_student_dim_rows_edu_us_advisor" ON TABLE "edu"."student_dim" TO ROLE "edu_us_advisor";

DROP RLS POLICY IF EXISTS "edu_student_dim_rows_all" CASCADE;

CREATE RLS POLICY "edu_student_dim_rows_all" USING (TRUE);

ATTACH RLS POLICY "edu_student_dim_rows_all" ON TABLE "edu"."student_dim" TO ROLE "edu_reader", ROLE "edu_writer";

ALTER TABLE "edu"."student_dim" ROW LEVEL SECURITY ON;

-- row security of course_dim
CALL "edu"."lakeline_policies_runner"('SELECT DISTINCT ''DROP RLS POLICY '' || quote_ident("polname") || '' CASCADE'' AS "statement_text" FROM "svv_rls_attached_policy" WHERE "relschema" = ''edu'' AND "relname" = ''course_dim'' AND left("polname", 4) = ''edu_''');

ALTER TABLE "edu"."course_dim" ROW LEVEL SECURITY OFF;

-- row security of instructor_dim
CALL "edu"."lakeline_policies_runner"('SELECT DISTINCT ''DROP RLS POLICY '' || quote_ident("polname") || '' CASCADE'' AS "statement_text" FROM "svv_rls_attached_policy" WHERE "relschema" = ''edu'' AND "relname" = ''instructor_dim'' AND left("polname", 4) = ''edu_''');

ALTER TABLE "edu"."instructor_dim" ROW LEVEL SECURITY OFF;

-- row security of enrollment_fact
CALL "edu"."lakeline_policies_runner"('SELECT DISTINCT ''DROP RLS POLICY '' || quote_ident("polname") || '' CASCADE'' AS "statement_text" FROM "svv_rls_attached_policy" WHERE "relschema" = ''edu'' AND "relname" = ''enrollment_fact'' AND left("polname", 4) = ''edu_''');

ALTER TABLE "edu"."enrollment_fact" ROW LEVEL SECURITY OFF;

-- masks of edu_reader
CALL "edu"."lakeline_policies_runner"('SELECT ''DETACH MASKING POLICY '' || quote_ident(mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_reader'')) || '' ON '' || quote_ident("table_schema") || ''.'' || quote_ident("table_name") || '' ('' || quote_ident("column_name") || '') FROM ROLE '' || quote_ident(''edu_reader'') AS "statement_text" FROM "information_schema"."columns" WHERE "table_schema" = ''edu'' AND "table_name" IN (''student_dim'', ''course_dim'', ''instructor_dim'', ''enrollment_fact'') AND mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_reader'') IS NOT NULL');

CREATE MASKING POLICY "edu_mask_partial_string_32" IF NOT EXISTS WITH ("value" VARCHAR(32)) USING (CAST(CASE WHEN length("value") > 4 THEN repeat('X', length("value") - 4) || right("value", 4) ELSE repeat('X', length("value")) END AS VARCHAR(32)));

ATTACH MASKING POLICY "edu_mask_partial_string_32" ON "edu"."student_dim" ("phone") TO ROLE "edu_reader" PRIORITY 10;

CREATE MASKING POLICY "edu_mask_full_date" IF NOT EXISTS WITH ("value" DATE) USING (CAST(NULL AS DATE));

ATTACH MASKING POLICY "edu_mask_full_date" ON "edu"."student_dim" ("date_of_birth") TO ROLE "edu_reader" PRIORITY 10;

-- masks of edu_writer
CALL "edu"."lakeline_policies_runner"('SELECT ''DETACH MASKING POLICY '' || quote_ident(mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_writer'')) || '' ON '' || quote_ident("table_schema") || ''.'' || quote_ident("table_name") || '' ('' || quote_ident("column_name") || '') FROM ROLE '' || quote_ident(''edu_writer'') AS "statement_text" FROM "information_schema"."columns" WHERE "table_schema" = ''edu'' AND "table_name" IN (''student_dim'', ''course_dim'', ''instructor_dim'', ''enrollment_fact'') AND mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_writer'') IS NOT NULL');

-- masks of edu_us_advisor
CALL "edu"."lakeline_policies_runner"('SELECT ''DETACH MASKING POLICY '' || quote_ident(mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_us_advisor'')) || '' ON '' || quote_ident("table_schema") || ''.'' || quote_ident("table_name") || '' ('' || quote_ident("column_name") || '') FROM ROLE '' || quote_ident(''edu_us_advisor'') AS "statement_text" FROM "information_schema"."columns" WHERE "table_schema" = ''edu'' AND "table_name" IN (''student_dim'', ''course_dim'', ''instructor_dim'', ''enrollment_fact'') AND mask_get_policy_for_role_on_column("table_schema", "table_name", "column_name", ''edu_us_advisor'') IS NOT NULL');

-- statement runner dropped
DROP PROCEDURE "edu"."lakeline_policies_runner"(VARCHAR(65535));
