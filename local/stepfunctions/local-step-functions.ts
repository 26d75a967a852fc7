/**
 * Step Functions, locally: state machines kept in memory, executions run by the simulator's
 * executor in the background with every Task served by the local services. StartExecution returns
 * at once with the execution RUNNING; DescribeExecution reports SUCCEEDED or FAILED once the run
 * ends, and GetExecutionHistory builds Step Functions' events from the executor's
 * (execution-history.ts). Definitions are checked when created or updated, as Step Functions
 * checks them: invalid ASL, and a Task whose resource no local service serves, are InvalidDefinition.
 *
 * Errors are `AwsServiceError`s named with Step Functions' codes (StateMachineDoesNotExist,
 * ExecutionAlreadyExists, …). Only STANDARD state machines are served; executions cannot be
 * stopped (the interpreter has no way to abort a run).
 */
import { randomUUID } from 'node:crypto';
import {
  AwsServiceError,
  checkDefinition,
  createAslExecutor,
  type ExecutionEvent,
  InvalidDefinitionError,
  type JsonValue,
  type ResolveTask,
  type StateMachineExecutor,
  UnknownResourceError,
} from '../executor/index.js';
import { type ExecutionRun, executionHistory, type HistoryEvent } from './execution-history.js';

export interface LocalStepFunctionsOptions {
  readonly region: string;
  readonly account: string;
  /** Serves each Task by its resource ARN (`resolverFor` over the simulator's services). */
  readonly resolve: ResolveTask;
  /** Called before an execution starts: the endpoint re-reads the Redshift statement map there. */
  readonly beforeExecution?: () => void;
  readonly executor?: StateMachineExecutor;
  readonly now?: () => Date;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface CreateStateMachineInput {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: string;
  readonly tags?: readonly Tag[];
  readonly loggingConfiguration?: JsonValue;
  readonly tracingConfiguration?: JsonValue;
}

export interface UpdateStateMachineInput {
  readonly stateMachineArn: string;
  readonly definition?: string;
  readonly roleArn?: string;
  readonly loggingConfiguration?: JsonValue;
  readonly tracingConfiguration?: JsonValue;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

interface StateMachine {
  readonly name: string;
  readonly arn: string;
  definition: string;
  roleArn: string;
  readonly type: 'STANDARD';
  readonly creationDate: Date;
  revisionId: string;
  loggingConfiguration: JsonValue;
  tracingConfiguration: JsonValue;
  tags: Map<string, string>;
}

interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly definition: JsonValue;
  readonly roleArn: string;
  readonly input: string;
  readonly startDate: Date;
  readonly events: ExecutionEvent[];
  /** Undefined while the execution runs. */
  result: ExecutionRun['result'];
  done: Promise<void>;
}

const MAX_TAGS = 50;
/** Step Functions' rule for state machine and execution names (control characters are checked apart). */
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
const isControl = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:execution:([^:]+:[^:]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

const error = (code: string, message: string) => new AwsServiceError(code, message);

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, StateMachine>();
  /** By `<machine>:<execution>` (the ARN's end), so an execution outlives a deleted state machine, as on AWS. */
  private readonly executions = new Map<string, Execution>();
  private readonly executor: StateMachineExecutor;
  private readonly now: () => Date;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.executor = options.executor ?? createAslExecutor();
    this.now = options.now ?? (() => new Date());
  }

  // ── state machines ─────────────────────────────────────────────────────────────────────────

  /**
   * Idempotent as on AWS: the same name with the same definition, role and type answers the
   * existing machine; with anything different, StateMachineAlreadyExists.
   */
  createStateMachine(input: CreateStateMachineInput): { stateMachineArn: string; creationDate: Date } {
    this.checkName(input.name);
    const type = input.type ?? 'STANDARD';
    if (type !== 'STANDARD') {
      throw error(
        'StateMachineTypeNotSupported',
        `The local endpoint runs STANDARD state machines only, not ${type}`,
      );
    }
    this.checkRole(input.roleArn);
    const existing = this.machines.get(input.name);
    if (existing !== undefined) {
      if (existing.definition === input.definition && existing.roleArn === input.roleArn) {
        return { stateMachineArn: existing.arn, creationDate: existing.creationDate };
      }
      throw error('StateMachineAlreadyExists', `State Machine Already Exists: '${existing.arn}'`);
    }
    this.validateDefinition(input.definition);
    const tags = this.checkTags(new Map(), input.tags ?? []);
    const machine: StateMachine = {
      name: input.name,
      arn: `arn:aws:states:${this.options.region}:${this.options.account}:stateMachine:${input.name}`,
      definition: input.definition,
      roleArn: input.roleArn,
      type: 'STANDARD',
      creationDate: this.now(),
      revisionId: randomUUID(),
      loggingConfiguration: input.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: input.tracingConfiguration ?? { enabled: false },
      tags,
    };
    this.machines.set(machine.name, machine);
    return { stateMachineArn: machine.arn, creationDate: machine.creationDate };
  }

