/**
 * The pipeline's Lambda functions (`artifactLayout.lambdaConfigs`, code in `lambdaZips`): created
 * from the tree's zip; the code uploaded again only when the zip's SHA-256 differs from Lambda's
 * `CodeSha256`, the configuration updated when a field of `function.json` changed. Lambda applies
 * an update asynchronously, so each call waits for the function to be updated before the next.
 */
import { createHash } from 'node:crypto';
import type { LambdaClient, Runtime } from '@aws-sdk/client-lambda';
import { artifactLayout as layout } from '../../core/index.js';
import type { FunctionConfig } from '../../lambda-functions/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, deployError, isAwsError, readOrMissing } from '../errors.js';
import { type Change, type Resource, removedTagKeys, taggedFor } from '../resource.js';
import { lambda as sdk } from '../sdk.js';

const {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} = sdk;

/** The fields compared with what Lambda reports, besides the code and tags. */
const SETTINGS = [
  'Description',
  'Runtime',
  'Handler',
  'MemorySize',
  'Timeout',
  'Role',
  'Environment',
] as const;

/** Waits are generous: Lambda usually settles in seconds, a VPC function in minutes. */
const WAIT_SECONDS = 300;

/**
 * A role created moments ago is not yet assumable by Lambda everywhere (IAM is eventually
 * consistent): CreateFunction is retried on that refusal alone.
 */
const ROLE_NOT_READY = /cannot be assumed by Lambda/;

export interface LambdaDeployOptions {
  /** Between CreateFunction attempts while the new role propagates (default 3 s, 10 attempts). */
  readonly roleRetryMs?: number;
}

function functionResource(ctx: DeployContext, name: string, options: LambdaDeployOptions): Resource {
  const file = ctx.tree.json<FunctionConfig>(layout.lambdaConfigs.path(name));
  const zip = ctx.tree.bytes(layout.lambdaZips.path(name));
  const functionName = file.FunctionName;
  const label = `function ${functionName}`;
  const arn = `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${functionName}`;
  const tags = { ...(file.Tags ?? {}), ...ctx.tags };
  // The tree's runtime is one lambda-functions validated; the SDK types it as its enum.
  const settings = Object.fromEntries(SETTINGS.map((k) => [k, file[k]])) as Pick<
    FunctionConfig,
    Exclude<(typeof SETTINGS)[number], 'Runtime'>
  > & { readonly Runtime: Runtime };
  const desired = {
    CodeSha256: createHash('sha256').update(zip).digest('base64'),
    ...settings,
    Tags: tags,
  };
  const waitUpdated = async (client: LambdaClient, call: string) =>
    awsCall(label, `${call} (waiting for the update)`, () =>
      waitUntilFunctionUpdatedV2({ client, maxWaitTime: WAIT_SECONDS }, { FunctionName: functionName }),
    );
  return {
    type: 'AWS::Lambda::Function',
    name: functionName,
    desired,
    async read({ lambda }) {
      const got = await readOrMissing(label, 'GetFunction', ['ResourceNotFoundException'], () =>
        lambda.send(new GetFunctionCommand({ FunctionName: functionName })),
      );
      const c = got?.Configuration;
      if (c === undefined) return undefined;
      return {
        CodeSha256: c.CodeSha256,
        Description: c.Description ?? '',
        Runtime: c.Runtime,
        Handler: c.Handler,
        MemorySize: c.MemorySize,
        Timeout: c.Timeout,
        Role: c.Role,
        Environment: { Variables: c.Environment?.Variables ?? {} },
        Tags: got?.Tags ?? {},
      };
    },
    async create({ lambda }) {
      const input = {
        FunctionName: functionName,
        ...settings,
        Environment: { Variables: { ...settings.Environment.Variables } },
        PackageType: file.PackageType,
        Architectures: [...file.Architectures] as ('x86_64' | 'arm64')[],
        Code: { ZipFile: zip },
        Tags: tags,
      };
      for (let attempt = 1; ; attempt++) {
        try {
          await lambda.send(new CreateFunctionCommand(input));
          break;
        } catch (error) {
          const retry =
            attempt < 10 &&
            isAwsError(error, 'InvalidParameterValueException') &&
            ROLE_NOT_READY.test((error as Error).message);
          if (!retry) throw deployError(label, 'CreateFunction', error);
          await new Promise((r) => setTimeout(r, options.roleRetryMs ?? 3000));
        }
      }
      await awsCall(label, 'CreateFunction (waiting for Active)', () =>
        waitUntilFunctionActiveV2(
          { client: lambda, maxWaitTime: WAIT_SECONDS },
          { FunctionName: functionName },
        ),
      );
    },
    async update({ lambda }, changes: readonly Change[], current) {
      const changed = new Set(changes.map((c) => c.field));
      if (changed.has('CodeSha256')) {
        await awsCall(label, 'UpdateFunctionCode', () =>
          lambda.send(new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: zip })),
        );
        await waitUpdated(lambda, 'UpdateFunctionCode');
      }
      if (SETTINGS.some((k) => changed.has(k))) {
        await awsCall(label, 'UpdateFunctionConfiguration', () =>
          lambda.send(
            new UpdateFunctionConfigurationCommand({
              FunctionName: functionName,
              ...settings,
              Environment: { Variables: { ...settings.Environment.Variables } },
            }),
          ),
        );
        await waitUpdated(lambda, 'UpdateFunctionConfiguration');
      }
      if (changed.has('Tags')) {
        await awsCall(label, 'TagResource', () =>
          lambda.send(new TagResourceCommand({ Resource: arn, Tags: tags })),
        );
        const removed = removedTagKeys(current.Tags, tags);
        if (removed.length > 0) {
          await awsCall(label, 'UntagResource', () =>
            lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: removed })),
          );
        }
      }
    },
    async delete({ lambda }) {
      await awsCall(label, 'DeleteFunction', () =>
        lambda.send(new DeleteFunctionCommand({ FunctionName: functionName })),
      );
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

export const functionResources = (ctx: DeployContext, options: LambdaDeployOptions = {}): Resource[] =>
  ctx.tree
    .list(layout.lambdaConfigs)
    .map((path) => functionResource(ctx, layout.lambdaConfigs.nameOf(path)!, options));
