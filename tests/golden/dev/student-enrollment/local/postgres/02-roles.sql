-- student-enrollment (dev), postgres, the simulator's stand-in for the redshift target: roles and their grants.
-- Synthesized from the pipeline definition; change the definition, not this file.

-- statement runner: executes the statements that the catalog queries below return
CREATE OR REPLACE PROCEDURE "edu"."lakeline_roles_runner"(statements_query VARCHAR(65535))
AS $$
DECLARE
  statement_row RECORD;
BEGIN
  FOR statement_row IN EXECUTE statements_query LOOP
    EXECUTE statement_row.statement_text;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

-- role edu_reader
CALL "edu"."lakeline_roles_runner"('SELECT ''CREATE ROLE "edu_reader" NOLOGIN'' AS "statement_text" WHERE NOT EXISTS (SELECT 1 FROM "pg_roles" WHERE "rolname" = ''edu_reader'')');

REVOKE ALL ON ALL TABLES IN SCHEMA "edu" FROM "edu_reader";

REVOKE ALL ON SCHEMA "edu" FROM "edu_reader";

GRANT USAGE ON SCHEMA "edu" TO "edu_reader";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO "edu_reader";

GRANT SELECT ON TABLE "edu"."course_dim" TO "edu_reader";

GRANT SELECT ("instructor_key", "instructor_id", "full_name", "department", "rating") ON TABLE "edu"."instructor_dim" TO "edu_reader";

GRANT SELECT ("student_key", "student_id", "full_name", "email_hash", "country", "enrolled_since") ON TABLE "edu"."student_dim" TO "edu_reader";

-- role edu_writer
CALL "edu"."lakeline_roles_runner"('SELECT ''CREATE ROLE "edu_writer" NOLOGIN'' AS "statement_text" WHERE NOT EXISTS (SELECT 1 FROM "pg_roles" WHERE "rolname" = ''edu_writer'')');

REVOKE ALL ON ALL TABLES IN SCHEMA "edu" FROM "edu_writer";

REVOKE ALL ON SCHEMA "edu" FROM "edu_writer";

GRANT USAGE ON SCHEMA "edu" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."enrollment_fact" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."student_dim" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."course_dim" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."instructor_dim" TO "edu_writer";

-- role edu_us_advisor
CALL "edu"."lakeline_roles_runner"('SELECT ''CREATE ROLE "edu_us_advisor" NOLOGIN'' AS "statement_text" WHERE NOT EXISTS (SELECT 1 FROM "pg_roles" WHERE "rolname" = ''edu_us_advisor'')');

REVOKE ALL ON ALL TABLES IN SCHEMA "edu" FROM "edu_us_advisor";

REVOKE ALL ON SCHEMA "edu" FROM "edu_us_advisor";

GRANT USAGE ON SCHEMA "edu" TO "edu_us_advisor";

GRANT SELECT ("student_key", "student_id", "full_name", "country", "enrolled_since") ON TABLE "edu"."student_dim" TO "edu_us_advisor";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO "edu_us_advisor";

-- statement runner dropped
DROP PROCEDURE "edu"."lakeline_roles_runner"(VARCHAR(65535));
