/**
 * One invocation of a function's code in a child Node process, as the Lambda runtime would run
 * it: a function cannot crash or pollute the simulator, its timeout ends it (`Sandbox.Timedout`),
 * its memory size caps its heap (`--max-old-space-size`, `Runtime.OutOfMemory` when exceeded), and
 * what it prints goes to its log as CloudWatch-style lines between START, END and REPORT.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

export interface Invocation {
  /** The unpacked code (the task root). */
  readonly root: string;
  readonly handler: string;
  readonly functionArn: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly event: string;
  /** The function's log file, appended to. */
  readonly logFile: string;
}

/** What the function answered, or the error as Lambda reports it in an `Unhandled` function error. */
export type InvocationResult =
  | { readonly ok: true; readonly payload: unknown }
  | {
      readonly ok: false;
      readonly error: {
        readonly errorType: string;
        readonly errorMessage: string;
        readonly trace?: string[];
      };
    };

type ChildMessage =
  | { ok: true; result: unknown }
  | { ok: false; error: { errorType: string; errorMessage: string; trace?: string[] } };

export function runFunction(call: Invocation): Promise<InvocationResult> {
  mkdirSync(dirname(call.logFile), { recursive: true });
  const log = (line: string) => appendFileSync(call.logFile, `${line}\n`);
  const started = performance.now();
  const deadline = Date.now() + call.timeoutSeconds * 1000;
  log(`START RequestId: ${call.requestId} Version: $LATEST`);
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${call.memoryMb}`,
      fileURLToPath(BOOTSTRAP),
      call.handler,
      call.requestId,
      call.functionArn,
      String(deadline),
    ],
    { cwd: call.root, env: { ...call.environment }, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] },
  );
  let stderr = '';
  const lines = (chunk: Buffer, keep?: (text: string) => void) => {
    const text = chunk.toString('utf8');
    keep?.(text);
    appendFileSync(call.logFile, text);
  };
  child.stdout!.on('data', (c: Buffer) => lines(c));
  child.stderr!.on('data', (c: Buffer) =>
    lines(c, (t) => {
      stderr = (stderr + t).slice(-4000);
    }),
  );
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(call.event);

  return new Promise<InvocationResult>((resolve) => {
    let answer: ChildMessage | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, call.timeoutSeconds * 1000);
    child.on('message', (m: ChildMessage) => {
      answer = m;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const failed = (errorType: string, errorMessage: string): InvocationResult => ({
        ok: false,
        error: { errorType, errorMessage: `RequestId: ${call.requestId} Error: ${errorMessage}` },
      });
      let result: InvocationResult;
      if (timedOut) {
        log(
          `${new Date().toISOString()} ${call.requestId} Task timed out after ${call.timeoutSeconds.toFixed(2)} seconds`,
        );
        result = failed('Sandbox.Timedout', `Task timed out after ${call.timeoutSeconds.toFixed(2)} seconds`);
      } else if (answer !== undefined) {
        result = answer.ok ? { ok: true, payload: answer.result } : { ok: false, error: answer.error };
      } else if (/heap out of memory|Allocation failed/.test(stderr)) {
        result = failed('Runtime.OutOfMemory', 'Runtime exited with error: JavaScript heap out of memory');
      } else {
        result = failed(
          'Runtime.ExitError',
          `Runtime exited with error: ${signal === null ? `exit status ${code}` : `signal: ${signal}`}`,
        );
      }
      log(`END RequestId: ${call.requestId}`);
      log(
        `REPORT RequestId: ${call.requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: ${call.memoryMb} MB`,
      );
      resolve(result);
    });
  });
}
