/**
 * AWS Step Functions on the local endpoint (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Op>`):
 * state machines created here run on the simulator's executor, every Task served by the cloud's
 * S3, SNS, Glue crawlers and jobs and Redshift Data API (`local/stepfunctions/`).
 */
import type { JsonValue } from '../executor/types.js';
import { resolverFor } from '../services/registry.js';
import { LocalStepFunctions, type Tag } from '../stepfunctions/local-step-functions.js';
import type { LocalCloud } from './cloud.js';
import type { JsonInput } from './json-input.js';
import { type JsonOperation, jsonProtocolService } from './json-protocol.js';
import { pageOf } from './paging.js';
import type { ServiceEndpoint } from './types.js';

const PAGES = { defaultSize: 100, maxSize: 1000, invalidTokenCode: 'InvalidToken' };

/** Step Functions' maxResults / nextToken; a maxResults of 0 means the default, as on AWS. */
const pageRequest = (input: JsonInput) => ({
  maxResults: input.optionalNumber('maxResults') || undefined,
  nextToken: input.optionalString('nextToken'),
});

function tagsOf(input: JsonInput, name: string): Tag[] {
  return (input.optionalInputs(name) ?? []).map((t) => ({
    key: t.string('key'),
    value: t.optionalString('value') ?? '',
  }));
}

/** Optional structures passed through as they came (logging and tracing configurations). */
function optionalJson(input: JsonInput, names: readonly string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const name of names) {
    const v = input.optionalObject(name);
    if (v !== undefined) out[name] = v as JsonValue;
  }
  return out;
}

function operations(sfn: LocalStepFunctions): Record<string, JsonOperation> {
  return {
    CreateStateMachine: (input) => {
      const type = input.optionalString('type');
      return sfn.createStateMachine({
        name: input.string('name'),
        definition: input.string('definition'),
        roleArn: input.string('roleArn'),
        ...(type === undefined ? {} : { type }),
        tags: tagsOf(input, 'tags'),
        ...optionalJson(input, ['loggingConfiguration', 'tracingConfiguration']),
      });
    },
    DescribeStateMachine: (input) =>
      sfn.describeStateMachine({ stateMachineArn: input.string('stateMachineArn') }),
    UpdateStateMachine: (input) => {
      const definition = input.optionalString('definition');
      const roleArn = input.optionalString('roleArn');
      return sfn.updateStateMachine({
        stateMachineArn: input.string('stateMachineArn'),
        ...(definition === undefined ? {} : { definition }),
        ...(roleArn === undefined ? {} : { roleArn }),
        ...optionalJson(input, ['loggingConfiguration', 'tracingConfiguration']),
      });
    },
    DeleteStateMachine: (input) => {
      sfn.deleteStateMachine({ stateMachineArn: input.string('stateMachineArn') });
      return {};
    },
    ListStateMachines: (input) => {
      const page = pageOf(sfn.listStateMachines(), pageRequest(input), PAGES);
      return { stateMachines: page.items, nextToken: page.nextToken };
    },

    TagResource: (input) => {
      sfn.tagResource({ resourceArn: input.string('resourceArn'), tags: tagsOf(input, 'tags') });
      return {};
    },
    UntagResource: (input) => {
      sfn.untagResource({ resourceArn: input.string('resourceArn'), tagKeys: input.stringList('tagKeys') });
      return {};
    },
    ListTagsForResource: (input) => sfn.listTagsForResource({ resourceArn: input.string('resourceArn') }),

    StartExecution: (input) => {
      const name = input.optionalString('name');
      const executionInput = input.optionalString('input');
      return sfn.startExecution({
        stateMachineArn: input.string('stateMachineArn'),
        ...(name === undefined ? {} : { name }),
        ...(executionInput === undefined ? {} : { input: executionInput }),
      });
    },
    DescribeExecution: (input) => sfn.describeExecution({ executionArn: input.string('executionArn') }),
    ListExecutions: (input) => {
      const statusFilter = input.optionalString('statusFilter');
      const all = sfn.listExecutions({
        stateMachineArn: input.string('stateMachineArn'),
        ...(statusFilter === undefined ? {} : { statusFilter }),
      });
      const page = pageOf(all, pageRequest(input), PAGES);
      return { executions: page.items, nextToken: page.nextToken };
    },
    GetExecutionHistory: (input) => {
      const events = sfn.getExecutionHistory({
        executionArn: input.string('executionArn'),
        includeExecutionData: input.optionalBoolean('includeExecutionData') ?? true,
      });
      if (input.optionalBoolean('reverseOrder') === true) events.reverse();
      const page = pageOf(events, pageRequest(input), PAGES);
      return { events: page.items, nextToken: page.nextToken };
    },
  };
}

/** Step Functions over the cloud: Tasks served by its services, its region and account in the ARNs. */
export function localStepFunctionsOf(cloud: LocalCloud): LocalStepFunctions {
  return new LocalStepFunctions({
    region: cloud.region,
    account: cloud.account,
    resolve: resolverFor(cloud),
    // Redshift SQL of a tree deployed since the last execution is translated from this one on.
    beforeExecution: () => cloud.refreshStatements(),
  });
}

/** The endpoint over a `LocalStepFunctions` of its own, unless one is given (to share it, or to wait on it). */
export function sfnEndpoint(
  cloud: LocalCloud,
  sfn: LocalStepFunctions = localStepFunctionsOf(cloud),
): ServiceEndpoint {
  return jsonProtocolService({
    signingNames: ['states'],
    targetPrefix: 'AWSStepFunctions',
    version: '1.0',
    invalidInputCode: 'ValidationException',
    operations: operations(sfn),
  });
}
