-- student-enrollment (dev), redshift: schemas, star tables and staging tables.
-- Synthesized from the pipeline definition; change the definition, not this file.

CREATE SCHEMA IF NOT EXISTS "edu";

CREATE SCHEMA IF NOT EXISTS "edu_staging";

CREATE EXTERNAL SCHEMA IF NOT EXISTS "edu_lake" FROM DATA CATALOG DATABASE 'student_enrollment_dev_processed' IAM_ROLE 'arn:aws:iam::111111111111:role/lakeline-dev-redshift-copy';

CREATE TABLE IF NOT EXISTS "edu"."student_dim" (
  "student_key" BIGINT IDENTITY(1, 1) NOT NULL,
  "student_id" VARCHAR(16) NOT NULL,
  "full_name" VARCHAR(130),
  "email_hash" VARCHAR(64),
  "phone" VARCHAR(32),
  "date_of_birth" DATE,
  "country" VARCHAR(2),
  "enrolled_since" DATE,
  PRIMARY KEY ("student_key"),
  UNIQUE ("student_id")
);

CREATE TABLE IF NOT EXISTS "edu"."course_dim" (
  "course_key" BIGINT IDENTITY(1, 1) NOT NULL,
  "course_id" VARCHAR(16) NOT NULL,
  "course_name" VARCHAR(128),
  "department" VARCHAR(64),
  "credits" INTEGER,
  "level" VARCHAR(16),
  PRIMARY KEY ("course_key"),
  UNIQUE ("course_id")
);

CREATE TABLE IF NOT EXISTS "edu"."instructor_dim" (
  "instructor_key" BIGINT IDENTITY(1, 1) NOT NULL,
  "instructor_id" VARCHAR(16) NOT NULL,
  "full_name" VARCHAR(130),
  "email_hash" VARCHAR(64),
  "department" VARCHAR(64),
  "rating" DECIMAL(3, 2),
  PRIMARY KEY ("instructor_key"),
  UNIQUE ("instructor_id")
);

CREATE TABLE IF NOT EXISTS "edu"."enrollment_fact" (
  "enrollment_id" VARCHAR(24) NOT NULL,
  "student_key" BIGINT,
  "course_key" BIGINT,
  "instructor_key" BIGINT,
  "marks" DECIMAL(5, 2),
  "attendance_pct" DECIMAL(5, 2),
  "enrollment_date" DATE,
  "term" VARCHAR(16),
  "status" VARCHAR(16),
  "updated_at" TIMESTAMP,
  PRIMARY KEY ("enrollment_id"),
  FOREIGN KEY ("student_key") REFERENCES "edu"."student_dim" ("student_key"),
  FOREIGN KEY ("course_key") REFERENCES "edu"."course_dim" ("course_key"),
  FOREIGN KEY ("instructor_key") REFERENCES "edu"."instructor_dim" ("instructor_key")
)
DISTKEY ("student_key")
SORTKEY ("enrollment_date");

CREATE TABLE IF NOT EXISTS "edu_staging"."students" (
  "student_id" VARCHAR(16),
  "first_name" VARCHAR(64),
  "last_name" VARCHAR(64),
  "email" VARCHAR(256),
  "phone" VARCHAR(32),
  "ssn" VARCHAR(16),
  "date_of_birth" DATE,
  "country" VARCHAR(2),
  "enrolled_since" DATE,
  "full_name" VARCHAR(MAX)
);

CREATE TABLE IF NOT EXISTS "edu_staging"."courses" (
  "course_id" VARCHAR(16),
  "course_name" VARCHAR(128),
  "department" VARCHAR(64),
  "credits" INTEGER,
  "level" VARCHAR(16)
);

CREATE TABLE IF NOT EXISTS "edu_staging"."instructors" (
  "instructor_id" VARCHAR(16),
  "first_name" VARCHAR(64),
  "last_name" VARCHAR(64),
  "email" VARCHAR(256),
  "department" VARCHAR(64),
  "rating" DECIMAL(3, 2),
  "full_name" VARCHAR(MAX)
);

CREATE TABLE IF NOT EXISTS "edu_staging"."enrollments" (
  "enrollment_id" VARCHAR(24),
  "student_id" VARCHAR(16),
  "course_id" VARCHAR(16),
  "instructor_id" VARCHAR(16),
  "enrollment_date" DATE,
  "marks" DECIMAL(5, 2),
  "attendance_pct" DECIMAL(5, 2),
  "status" VARCHAR(16),
  "updated_at" TIMESTAMP,
  "term" VARCHAR(16)
);

CREATE TABLE IF NOT EXISTS "edu_staging"."enrollment_fact" (
  "enrollment_id" VARCHAR(24),
  "student_key" BIGINT,
  "course_key" BIGINT,
  "instructor_key" BIGINT,
  "marks" DECIMAL(5, 2),
  "attendance_pct" DECIMAL(5, 2),
  "enrollment_date" DATE,
  "term" VARCHAR(16),
  "status" VARCHAR(16),
  "updated_at" TIMESTAMP
);
