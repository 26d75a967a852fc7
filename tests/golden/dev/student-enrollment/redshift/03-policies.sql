-- student-enrollment (dev), redshift: row-level security and masking.
-- Synthesized from the pipeline definition; change the definition, not this file.

CREATE RLS POLICY "edu_student_dim_rows_edu_us_advisor" WITH ("country" VARCHAR(2)) USING ("country" IN ('US'));

ATTACH RLS POLICY "edu_student_dim_rows_edu_us_advisor" ON TABLE "edu"."student_dim" TO ROLE "edu_us_advisor";

CREATE RLS POLICY "edu_student_dim_rows_all" USING (TRUE);

ATTACH RLS POLICY "edu_student_dim_rows_all" ON TABLE "edu"."student_dim" TO ROLE "edu_reader", ROLE "edu_writer";

ALTER TABLE "edu"."student_dim" ROW LEVEL SECURITY ON;

CREATE MASKING POLICY "edu_mask_partial_string_32" IF NOT EXISTS WITH ("value" VARCHAR(32)) USING (CAST(CASE WHEN length("value") > 4 THEN repeat('X', length("value") - 4) || right("value", 4) ELSE repeat('X', length("value")) END AS VARCHAR(32)));

ATTACH MASKING POLICY "edu_mask_partial_string_32" ON "edu"."student_dim" ("phone") TO ROLE "edu_reader" PRIORITY 10;

CREATE MASKING POLICY "edu_mask_full_date" IF NOT EXISTS WITH ("value" DATE) USING (CAST(NULL AS DATE));

ATTACH MASKING POLICY "edu_mask_full_date" ON "edu"."student_dim" ("date_of_birth") TO ROLE "edu_reader" PRIORITY 10;
