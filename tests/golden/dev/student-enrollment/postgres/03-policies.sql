-- student-enrollment (dev), postgres: row-level security and masking.
-- Synthesized from the pipeline definition; change the definition, not this file.

CREATE POLICY "edu_student_dim_rows_edu_us_advisor" ON "edu"."student_dim" AS PERMISSIVE FOR ALL TO CURRENT_USER USING ("country" IN ('US'));

ALTER POLICY "edu_student_dim_rows_edu_us_advisor" ON "edu"."student_dim" TO "edu_us_advisor";

CREATE POLICY "edu_student_dim_rows_all" ON "edu"."student_dim" AS PERMISSIVE FOR ALL TO CURRENT_USER USING (TRUE);

ALTER POLICY "edu_student_dim_rows_all" ON "edu"."student_dim" TO "edu_reader", "edu_writer";

ALTER TABLE "edu"."student_dim" ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE VIEW "edu"."student_dim_for_edu_reader" WITH (security_barrier = true) AS SELECT "student_key", "student_id", "full_name", "email_hash", CAST(CASE WHEN length("phone") > 4 THEN repeat('X', length("phone") - 4) || right("phone", 4) ELSE repeat('X', length("phone")) END AS VARCHAR(32)) AS "phone", CAST(NULL AS DATE) AS "date_of_birth", "country", "enrolled_since" FROM "edu"."student_dim";

GRANT SELECT ON TABLE "edu"."student_dim_for_edu_reader" TO "edu_reader";
