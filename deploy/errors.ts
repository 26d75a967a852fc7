/**
 * An AWS call that failed, said the way a user can act on it: which resource, which call, what
 * AWS answered.
 */
export class DeployError extends Error {
  constructor(
    readonly resource: string,
    readonly call: string,
    readonly awsCode: string,
    readonly awsMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${resource}: ${call} failed: ${awsCode}: ${awsMessage}`, options);
    this.name = 'DeployError';
  }
}

/** The error name AWS gave (`AccessDeniedException`, `NoSuchEntity`, …). */
export function awsCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

export function isAwsError(error: unknown, ...codes: string[]): boolean {
  return codes.includes(awsCode(error));
}

/**
 * Runs one SDK call for a resource; a failure becomes a DeployError naming both. `call` is the
 * operation's name (`CreateJob`).
 */
export async function awsCall<T>(resource: string, call: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw deployError(resource, call, error);
  }
}

/** An SDK error as a DeployError naming the resource and the call. */
/** What to do about the errors every first-time user meets. */
const HINTS: Readonly<Record<string, string>> = {
  CredentialsProviderError:
    'give AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO), or --endpoint for a local endpoint',
  ECONNREFUSED: 'nothing answers at the endpoint: is `lakeline local serve` (or LocalStack) running?',
};

export function deployError(resource: string, call: string, error: unknown): DeployError {
  if (error instanceof DeployError) return error;
  const code = awsCode(error);
  const hint = HINTS[code] ?? HINTS[(error as { code?: string }).code ?? ''];
  const message = `${(error as Error).message || '(no message)'}${hint === undefined ? '' : ` (${hint})`}`;
  return new DeployError(resource, call, code, message, { cause: error });
}

/** Every page of an SDK paginator (`paginateListJobs(…)`); a failure names the resource and the call. */
export async function allPages<T>(resource: string, call: string, pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  try {
    for await (const page of pages) all.push(page);
  } catch (error) {
    throw deployError(resource, call, error);
  }
  return all;
}

/**
 * A Get/Describe call where "not found" means the resource does not exist yet: its result, or
 * undefined for one of the `missing` error names.
 */
export async function readOrMissing<T>(
  resource: string,
  call: string,
  missing: readonly string[],
  send: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (missing.includes(awsCode(error))) return undefined;
    throw deployError(resource, call, error);
  }
}
