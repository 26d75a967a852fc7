/**
 * The executor behind the seam, for now: aws-local-stepfunctions interprets the ASL; every Task
 * is served by our handler for its Resource ARN; Wait states and retry intervals take no real time.
 */
import './polyfill.js';
import { createRequire } from 'node:module';
import type * as Asl from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  type ExecutionEvent,
  type ExecutionResult,
  InvalidDefinitionError,
  type JsonValue,
  type ResolveTask,
  type RunOptions,
  type StateMachineExecutor,
  UnknownResourceError,
} from './types.js';
import { walkStates } from './walk-states.js';

// Loaded with require: an ES module's import of a CommonJS package makes Node scan the package's
// source for its export names, which was a good part of the command's start.
const { StateMachine } = createRequire(import.meta.url)('aws-local-stepfunctions') as typeof Asl;

type EventLog = Awaited<ReturnType<AsyncGenerator<unknown>['next']>>['value'] & {
  type: string;
  timestamp: number;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** The library's event log → our typed events (the ones reports use). */
function toEvent(log: EventLog): ExecutionEvent | undefined {
  const e = log as EventLog & {
    state?: { name: string; type: string; input?: JsonValue; output?: JsonValue };
    retry?: { attempt: number };
    Error?: string;
    Cause?: unknown;
    output?: JsonValue;
  };
  const at = e.timestamp;
  switch (e.type) {
    case 'ExecutionStarted':
      return { type: 'ExecutionStarted', at };
    case 'StateEntered':
      return {
        type: 'StateEntered',
        at,
        state: e.state!.name,
        stateType: e.state!.type,
        input: e.state!.input ?? null,
      };
    case 'StateExited':
      return {
        type: 'StateExited',
        at,
        state: e.state!.name,
        stateType: e.state!.type,
        output: e.state!.output ?? null,
      };
    case 'StateRetried':
      return { type: 'StateRetried', at, state: e.state!.name, attempt: e.retry!.attempt, error: '' };
    case 'StateFailed':
      return { type: 'StateFailed', at, state: e.state!.name, error: e.Error ?? '', cause: text(e.Cause) };
    case 'StateCaught':
      return { type: 'StateCaught', at, state: e.state!.name, error: '' };
    case 'ExecutionSucceeded':
      return { type: 'ExecutionSucceeded', at, output: e.output ?? null };
    case 'ExecutionFailed':
      return { type: 'ExecutionFailed', at, error: e.Error ?? 'States.Runtime', cause: text(e.Cause) };
    default:
      return undefined;
  }
}

// ARNs of service integrations are not the Lambda ARNs the interpreter's own check expects.
const VALIDATION = { checkArn: false, checkPaths: false } as const;

function checkResources(definition: JsonValue, resolve: ResolveTask): void {
  const unknown = walkStates(definition)
    .filter((s) => s.type === 'Task' && (s.resource === undefined || resolve(s.resource) === undefined))
    .map((s) => ({ state: s.name, resource: s.resource ?? '(no Resource)' }));
  if (unknown.length > 0) throw new UnknownResourceError(unknown);
}

/**
 * The checks `run` makes before it runs anything, without running: the definition is valid ASL
 * (the interpreter's asl-validator check) and a local service serves every Task. For callers that
 * accept a definition now and run it later (CreateStateMachine). Throws InvalidDefinitionError or
 * UnknownResourceError.
 */
export function checkDefinition(definition: JsonValue, resolve: ResolveTask): void {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new InvalidDefinitionError('the definition must be a JSON object with StartAt and States');
  }
  try {
    new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: VALIDATION });
  } catch (error) {
    throw new InvalidDefinitionError(error instanceof Error ? error.message : String(error));
  }
  checkResources(definition, resolve);
}

export function createAslExecutor(): StateMachineExecutor {
  return {
    async run(definition: JsonValue, input: JsonValue, options: RunOptions): Promise<ExecutionResult> {
      const states = walkStates(definition);
      checkResources(definition, options.resolve);

      const invocations = new Map<string, number>();
      const taskResourceLocalHandlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
      for (const s of states) {
        if (s.type !== 'Task') continue;
        const resource = s.resource!;
        const handler = options.resolve(resource)!;
        taskResourceLocalHandlers[s.name] = (taskInput) => {
          const attempt = (invocations.get(s.name) ?? 0) + 1;
          invocations.set(s.name, attempt);
          return handler(taskInput, { stateName: s.name, resource, attempt, context: options.context });
        };
      }
      const waitTimeOverrides = Object.fromEntries(
        states.filter((s) => s.type === 'Wait').map((s) => [s.name, 0]),
      );
      const retryIntervalOverrides = Object.fromEntries(
        states.filter((s) => s.retryable).map((s) => [s.name, 0]),
      );

      const machine = new StateMachine(definition as unknown as StateMachineDefinition, {
        validationOptions: options.validate === false ? { noValidate: true } : VALIDATION,
      });
      const ctx = options.context;
      const execution = machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: taskResourceLocalHandlers as never,
          waitTimeOverrides,
          retryIntervalOverrides,
        },
        context: {
          Execution: {
            Id: ctx.executionArn,
            Name: ctx.executionName,
            StartTime: ctx.startTime,
            Input: input as never,
            RoleArn: '',
          },
          StateMachine: { Id: ctx.stateMachineArn, Name: ctx.stateMachineName },
        },
      });
      let failure: { error: string; cause: string } | undefined;
      const pump = (async () => {
        for await (const log of execution.eventLogs) {
          const event = toEvent(log as EventLog);
          if (event === undefined) continue;
          if (event.type === 'ExecutionFailed') failure = { error: event.error, cause: event.cause };
          options.onEvent?.(event);
        }
      })();
      try {
        const output = await execution.result;
        await pump;
        return { status: 'SUCCEEDED', output: output as JsonValue };
      } catch (error) {
        await pump.catch(() => undefined);
        if (failure !== undefined) return { status: 'FAILED', ...failure };
        const e = error as Error & { cause?: { name?: string; message?: string } };
        return { status: 'FAILED', error: e.cause?.name ?? e.name, cause: e.cause?.message ?? e.message };
      }
    },
  };
}
