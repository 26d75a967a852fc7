-- student-enrollment (dev), postgres, the simulator's stand-in for the redshift target: staging load and merges; rerunnable.
-- Synthesized from the pipeline definition; change the definition, not this file.

BEGIN;

TRUNCATE TABLE "edu_staging"."students";

COPY "edu_staging"."students" ("student_id", "first_name", "last_name", "email", "phone", "ssn", "date_of_birth", "country", "enrolled_since", "full_name") FROM 's3://lakeline-dev-data/student-enrollment/processed/students/' WITH (FORMAT parquet);

TRUNCATE TABLE "edu_staging"."courses";

COPY "edu_staging"."courses" ("course_id", "course_name", "department", "credits", "level") FROM 's3://lakeline-dev-data/student-enrollment/processed/courses/' WITH (FORMAT parquet);

TRUNCATE TABLE "edu_staging"."instructors";

COPY "edu_staging"."instructors" ("instructor_id", "first_name", "last_name", "email", "department", "rating", "full_name") FROM 's3://lakeline-dev-data/student-enrollment/processed/instructors/' WITH (FORMAT parquet);

TRUNCATE TABLE "edu_staging"."enrollments";

COPY "edu_staging"."enrollments" ("enrollment_id", "student_id", "course_id", "instructor_id", "enrollment_date", "marks", "attendance_pct", "status", "updated_at", "term") FROM 's3://lakeline-dev-data/student-enrollment/processed/enrollments/' WITH (FORMAT parquet);

MERGE INTO "edu"."student_dim" AS "student_dim" USING "edu_staging"."students" AS "staged" ON "student_dim"."student_id" = "staged"."student_id" WHEN MATCHED AND ("student_dim"."full_name" IS DISTINCT FROM "staged"."full_name" OR "student_dim"."email_hash" IS DISTINCT FROM "staged"."email" OR "student_dim"."phone" IS DISTINCT FROM "staged"."phone" OR "student_dim"."date_of_birth" IS DISTINCT FROM "staged"."date_of_birth" OR "student_dim"."country" IS DISTINCT FROM "staged"."country" OR "student_dim"."enrolled_since" IS DISTINCT FROM "staged"."enrolled_since") THEN UPDATE SET "full_name" = "staged"."full_name", "email_hash" = "staged"."email", "phone" = "staged"."phone", "date_of_birth" = "staged"."date_of_birth", "country" = "staged"."country", "enrolled_since" = "staged"."enrolled_since" WHEN NOT MATCHED THEN INSERT ("student_id", "full_name", "email_hash", "phone", "date_of_birth", "country", "enrolled_since") VALUES ("staged"."student_id", "staged"."full_name", "staged"."email", "staged"."phone", "staged"."date_of_birth", "staged"."country", "staged"."enrolled_since");

MERGE INTO "edu"."course_dim" AS "course_dim" USING "edu_staging"."courses" AS "staged" ON "course_dim"."course_id" = "staged"."course_id" WHEN MATCHED AND ("course_dim"."course_name" IS DISTINCT FROM "staged"."course_name" OR "course_dim"."department" IS DISTINCT FROM "staged"."department" OR "course_dim"."credits" IS DISTINCT FROM "staged"."credits" OR "course_dim"."level" IS DISTINCT FROM "staged"."level") THEN UPDATE SET "course_name" = "staged"."course_name", "department" = "staged"."department", "credits" = "staged"."credits", "level" = "staged"."level" WHEN NOT MATCHED THEN INSERT ("course_id", "course_name", "department", "credits", "level") VALUES ("staged"."course_id", "staged"."course_name", "staged"."department", "staged"."credits", "staged"."level");

MERGE INTO "edu"."instructor_dim" AS "instructor_dim" USING "edu_staging"."instructors" AS "staged" ON "instructor_dim"."instructor_id" = "staged"."instructor_id" WHEN MATCHED AND ("instructor_dim"."full_name" IS DISTINCT FROM "staged"."full_name" OR "instructor_dim"."email_hash" IS DISTINCT FROM "staged"."email" OR "instructor_dim"."department" IS DISTINCT FROM "staged"."department" OR "instructor_dim"."rating" IS DISTINCT FROM "staged"."rating") THEN UPDATE SET "full_name" = "staged"."full_name", "email_hash" = "staged"."email", "department" = "staged"."department", "rating" = "staged"."rating" WHEN NOT MATCHED THEN INSERT ("instructor_id", "full_name", "email_hash", "department", "rating") VALUES ("staged"."instructor_id", "staged"."full_name", "staged"."email", "staged"."department", "staged"."rating");

TRUNCATE TABLE "edu_staging"."enrollment_fact";

INSERT INTO "edu_staging"."enrollment_fact" ("enrollment_id", "student_key", "course_key", "instructor_key", "marks", "attendance_pct", "enrollment_date", "term", "status", "updated_at") SELECT "staged"."enrollment_id" AS "enrollment_id", "d1"."student_key" AS "student_key", "d2"."course_key" AS "course_key", "d3"."instructor_key" AS "instructor_key", "staged"."marks" AS "marks", "staged"."attendance_pct" AS "attendance_pct", "staged"."enrollment_date" AS "enrollment_date", "staged"."term" AS "term", "staged"."status" AS "status", "staged"."updated_at" AS "updated_at" FROM "edu_staging"."enrollments" AS "staged" LEFT JOIN "edu"."student_dim" AS "d1" ON "d1"."student_id" = "staged"."student_id" LEFT JOIN "edu"."course_dim" AS "d2" ON "d2"."course_id" = "staged"."course_id" LEFT JOIN "edu"."instructor_dim" AS "d3" ON "d3"."instructor_id" = "staged"."instructor_id" ORDER BY "staged"."enrollment_id" ASC;

MERGE INTO "edu"."enrollment_fact" AS "enrollment_fact" USING "edu_staging"."enrollment_fact" AS "staged" ON "enrollment_fact"."enrollment_id" = "staged"."enrollment_id" WHEN MATCHED AND ("enrollment_fact"."student_key" IS DISTINCT FROM "staged"."student_key" OR "enrollment_fact"."course_key" IS DISTINCT FROM "staged"."course_key" OR "enrollment_fact"."instructor_key" IS DISTINCT FROM "staged"."instructor_key" OR "enrollment_fact"."marks" IS DISTINCT FROM "staged"."marks" OR "enrollment_fact"."attendance_pct" IS DISTINCT FROM "staged"."attendance_pct" OR "enrollment_fact"."enrollment_date" IS DISTINCT FROM "staged"."enrollment_date" OR "enrollment_fact"."term" IS DISTINCT FROM "staged"."term" OR "enrollment_fact"."status" IS DISTINCT FROM "staged"."status" OR "enrollment_fact"."updated_at" IS DISTINCT FROM "staged"."updated_at") THEN UPDATE SET "student_key" = "staged"."student_key", "course_key" = "staged"."course_key", "instructor_key" = "staged"."instructor_key", "marks" = "staged"."marks", "attendance_pct" = "staged"."attendance_pct", "enrollment_date" = "staged"."enrollment_date", "term" = "staged"."term", "status" = "staged"."status", "updated_at" = "staged"."updated_at" WHEN NOT MATCHED THEN INSERT ("enrollment_id", "student_key", "course_key", "instructor_key", "marks", "attendance_pct", "enrollment_date", "term", "status", "updated_at") VALUES ("staged"."enrollment_id", "staged"."student_key", "staged"."course_key", "staged"."instructor_key", "staged"."marks", "staged"."attendance_pct", "staged"."enrollment_date", "staged"."term", "staged"."status", "staged"."updated_at");

COMMIT;
