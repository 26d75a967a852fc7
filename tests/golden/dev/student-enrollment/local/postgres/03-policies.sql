-- student-enrollment (dev), postgres, the simulator's stand-in for the redshift target: row-level security and masking.
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
CALL "edu"."lakeline_policies_runner"('SELECT ''DROP POLICY '' || quote_ident("policyname") || '' ON '' || quote_ident("schemaname") || ''.'' || quote_ident("tablename") AS "statement_text" FROM "pg_policies" WHERE "schemaname" = ''edu'' AND "tablename" = ''student_dim'' AND left("policyname", 4) = ''edu_''');

DROP POLICY IF EXISTS "edu_student_dim_rows_edu_us_advisor" ON "edu"."student_dim";

CREATE POLICY "edu_student_dim_rows_edu_us_advisor" ON "edu"."student_dim" AS PERMISSIVE FOR ALL TO CURRENT_USER USING ("country" IN ('US'));

ALTER POLICY "edu_student_dim_rows_edu_us_advisor" ON "edu"."student_dim" TO "edu_us_advisor";

DROP POLICY IF EXISTS "edu_student_dim_rows_all" ON "edu"."student_dim";

CREATE POLICY "edu_student_dim_rows_all" ON "edu"."student_dim" AS PERMISSIVE FOR ALL TO CURRENT_USER USING (TRUE);

ALTER POLICY "edu_student_dim_rows_all" ON "edu"."student_dim" TO "edu_reader", "edu_writer";

ALTER TABLE "edu"."student_dim" ENABLE ROW LEVEL SECURITY;

-- row security of course_dim
CALL "edu"."lakeline_policies_runner"('SELECT ''DROP POLICY '' || quote_ident("policyname") || '' ON '' || quote_ident("schemaname") || ''.'' || quote_ident("tablename") AS "statement_text" FROM "pg_policies" WHERE "schemaname" = ''edu'' AND "tablename" = ''course_dim'' AND left("policyname", 4) = ''edu_''');

ALTER TABLE "edu"."course_dim" DISABLE ROW LEVEL SECURITY;

-- row security of instructor_dim
CALL "edu"."lakeline_policies_runner"('SELECT ''DROP POLICY '' || quote_ident("policyname") || '' ON '' || quote_ident("schemaname") || ''.'' || quote_ident("tablename") AS "statement_text" FROM "pg_policies" WHERE "schemaname" = ''edu'' AND "tablename" = ''instructor_dim'' AND left("policyname", 4) = ''edu_''');

ALTER TABLE "edu"."instructor_dim" DISABLE ROW LEVEL SECURITY;

-- row security of enrollment_fact
CALL "edu"."lakeline_policies_runner"('SELECT ''DROP POLICY '' || quote_ident("policyname") || '' ON '' || quote_ident("schemaname") || ''.'' || quote_ident("tablename") AS "statement_text" FROM "pg_policies" WHERE "schemaname" = ''edu'' AND "tablename" = ''enrollment_fact'' AND left("policyname", 4) = ''edu_''');

ALTER TABLE "edu"."enrollment_fact" DISABLE ROW LEVEL SECURITY;

-- masking view of edu_reader on student_dim
DROP VIEW IF EXISTS "edu"."student_dim_for_edu_reader";

CREATE VIEW "edu"."student_dim_for_edu_reader" WITH (security_barrier = true) AS SELECT "student_key", "student_id", "full_name", "email_hash", CAST(CASE WHEN length("phone") > 4 THEN repeat('X', length("phone") - 4) || right("phone", 4) ELSE repeat('X', length("phone")) END AS VARCHAR(32)) AS "phone", CAST(NULL AS DATE) AS "date_of_birth", "country", "enrolled_since" FROM "edu"."student_dim";

GRANT SELECT ON TABLE "edu"."student_dim_for_edu_reader" TO "edu_reader";

-- statement runner dropped
DROP PROCEDURE "edu"."lakeline_policies_runner"(VARCHAR(65535));
