-- student-enrollment (dev), redshift: roles and their grants.
-- Synthesized from the pipeline definition; change the definition, not this file.

CREATE ROLE "edu_reader";

GRANT USAGE ON SCHEMA "edu" TO ROLE "edu_reader";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO ROLE "edu_reader";

GRANT SELECT ON TABLE "edu"."course_dim" TO ROLE "edu_reader";

GRANT SELECT ("instructor_key", "instructor_id", "full_name", "department", "rating") ON TABLE "edu"."instructor_dim" TO ROLE "edu_reader";

GRANT SELECT ON TABLE "edu"."student_dim" TO ROLE "edu_reader";

CREATE ROLE "edu_writer";

GRANT USAGE ON SCHEMA "edu" TO ROLE "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."enrollment_fact" TO ROLE "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."student_dim" TO ROLE "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."course_dim" TO ROLE "edu_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "edu"."instructor_dim" TO ROLE "edu_writer";

CREATE ROLE "edu_us_advisor";

GRANT USAGE ON SCHEMA "edu" TO ROLE "edu_us_advisor";

GRANT SELECT ("student_key", "student_id", "full_name", "country", "enrolled_since") ON TABLE "edu"."student_dim" TO ROLE "edu_us_advisor";

GRANT SELECT ON TABLE "edu"."enrollment_fact" TO ROLE "edu_us_advisor";
