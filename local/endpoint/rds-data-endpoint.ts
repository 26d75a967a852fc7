/**
 * The RDS Data API on the local endpoint (REST-JSON, signing name `rds-data`: `POST
 * /BeginTransaction`, `/Execute`, `/BatchExecute`, `/CommitTransaction`, `/RollbackTransaction`
 * with camelCase members), over the cloud's `LocalRdsData`, which already speaks the API's shapes
 * and error names (local/rdsdata/README.md).
 */
import type {
  BatchExecuteStatementInput,
  ExecuteStatementInput,
  LocalRdsData,
  SqlParameter,
} from '../rdsdata/index.js';
import type { LocalCloud } from './cloud.js';
import { JsonInput } from './json-input.js';
import { type RestJsonRoute, restJsonService } from './rest-json.js';
import type { ServiceEndpoint } from './types.js';

/** The cluster, secret, database and schema, each checked for its type. */
function connection(input: JsonInput): {
  resourceArn: string;
  secretArn: string;
  database?: string;
  schema?: string;
} {
  const database = input.optionalString('database');
  const schema = input.optionalString('schema');
  return {
    resourceArn: input.string('resourceArn'),
    secretArn: input.string('secretArn'),
    ...(database === undefined ? {} : { database }),
    ...(schema === undefined ? {} : { schema }),
  };
}

/** Parameters as sent: each value's members are judged by the service (parameters.ts). */
function parameters(inputs: readonly JsonInput[]): SqlParameter[] {
  return inputs.map((p) => {
    const typeHint = p.optionalString('typeHint');
    return {
      name: p.optionalString('name') ?? '',
      value: p.optionalObject('value') ?? {},
      ...(typeHint === undefined ? {} : { typeHint: typeHint as NonNullable<SqlParameter['typeHint']> }),
    };
  });
}

function executeInput(input: JsonInput): ExecuteStatementInput {
  const out: Record<string, unknown> = { ...connection(input), sql: input.string('sql') };
  const params = input.optionalInputs('parameters');
  if (params !== undefined) out.parameters = parameters(params);
  for (const name of ['transactionId', 'formatRecordsAs']) {
    const v = input.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  for (const name of ['includeResultMetadata', 'continueAfterTimeout']) {
    const v = input.optionalBoolean(name);
    if (v !== undefined) out[name] = v;
  }
  const options = input.optionalInput('resultSetOptions');
  if (options !== undefined) {
    out.resultSetOptions = {
      decimalReturnType: options.optionalString('decimalReturnType'),
      longReturnType: options.optionalString('longReturnType'),
    };
  }
  return out as unknown as ExecuteStatementInput;
}

function batchInput(input: JsonInput): BatchExecuteStatementInput {
  const sets = input.optionalList('parameterSets')?.map((set, i) => {
    if (!Array.isArray(set)) throw input.invalid(`parameterSets[${i}] must be a list of parameters`);
    return parameters(new JsonInput({ set }, input.invalidCode).inputs('set'));
  });
  const transactionId = input.optionalString('transactionId');
  return {
    ...connection(input),
    sql: input.string('sql'),
    ...(sets === undefined ? {} : { parameterSets: sets }),
    ...(transactionId === undefined ? {} : { transactionId }),
  };
}

function transactionInput(input: JsonInput) {
  return {
    resourceArn: input.string('resourceArn'),
    secretArn: input.string('secretArn'),
    transactionId: input.string('transactionId'),
  };
}

function routes(rds: () => Promise<LocalRdsData>): RestJsonRoute[] {
  const post = (
    path: string,
    operation: string,
    handle: (input: JsonInput) => Promise<unknown>,
  ): RestJsonRoute => ({
    method: 'POST',
    path,
    operation,
    handle,
  });
  return [
    post('/BeginTransaction', 'BeginTransaction', async (input) =>
      (await rds()).beginTransaction(connection(input)),
    ),
    post('/Execute', 'ExecuteStatement', async (input) =>
      (await rds()).executeStatement(executeInput(input)),
    ),
    post('/BatchExecute', 'BatchExecuteStatement', async (input) =>
      (await rds()).batchExecuteStatement(batchInput(input)),
    ),
    post('/CommitTransaction', 'CommitTransaction', async (input) =>
      (await rds()).commitTransaction(transactionInput(input)),
    ),
    post('/RollbackTransaction', 'RollbackTransaction', async (input) =>
      (await rds()).rollbackTransaction(transactionInput(input)),
    ),
  ];
}

export function rdsDataEndpoint(cloud: Pick<LocalCloud, 'rdsData'>): ServiceEndpoint {
  return restJsonService({
    signingNames: ['rds-data'],
    routes: routes(() => cloud.rdsData),
    invalidInputCode: 'BadRequestException',
    errorStatus: {
      AccessDeniedException: 403,
      ForbiddenException: 403,
      NotFoundException: 404,
      TransactionNotFoundException: 404,
      DatabaseNotFoundException: 404,
      InternalServerErrorException: 500,
      ServiceUnavailableError: 503,
      DatabaseUnavailableException: 504,
    },
  });
}
