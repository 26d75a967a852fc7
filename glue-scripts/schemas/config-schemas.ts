/**
 * JSON Schemas of the Glue configs this folder emits: the CreateCrawler, CreateJob and
 * CreateClassifier inputs, restricted to the fields and values lakeline uses, so `lakeline
 * validate` catches a config the deploy step would send malformed.
 */
import { Type } from '@sinclair/typebox';
import { validatorFor } from '../../core/index.js';

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** Glue names: 1–255 characters, no line breaks. */
const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\r\\n]+$' });
const RoleArn = Type.String({ pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,64}$' });
const S3Uri = Type.String({ pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/' });
const Tags = Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 256 }), {
  maxProperties: 50,
});

export const CrawlerConfigSchema = closed({
  Name,
  Role: RoleArn,
  DatabaseName: Type.String({ pattern: '^[a-z0-9_]{1,255}$' }),
  Description: Type.String({ maxLength: 2048 }),
  Targets: closed({ S3Targets: Type.Array(closed({ Path: S3Uri }), { minItems: 1 }) }),
  Classifiers: Type.Optional(Type.Array(Name, { minItems: 1 })),
  SchemaChangePolicy: closed({
    UpdateBehavior: Type.Union([Type.Literal('LOG'), Type.Literal('UPDATE_IN_DATABASE')]),
    DeleteBehavior: Type.Union([
      Type.Literal('LOG'),
      Type.Literal('DELETE_FROM_DATABASE'),
      Type.Literal('DEPRECATE_IN_DATABASE'),
    ]),
  }),
  RecrawlPolicy: closed({
    RecrawlBehavior: Type.Union([Type.Literal('CRAWL_EVERYTHING'), Type.Literal('CRAWL_NEW_FOLDERS_ONLY')]),
  }),
  Configuration: Type.String({ minLength: 2 }),
  Tags,
});

export const JobConfigSchema = closed({
  Name,
  Description: Type.String({ maxLength: 2048 }),
  Role: RoleArn,
  Command: closed({
    Name: Type.Literal('glueetl'),
    ScriptLocation: Type.String({ pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+[.]py$' }),
    PythonVersion: Type.Literal('3'),
  }),
  GlueVersion: Type.Union([Type.Literal('4.0'), Type.Literal('5.0')]),
  WorkerType: Type.Union(['G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X'].map((w) => Type.Literal(w))),
  NumberOfWorkers: Type.Integer({ minimum: 2 }),
  Timeout: Type.Integer({ minimum: 1, maximum: 10080 }),
  MaxRetries: Type.Integer({ minimum: 0, maximum: 10 }),
  ExecutionProperty: closed({ MaxConcurrentRuns: Type.Integer({ minimum: 1 }) }),
  ExecutionClass: Type.Union([Type.Literal('STANDARD'), Type.Literal('FLEX')]),
  DefaultArguments: Type.Intersect([
    Type.Record(Type.String({ pattern: '^--[A-Za-z0-9_-]+$' }), Type.String()),
    Type.Object({
      '--job-bookmark-option': Type.Union([
        Type.Literal('job-bookmark-enable'),
        Type.Literal('job-bookmark-disable'),
        Type.Literal('job-bookmark-pause'),
      ]),
      '--plan_uri': Type.String({ pattern: '^s3://.+[.]json$' }),
      '--TempDir': S3Uri,
    }),
  ]),
  Tags,
});

export const ClassifierConfigSchema = closed({
  CsvClassifier: closed({
    Name,
    Delimiter: Type.String({ minLength: 1, maxLength: 1 }),
    QuoteSymbol: Type.String({ minLength: 1, maxLength: 1 }),
    ContainsHeader: Type.Union([Type.Literal('UNKNOWN'), Type.Literal('PRESENT'), Type.Literal('ABSENT')]),
    DisableValueTrimming: Type.Boolean(),
    AllowSingleColumn: Type.Boolean(),
  }),
});

const crawler = validatorFor(CrawlerConfigSchema);
const job = validatorFor(JobConfigSchema);
const classifier = validatorFor(ClassifierConfigSchema);

export function validateCrawlerConfig(config: unknown): string[] {
  const problems = crawler(config);
  if (problems.length > 0) return problems;
  try {
    const parsed: unknown = JSON.parse((config as { Configuration: string }).Configuration);
    if (parsed === null || typeof parsed !== 'object' || (parsed as { Version?: unknown }).Version !== 1) {
      problems.push('/Configuration: must be a JSON object with "Version": 1.0');
    }
  } catch (error) {
    problems.push(`/Configuration: not JSON (${(error as Error).message})`);
  }
  return problems;
}

export const validateJobConfig = (config: unknown): string[] => job(config);
export const validateClassifierConfig = (config: unknown): string[] => classifier(config);
