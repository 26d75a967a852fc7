/**
 * The executor seam: run a state-machine definition with an input, stream typed events, and
 * serve each Task from a handler looked up by its Resource ARN. The interpreter behind it can be
 * swapped without touching the services or the reports.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An error carrying the AWS error name, so `Retry` and `Catch` match it as they would on AWS. */
export class AwsServiceError extends Error {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code;
  }
}

export interface TaskInvocation {
  readonly stateName: string;
  readonly resource: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  readonly context: ExecutionContext;
}

export type TaskHandler = (input: JsonValue, invocation: TaskInvocation) => Promise<JsonValue>;

/** Finds the handler serving a Task's Resource ARN, or undefined when nothing serves it. */
export type ResolveTask = (resource: string) => TaskHandler | undefined;

export interface ExecutionContext {
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly startTime: string;
}

export type ExecutionEvent =
  | { readonly type: 'ExecutionStarted'; readonly at: number }
  | {
      readonly type: 'StateEntered';
      readonly at: number;
      readonly state: string;
      readonly stateType: string;
      /** The state's input (the effective input, before its InputPath); Step Functions' history shows it. */
      readonly input?: JsonValue;
    }
  | {
      readonly type: 'StateExited';
      readonly at: number;
      readonly state: string;
      readonly stateType: string;
      readonly output: JsonValue;
    }
  | {
      readonly type: 'StateRetried';
      readonly at: number;
      readonly state: string;
      readonly attempt: number;
      readonly error: string;
    }
  | {
      readonly type: 'StateFailed';
      readonly at: number;
      readonly state: string;
      readonly error: string;
      readonly cause: string;
    }
  | { readonly type: 'StateCaught'; readonly at: number; readonly state: string; readonly error: string }
  | { readonly type: 'ExecutionSucceeded'; readonly at: number; readonly output: JsonValue }
  | { readonly type: 'ExecutionFailed'; readonly at: number; readonly error: string; readonly cause: string };

export type ExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: JsonValue }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

export interface RunOptions {
  readonly resolve: ResolveTask;
  /**
   * Check the definition before running it (default true). The simulator skips it for trees that
   * `synth` already checked with asl-validator; hand-written definitions are checked.
   */
  readonly validate?: boolean;
  readonly context: ExecutionContext;
  readonly onEvent?: (event: ExecutionEvent) => void;
}

export interface StateMachineExecutor {
  run(definition: JsonValue, input: JsonValue, options: RunOptions): Promise<ExecutionResult>;
}

/** A definition that is not valid ASL (what asl-validator finds); raised before anything runs. */
export class InvalidDefinitionError extends Error {
  override readonly name = 'InvalidDefinitionError';
}

/** A definition whose Tasks name resources no local service serves; raised before anything runs. */
export class UnknownResourceError extends Error {
  override readonly name = 'UnknownResourceError';
  constructor(readonly unknown: readonly { readonly state: string; readonly resource: string }[]) {
    super(
      `no local service serves ${unknown
        .map((u) => `${u.resource} (state "${u.state}")`)
        .join(
          ', ',
        )}; lakeline serves Glue crawlers and jobs, the Redshift Data API, SNS publish, S3 GetObject, HTTP Tasks and Lambda invoke`,
    );
  }
}
