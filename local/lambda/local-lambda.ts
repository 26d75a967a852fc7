/**
 * AWS Lambda in the simulated account: functions created from a zip (by installing a tree, as
 * deploy creates them, or through the local endpoint), their configuration and tags in memory,
 * their code unpacked under `<workdir>/lambda/functions/<name>/<CodeSha256 prefix>/`, and each
 * invocation run by `run-function.ts` from that code. Errors carry Lambda's error names
 * (`Lambda.ResourceNotFoundException`, …) so the endpoint and Step Functions report them as AWS does.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { readZip, ZipFormatError } from '../../core/index.js';
import { AwsServiceError } from '../executor/types.js';
import { type InvocationResult, runFunction } from './run-function.js';

export interface FunctionSettings {
  readonly Runtime: string;
  readonly Handler: string;
  readonly Role: string;
  readonly MemorySize: number;
  readonly Timeout: number;
  readonly Description: string;
  readonly Environment: { readonly Variables: Readonly<Record<string, string>> };
}

export interface FunctionConfiguration extends FunctionSettings {
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly CodeSha256: string;
  readonly CodeSize: number;
  readonly Version: '$LATEST';
  readonly PackageType: 'Zip';
  readonly State: 'Active';
  readonly LastUpdateStatus: 'Successful';
  readonly LastModified: string;
  readonly Architectures: readonly string[];
}

export type CreateFunctionInput = Partial<FunctionSettings> &
  Pick<FunctionSettings, 'Role'> & {
    readonly FunctionName: string;
    readonly ZipFile: Uint8Array;
    readonly Architectures?: readonly string[];
    readonly Tags?: Readonly<Record<string, string>>;
  };

interface StoredFunction {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
  root: string;
}

export interface InvokeOutput {
  readonly StatusCode: 200;
  readonly ExecutedVersion: '$LATEST';
  /** `Unhandled` when the function failed; the payload is then the error as Lambda reports it. */
  readonly FunctionError?: 'Unhandled';
  readonly Payload: Buffer;
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const DEFAULTS = {
  MemorySize: 128,
  Timeout: 3,
  Description: '',
  Handler: 'index.handler',
  Runtime: 'nodejs22.x',
};

const notFound = (name: string) =>
  new AwsServiceError('Lambda.ResourceNotFoundException', `Function not found: ${name}`);
const invalid = (message: string) => new AwsServiceError('Lambda.InvalidParameterValueException', message);

/**
 * The folder holding the repository's `@aws-sdk` packages: the Lambda runtimes provide SDK v3,
 * so the bundles leave it out, and locally they import lakeline's own.
 */
function sdkFolder(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@aws-sdk/client-s3/package.json');
    return dirname(dirname(pkg));
  } catch {
    return undefined;
  }
}

export interface LocalLambdaOptions {
  /** `<workdir>/lambda`: unpacked code and one log file per function. */
  readonly dir: string;
  readonly region: string;
  readonly account: string;
  /**
   * The endpoint the AWS SDK inside a function is pointed at (`AWS_ENDPOINT_URL`), when one
   * serves the account; without one, SDK calls go nowhere (a closed local port), never to AWS.
   */
  readonly endpoint?: () => string | undefined;
}

/** Where SDK calls of a function go when no local endpoint serves the account: a refused connection. */
export const NO_ENDPOINT = 'http://127.0.0.1:9';

export class LocalLambda {
  private readonly functions = new Map<string, StoredFunction>();

  constructor(private readonly options: LocalLambdaOptions) {}

  /** The function's name from a name, an ARN or a partial ARN, with or without `:$LATEST`. */
  nameOf(reference: string): string {
    const m = /^(?:arn:aws[a-z-]*:lambda:[^:]*:\d*:function:|\d{12}:function:)?([^:]+)(?::\$LATEST)?$/.exec(
      reference,
    );
    if (m === null) throw invalid(`${reference} is not a function name or ARN (only $LATEST is served)`);
    return m[1]!;
  }

  private get(reference: string): StoredFunction {
    const fn = this.functions.get(this.nameOf(reference));
    if (fn === undefined) throw notFound(reference);
    return fn;
  }

  /** Unpacks a zip under the function's folder; its files may not leave it. */
  private unpack(name: string, zip: Uint8Array): { root: string; sha: string; size: number } {
    const sha = createHash('sha256').update(zip).digest('base64');
    const root = join(
      this.options.dir,
      'functions',
      name,
      createHash('sha256').update(zip).digest('hex').slice(0, 16),
    );
    let entries: ReturnType<typeof readZip>;
    try {
      entries = readZip(zip);
    } catch (error) {
      if (error instanceof ZipFormatError) throw invalid(`Could not unzip uploaded file: ${error.message}`);
      throw error;
    }
    rmSync(root, { recursive: true, force: true });
    for (const entry of entries) {
      const path = normalize(join(root, entry.name));
      if (!path.startsWith(root + sep))
        throw invalid(`Could not unzip uploaded file: ${entry.name} leaves its folder`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, entry.data);
    }
    const sdk = sdkFolder();
    const link = join(root, 'node_modules', '@aws-sdk');
    if (sdk !== undefined && !existsSync(link)) {
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(sdk, link, 'dir');
    }
    return { root, sha, size: zip.byteLength };
  }

