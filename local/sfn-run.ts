/**
 * `lakeline sfn run`: any state machine, executed with the simulator's executor and services. Tasks
 * resolve by Resource ARN to the local services of a simulated account under the workdir; a
 * resource nothing serves fails the run before it starts, naming the state and the resource.
 */
import {
  createAslExecutor,
  type ExecutionEvent,
  type ExecutionResult,
  type JsonValue,
} from './executor/index.js';
import { openLocalServices } from './local-services.js';
import { resolverFor } from './services/registry.js';

export async function runStateMachine(options: {
  readonly definition: JsonValue;
  readonly input: JsonValue;
  readonly workdir: string;
  readonly warehouse: string;
  readonly name?: string;
  readonly onEvent?: (event: ExecutionEvent) => void;
}): Promise<ExecutionResult> {
  // A definition comes without the tree that would have created its topics.
  const services = openLocalServices({
    workdir: options.workdir,
    warehouse: options.warehouse,
    autoCreateTopics: true,
  });
  const { region, account } = services;
  const name = options.name ?? 'sfn-run';
  const executionName = `${name}-${Date.now()}`;
  try {
    // A server's connection error is reported before anything runs.
    const redshift = await services.redshift;
    return await createAslExecutor().run(options.definition, options.input, {
      resolve: resolverFor({ ...services, redshift }),
      context: {
        executionArn: `arn:aws:states:${region}:${account}:execution:${name}:${executionName}`,
        executionName,
        stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${name}`,
        stateMachineName: name,
        startTime: new Date().toISOString(),
      },
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    });
  } finally {
    await services.close();
  }
}