  describeStateMachine(input: { readonly stateMachineArn: string }) {
    const m = this.machine(input.stateMachineArn);
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definition,
      roleArn: m.roleArn,
      type: m.type,
      creationDate: m.creationDate,
      revisionId: m.revisionId,
      loggingConfiguration: m.loggingConfiguration,
      tracingConfiguration: m.tracingConfiguration,
    };
  }

  updateStateMachine(input: UpdateStateMachineInput): { updateDate: Date; revisionId: string } {
    const m = this.machine(input.stateMachineArn);
    if (
      input.definition === undefined &&
      input.roleArn === undefined &&
      input.loggingConfiguration === undefined &&
      input.tracingConfiguration === undefined
    ) {
      throw error(
        'MissingRequiredParameter',
        'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified',
      );
    }
    if (input.definition !== undefined) this.validateDefinition(input.definition);
    if (input.roleArn !== undefined) this.checkRole(input.roleArn);
    if (input.definition !== undefined) m.definition = input.definition;
    if (input.roleArn !== undefined) m.roleArn = input.roleArn;
    if (input.loggingConfiguration !== undefined) m.loggingConfiguration = input.loggingConfiguration;
    if (input.tracingConfiguration !== undefined) m.tracingConfiguration = input.tracingConfiguration;
    m.revisionId = randomUUID();
    return { updateDate: this.now(), revisionId: m.revisionId };
  }

  /** Idempotent, as on AWS. Executions already started run on and stay readable. */
  deleteStateMachine(input: { readonly stateMachineArn: string }): void {
    this.machines.delete(this.nameOf(input.stateMachineArn, 'stateMachine'));
  }

  listStateMachines(): { stateMachineArn: string; name: string; type: string; creationDate: Date }[] {
    return [...this.machines.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate }));
  }

  // ── tags ───────────────────────────────────────────────────────────────────────────────────

  tagResource(input: { readonly resourceArn: string; readonly tags: readonly Tag[] }): void {
    const m = this.taggable(input.resourceArn);
    m.tags = this.checkTags(m.tags, input.tags);
  }

  untagResource(input: { readonly resourceArn: string; readonly tagKeys: readonly string[] }): void {
    const m = this.taggable(input.resourceArn);
    for (const key of input.tagKeys) m.tags.delete(key);
  }

  listTagsForResource(input: { readonly resourceArn: string }): { tags: Tag[] } {
    return { tags: [...this.taggable(input.resourceArn).tags].map(([key, value]) => ({ key, value })) };
  }

  // ── executions ─────────────────────────────────────────────────────────────────────────────

  /**
   * Starts the execution in the background and answers at once. Starting again with the name and
   * input of an execution still running answers that execution, as on AWS; any other reuse of the
   * name is ExecutionAlreadyExists.
   */
  startExecution(input: {
    readonly stateMachineArn: string;
    readonly name?: string;
    readonly input?: string;
  }): {
    executionArn: string;
    startDate: Date;
  } {
    const m = this.machine(input.stateMachineArn);
    const name = input.name ?? randomUUID();
    this.checkName(name);
    const text = input.input ?? '{}';
    const parsed = parseJson(text);
    if (parsed === undefined) {
      throw error(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: the input is not JSON: ${text.slice(0, 100)}`,
      );
    }
    const key = `${m.name}:${name}`;
    const arn = `arn:aws:states:${this.options.region}:${this.options.account}:execution:${key}`;
    const existing = this.executions.get(key);
    if (existing !== undefined) {
      if (existing.result === undefined && existing.input === text) {
        return { executionArn: existing.arn, startDate: existing.startDate };
      }
      throw error('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    this.options.beforeExecution?.();
    const execution: Execution = {
      arn,
      name,
      stateMachineArn: m.arn,
      definition: JSON.parse(m.definition) as JsonValue,
      roleArn: m.roleArn,
      input: text,
      startDate: this.now(),
      events: [],
      result: undefined,
      done: Promise.resolve(),
    };
    this.executions.set(key, execution);
    execution.done = this.run(execution, m, parsed);
    return { executionArn: arn, startDate: execution.startDate };
  }

  describeExecution(input: { readonly executionArn: string }) {
    const e = this.execution(input.executionArn);
    const r = e.result;
    return {
      executionArn: e.arn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: this.status(e),
      startDate: e.startDate,
      input: e.input,
      inputDetails: { included: true },
      ...(r === undefined ? {} : { stopDate: r.stopDate }),
      ...(r?.status === 'SUCCEEDED' ? { output: r.output, outputDetails: { included: true } } : {}),
      ...(r?.status === 'FAILED' ? { error: r.error, cause: r.cause } : {}),
    };
  }

  /** The state machine's executions, newest first, as Step Functions lists them. */
  listExecutions(input: { readonly stateMachineArn: string; readonly statusFilter?: string }) {
    const m = this.machine(input.stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => e.stateMachineArn === m.arn)
      .filter((e) => input.statusFilter === undefined || this.status(e) === input.statusFilter)
      .reverse()
      .map((e) => ({
        executionArn: e.arn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: this.status(e),
        startDate: e.startDate,
        ...(e.result === undefined ? {} : { stopDate: e.result.stopDate }),
      }));
  }

  getExecutionHistory(input: {
    readonly executionArn: string;
    readonly includeExecutionData?: boolean;
  }): HistoryEvent[] {
    const e = this.execution(input.executionArn);
    return executionHistory(e, e.definition, input.includeExecutionData ?? true);
  }

  /** Resolves once the execution has ended. */
  async whenDone(executionArn: string): Promise<void> {
    await this.execution(executionArn).done;
  }

  /** Resolves once every execution started so far has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private async run(e: Execution, m: StateMachine, input: JsonValue): Promise<void> {
    // Let StartExecution answer first, as Step Functions does.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const result = await this.executor.run(e.definition, input, {
        resolve: this.options.resolve,
        // Checked when the definition was created or updated.
        validate: false,
        context: {
          executionArn: e.arn,
          executionName: e.name,
          stateMachineArn: m.arn,
          stateMachineName: m.name,
          startTime: e.startDate.toISOString(),
        },
        onEvent: (event) => e.events.push(event),
      });
      e.result =
        result.status === 'SUCCEEDED'
          ? { status: 'SUCCEEDED', output: JSON.stringify(result.output), stopDate: this.now() }
          : { status: 'FAILED', error: result.error, cause: result.cause, stopDate: this.now() };
    } catch (failure) {
      // The executor refused to start (a Task nothing serves, after UpdateStateMachine raced it).
      const message = failure instanceof Error ? failure.message : String(failure);
      e.result = { status: 'FAILED', error: 'States.Runtime', cause: message, stopDate: this.now() };
    }
  }

  private status(e: Execution): ExecutionStatus {
    return e.result?.status ?? 'RUNNING';
  }

  private checkName(name: string): void {
    if (!NAME.test(name) || [...name].some(isControl)) {
      throw error(
        'InvalidName',
        `Invalid Name: '${name}' (1 to 80 characters, without whitespace, brackets, wildcards or special characters)`,
      );
    }
  }

  private checkRole(roleArn: string): void {
    if (!ROLE_ARN.test(roleArn))
      throw error('InvalidArn', `Invalid Arn: '${roleArn}' is not an IAM role ARN`);
  }

  private validateDefinition(definition: string): void {
    const parsed = parseJson(definition);
    if (parsed === undefined) {
      throw error(
        'InvalidDefinition',
        "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: the definition is not JSON'",
      );
    }
    try {
      checkDefinition(parsed, this.options.resolve);
    } catch (failure) {
      if (failure instanceof InvalidDefinitionError) {
        throw error('InvalidDefinition', `Invalid State Machine Definition: '${failure.message}'`);
      }
      if (failure instanceof UnknownResourceError) {
        throw error('InvalidDefinition', `Invalid State Machine Definition: '${failure.message}'`);
      }
      throw failure;
    }
  }

  private checkTags(current: ReadonlyMap<string, string>, tags: readonly Tag[]): Map<string, string> {
    const next = new Map(current);
    for (const t of tags) next.set(t.key, t.value);
    if (next.size > MAX_TAGS) throw error('TooManyTags', `A resource can have at most ${MAX_TAGS} tags`);
    return next;
  }

  /**
   * The name in a `…:stateMachine:<name>` ARN, or `<machine>:<name>` of an `…:execution:…` one. The
   * region and account are not compared: the resource is found by its name.
   */
  private nameOf(arn: string, kind: 'stateMachine' | 'execution'): string {
    const m = (kind === 'stateMachine' ? STATE_MACHINE_ARN : EXECUTION_ARN).exec(arn);
    if (m === null) throw error('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of a ${kind}`);
    return m[1]!;
  }

  private machine(arn: string): StateMachine {
    const machine = this.machines.get(this.nameOf(arn, 'stateMachine'));
    if (machine === undefined)
      throw error('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private taggable(arn: string): StateMachine {
    const m = STATE_MACHINE_ARN.exec(arn);
    if (m === null)
      throw error('InvalidArn', `Invalid Arn: '${arn}' (the local endpoint tags state machines)`);
    const machine = this.machines.get(m[1]!);
    if (machine === undefined) throw error('ResourceNotFound', `Resource not found: '${arn}'`);
    return machine;
  }

  private execution(arn: string): Execution {
    const found = this.executions.get(this.nameOf(arn, 'execution'));
    if (found === undefined) throw error('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return found;
  }
}
