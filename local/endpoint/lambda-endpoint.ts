/**
 * AWS Lambda on the local endpoint (REST-JSON, API version 2015-03-31): functions of the cloud's
 * `LocalLambda`, created from zips and invoked by running their code (`local/lambda/`), the same
 * functions the state machines' `lambda:invoke` Tasks run.
 */
import type { FunctionSettings, LocalLambda } from '../lambda/local-lambda.js';
import type { LocalCloud } from './cloud.js';
import type { JsonInput } from './json-input.js';
import { type RestJsonRoute, restJsonService } from './rest-json.js';
import type { EndpointResponse, ServiceEndpoint } from './types.js';
import { AwsWireError } from './types.js';

const FUNCTIONS = '/2015-03-31/functions';
const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

const INVALID = 'InvalidParameterValueException';

function zipOf(input: JsonInput, member: string): Buffer {
  const text = input.optionalString(member);
  if (text === undefined)
    throw new AwsWireError(
      INVALID,
      `${member} is required: the local endpoint takes code as a zip, not from S3 or an image`,
    );
  return Buffer.from(text, 'base64');
}

/** The members of UpdateFunctionConfiguration (and CreateFunction) that the local Lambda keeps. */
function settings(input: JsonInput): Partial<FunctionSettings> {
  const out: Record<string, unknown> = {};
  for (const name of ['Runtime', 'Handler', 'Role', 'Description'] as const) {
    const v = input.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  for (const name of ['MemorySize', 'Timeout'] as const) {
    const v = input.optionalNumber(name);
    if (v !== undefined) out[name] = v;
  }
  const env = input.optionalInput('Environment');
  if (env !== undefined) out.Environment = { Variables: env.optionalStringMap('Variables') ?? {} };
  return out as Partial<FunctionSettings>;
}

function routes(lambda: LocalLambda): RestJsonRoute[] {
  const getFunction = (name: string) => {
    const { configuration, tags } = lambda.getFunction(name);
    return {
      Configuration: configuration,
      Code: { RepositoryType: 'S3', Location: `local://lambda/${configuration.FunctionName}` },
      Tags: tags,
    };
  };
  return [
    {
      method: 'POST',
      path: FUNCTIONS,
      operation: 'CreateFunction',
      handle: (input) => {
        const packageType = input.optionalString('PackageType');
        if (packageType !== undefined && packageType !== 'Zip')
          throw new AwsWireError(INVALID, 'Only Zip functions are served locally');
        return lambda.createFunction({
          ...settings(input),
          FunctionName: input.string('FunctionName'),
          Role: input.string('Role'),
          ZipFile: zipOf(input.input('Code'), 'ZipFile'),
          ...(input.has('Architectures') ? { Architectures: input.stringList('Architectures') } : {}),
          ...(input.has('Tags') ? { Tags: input.stringMap('Tags') } : {}),
        });
      },
    },
    {
      method: 'GET',
      path: `${FUNCTIONS}/`,
      operation: 'ListFunctions',
      handle: () => ({ Functions: lambda.listFunctions() }),
    },
    {
      method: 'GET',
      path: `${FUNCTIONS}/{FunctionName}`,
      operation: 'GetFunction',
      handle: (input) => getFunction(input.string('FunctionName')),
    },
    {
      method: 'GET',
      path: `${FUNCTIONS}/{FunctionName}/configuration`,
      operation: 'GetFunctionConfiguration',
      handle: (input) => lambda.getFunction(input.string('FunctionName')).configuration,
    },
    {
      method: 'PUT',
      path: `${FUNCTIONS}/{FunctionName}/code`,
      operation: 'UpdateFunctionCode',
      handle: (input) => lambda.updateFunctionCode(input.string('FunctionName'), zipOf(input, 'ZipFile')),
    },
    {
      method: 'PUT',
      path: `${FUNCTIONS}/{FunctionName}/configuration`,
      operation: 'UpdateFunctionConfiguration',
      handle: (input) => lambda.updateFunctionConfiguration(input.string('FunctionName'), settings(input)),
    },
    {
      method: 'DELETE',
      path: `${FUNCTIONS}/{FunctionName}`,
      operation: 'DeleteFunction',
      handle: (input) => {
        lambda.deleteFunction(input.string('FunctionName'));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/2017-03-31/tags/{Resource}',
      operation: 'ListTags',
      handle: (input) => ({ Tags: lambda.getFunction(input.string('Resource')).tags }),
    },
    {
      method: 'POST',
      path: '/2017-03-31/tags/{Resource}',
      operation: 'TagResource',
      handle: (input) => {
        lambda.tagResource(input.string('Resource'), input.stringMap('Tags'));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/2017-03-31/tags/{Resource}',
      query: { tagKeys: { member: 'TagKeys', kind: 'list' } },
      operation: 'UntagResource',
      handle: (input) => {
        lambda.untagResource(input.string('Resource'), input.stringList('TagKeys'));
        return {};
      },
    },
  ];
}

export function lambdaEndpoint(cloud: Pick<LocalCloud, 'lambda'>): ServiceEndpoint {
  const rest = restJsonService({
    signingNames: ['lambda'],
    routes: routes(cloud.lambda),
    invalidInputCode: INVALID,
    errorStatus: {
      ResourceNotFoundException: 404,
      ResourceConflictException: 409,
      InvalidParameterValueException: 400,
      InvalidRequestContentException: 400,
    },
  });
  return {
    ...rest,
    // Invoke's body is the event itself and its answer the function's payload, not JSON members.
    async handle(request): Promise<EndpointResponse> {
      const invocation = INVOCATIONS.exec(request.path);
      if (invocation === null || request.method !== 'POST') return rest.handle(request);
      try {
        const type = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
        if (type !== 'RequestResponse')
          throw new AwsWireError(
            INVALID,
            `InvocationType ${type} is not served locally: only RequestResponse`,
          );
        const out = await cloud.lambda.invoke(
          decodeURIComponent(invocation[1]!),
          request.body.toString('utf8'),
        );
        return {
          status: out.StatusCode,
          headers: {
            'content-type': 'application/json',
            'x-amz-executed-version': out.ExecutedVersion,
            ...(out.FunctionError === undefined ? {} : { 'x-amz-function-error': out.FunctionError }),
          },
          body: out.Payload,
        };
      } catch (error) {
        return rest.errorResponse(error as AwsWireError, request);
      }
    },
  };
}
