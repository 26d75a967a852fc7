-- student-enrollment (dev), postgres: roles and their grants.
-- Synthesized from the pipeline definition; change the definition, not this file.

CREATE ROLE "edu_reader" NOLOGIN;

GRANT USAGE ON SCHEMA "edu" TO "edu_reader";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO "edu_reader";

GRANT SELECT ON TABLE "edu"."course_dim" TO "edu_reader";

GRANT SELECT ("instructor_key", "instructor_id", "full_name", "department", "rating") ON TABLE "edu"."instructor_dim" TO "edu_reader";

GRANT SELECT ("student_key", "student_id", "full_name", "email_hash", "country", "enrolled_since") ON TABLE "edu"."student_dim" TO "edu_reader";

CREATE ROLE "edu_writer" NOLOGIN;

GRANT USAGE ON SCHEMA "edu" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."enrollment_fact" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."student_dim" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."course_dim" TO "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."instructor_dim" TO "edu_writer";

CREATE ROLE "edu_us_advisor" NOLOGIN;

GRANT USAGE ON SCHEMA "edu" TO "edu_us_advisor";

GRANT SELECT ("student_key", "student_id", "full_name", "country", "enrolled_since") ON TABLE "edu"."student_dim" TO "edu_us_advisor";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO "edu_us_advisor";