  createFunction(input: CreateFunctionInput): FunctionConfiguration {
    if (!NAME.test(input.FunctionName)) throw invalid(`${input.FunctionName} is not a valid function name`);
    if (this.functions.has(input.FunctionName))
      throw new AwsServiceError(
        'Lambda.ResourceConflictException',
        `Function already exist: ${input.FunctionName}`,
      );
    const code = this.unpack(input.FunctionName, input.ZipFile);
    const configuration: FunctionConfiguration = {
      FunctionName: input.FunctionName,
      FunctionArn: `arn:aws:lambda:${this.options.region}:${this.options.account}:function:${input.FunctionName}`,
      Runtime: input.Runtime ?? DEFAULTS.Runtime,
      Handler: input.Handler ?? DEFAULTS.Handler,
      Role: input.Role,
      MemorySize: input.MemorySize ?? DEFAULTS.MemorySize,
      Timeout: input.Timeout ?? DEFAULTS.Timeout,
      Description: input.Description ?? DEFAULTS.Description,
      Environment: { Variables: { ...(input.Environment?.Variables ?? {}) } },
      CodeSha256: code.sha,
      CodeSize: code.size,
      Version: '$LATEST',
      PackageType: 'Zip',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      LastModified: new Date().toISOString(),
      Architectures: [...(input.Architectures ?? ['x86_64'])],
    };
    this.check(configuration);
    this.functions.set(input.FunctionName, {
      configuration,
      tags: { ...(input.Tags ?? {}) },
      root: code.root,
    });
    return configuration;
  }

  private check(c: FunctionSettings): void {
    if (!/^nodejs\d+\.x$/.test(c.Runtime))
      throw invalid(`Runtime ${c.Runtime} is not served locally: only Node.js runtimes run here`);
    if (!Number.isInteger(c.MemorySize) || c.MemorySize < 128 || c.MemorySize > 10240)
      throw invalid(`MemorySize ${c.MemorySize} must be between 128 and 10240`);
    if (!Number.isInteger(c.Timeout) || c.Timeout < 1 || c.Timeout > 900)
      throw invalid(`Timeout ${c.Timeout} must be between 1 and 900`);
  }

  getFunction(reference: string): { configuration: FunctionConfiguration; tags: Record<string, string> } {
    const fn = this.get(reference);
    return { configuration: fn.configuration, tags: { ...fn.tags } };
  }

  listFunctions(): FunctionConfiguration[] {
    return [...this.functions.values()]
      .map((f) => f.configuration)
      .sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
  }

  updateFunctionCode(reference: string, zip: Uint8Array): FunctionConfiguration {
    const fn = this.get(reference);
    const code = this.unpack(fn.configuration.FunctionName, zip);
    fn.root = code.root;
    fn.configuration = {
      ...fn.configuration,
      CodeSha256: code.sha,
      CodeSize: code.size,
      LastModified: new Date().toISOString(),
    };
    return fn.configuration;
  }

  updateFunctionConfiguration(reference: string, change: Partial<FunctionSettings>): FunctionConfiguration {
    const fn = this.get(reference);
    const next = {
      ...fn.configuration,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
      LastModified: new Date().toISOString(),
    } as FunctionConfiguration;
    this.check(next);
    fn.configuration = next;
    return next;
  }

  deleteFunction(reference: string): void {
    const name = this.get(reference).configuration.FunctionName;
    this.functions.delete(name);
    rmSync(join(this.options.dir, 'functions', name), { recursive: true, force: true });
  }

  tagResource(arn: string, tags: Readonly<Record<string, string>>): void {
    Object.assign(this.get(arn).tags, tags);
  }

  untagResource(arn: string, keys: readonly string[]): void {
    const fn = this.get(arn);
    for (const k of keys) delete fn.tags[k];
  }

  /** The function's log: CloudWatch-style lines of every invocation. */
  logFile(name: string): string {
    return join(this.options.dir, 'logs', `${name}.log`);
  }

  /** A synchronous invocation (RequestResponse), as Invoke answers it. */
  async invoke(reference: string, payload: string): Promise<InvokeOutput> {
    const fn = this.get(reference);
    const c = fn.configuration;
    try {
      if (payload !== '') JSON.parse(payload);
    } catch {
      throw new AwsServiceError(
        'Lambda.InvalidRequestContentException',
        'Could not parse request body into json',
      );
    }
    const requestId = randomUUID();
    const endpoint = this.options.endpoint?.() ?? NO_ENDPOINT;
    const result: InvocationResult = await runFunction({
      root: fn.root,
      handler: c.Handler,
      functionArn: c.FunctionArn,
      memoryMb: c.MemorySize,
      timeoutSeconds: c.Timeout,
      requestId,
      event: payload,
      logFile: this.logFile(c.FunctionName),
      environment: {
        ...c.Environment.Variables,
        AWS_REGION: this.options.region,
        AWS_DEFAULT_REGION: this.options.region,
        AWS_LAMBDA_FUNCTION_NAME: c.FunctionName,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.MemorySize),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${c.FunctionName}`,
        AWS_LAMBDA_LOG_STREAM_NAME: `local/${requestId}`,
        AWS_EXECUTION_ENV: `AWS_Lambda_${c.Runtime}`,
        LAMBDA_TASK_ROOT: fn.root,
        _HANDLER: c.Handler,
        TZ: 'UTC',
        // The SDK inside the function talks to the simulated account, with the fixed test keys
        // local endpoints accept: never to AWS, whatever credentials the simulator's own process has.
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SESSION_TOKEN: 'test',
        ...(process.env.PATH === undefined ? {} : { PATH: process.env.PATH }),
      },
    });
    return result.ok
      ? { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: Buffer.from(JSON.stringify(result.payload)) }
      : {
          StatusCode: 200,
          ExecutedVersion: '$LATEST',
          FunctionError: 'Unhandled',
          Payload: Buffer.from(JSON.stringify(result.error)),
        };
  }
}
