/**
 * The Redshift Data API on the local endpoint (AWS JSON 1.1, `X-Amz-Target: RedshiftData.<Op>`),
 * over the cloud's `LocalRedshiftData`, which already speaks the API's shapes, statuses and error
 * names (local/redshift/README.md). The statement map of the trees is re-read before each
 * statement is submitted, so SQL of a tree deployed since the endpoint started is translated.
 */
import type {
  BatchExecuteStatementInput,
  ExecuteStatementInput,
  ListStatementsInput,
} from '../redshift/index.js';
import type { LocalCloud } from './cloud.js';
import type { JsonInput } from './json-input.js';
import { type JsonOperation, jsonProtocolService } from './json-protocol.js';
import { pageOf } from './paging.js';
import type { ServiceEndpoint } from './types.js';

const CONNECTION_STRINGS = [
  'ClusterIdentifier',
  'WorkgroupName',
  'Database',
  'DbUser',
  'SecretArn',
  'StatementName',
  'ClientToken',
  'ResultFormat',
  'SessionId',
] as const;

/** Where and as whom statements run, with each member's type checked (the service judges the values). */
function connection(input: JsonInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of CONNECTION_STRINGS) {
    const v = input.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  const withEvent = input.optionalBoolean('WithEvent');
  if (withEvent !== undefined) out.WithEvent = withEvent;
  const keepAlive = input.optionalNumber('SessionKeepAliveSeconds');
  if (keepAlive !== undefined) out.SessionKeepAliveSeconds = keepAlive;
  return out;
}

function parameters(input: JsonInput): { name: string; value: string }[] | undefined {
  return input
    .optionalInputs('Parameters')
    ?.map((p) => ({ name: p.string('name'), value: p.optionalString('value') ?? '' }));
}

function operations(cloud: LocalCloud): Record<string, JsonOperation> {
  const redshift = cloud.redshift;
  return {
    ExecuteStatement: (input) => {
      const params = parameters(input);
      const request = {
        ...connection(input),
        Sql: input.string('Sql'),
        ...(params === undefined ? {} : { Parameters: params }),
      } as ExecuteStatementInput;
      cloud.refreshStatements();
      return redshift.executeStatement(request);
    },
    BatchExecuteStatement: (input) => {
      const request = { ...connection(input), Sqls: input.stringList('Sqls') } as BatchExecuteStatementInput;
      cloud.refreshStatements();
      return redshift.batchExecuteStatement(request);
    },
    DescribeStatement: (input) => redshift.describeStatement({ Id: input.string('Id') }),
    GetStatementResult: (input) => {
      const token = input.optionalString('NextToken');
      return redshift.getStatementResult({
        Id: input.string('Id'),
        ...(token === undefined ? {} : { NextToken: token }),
      });
    },
    CancelStatement: (input) => redshift.cancelStatement({ Id: input.string('Id') }),
    ListStatements: (input) => {
      const filters: Record<string, string> = {};
      for (const name of ['StatementName', 'Status', 'Database', 'ClusterIdentifier', 'WorkgroupName']) {
        const v = input.optionalString(name);
        if (v !== undefined) filters[name] = v;
      }
      input.optionalBoolean('RoleLevel');
      const page = pageOf(
        redshift.listStatements(filters as ListStatementsInput),
        {
          maxResults: input.optionalNumber('MaxResults') || undefined,
          nextToken: input.optionalString('NextToken'),
        },
        { defaultSize: 100, maxSize: 100, invalidTokenCode: 'ValidationException' },
      );
      return { Statements: page.items, NextToken: page.nextToken };
    },
  };
}

export function redshiftDataEndpoint(cloud: LocalCloud): ServiceEndpoint {
  return jsonProtocolService({
    signingNames: ['redshift-data'],
    targetPrefix: 'RedshiftData',
    version: '1.1',
    invalidInputCode: 'ValidationException',
    operations: operations(cloud),
  });
}
