// The Lambda Node.js runtime's part, for one invocation in a child process of the simulator:
// loads the handler as the runtime does (`index.handler` → the `handler` export of index.mjs,
// index.js or index.cjs in the task root), formats console output as CloudWatch-style lines
// (`<time>\t<request id>\t<LEVEL>\t<message>`) on stdout, reads the event from stdin and sends the
// answer, or the error as Lambda reports it ({ errorType, errorMessage, trace }), over IPC.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const [handlerSpec, requestId, invokedArn, deadlineText] = process.argv.slice(2);
const deadline = Number(deadlineText);
const env = process.env;

for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]) {
  console[method] = (...args) =>
    process.stdout.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${format(...args)}\n`);
}

const reply = (message) => process.send(message, () => process.exit(0));

function errorOf(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || error.constructor?.name || 'Error',
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

async function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const file = handlerSpec.slice(0, dot);
  const name = handlerSpec.slice(dot + 1);
  const root = env.LAMBDA_TASK_ROOT;
  const path = ['.mjs', '.js', '.cjs'].map((ext) => join(root, file + ext)).find((p) => existsSync(p));
  if (path === undefined) {
    throw Object.assign(new Error(`Cannot find module '${file}'`), { name: 'Runtime.ImportModuleError' });
  }
  let module;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    throw Object.assign(new Error(`${error?.name ?? 'Error'}: ${error?.message ?? error}`), {
      name: 'Runtime.ImportModuleError',
    });
  }
  const handler = module[name] ?? module.default?.[name];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${file}.${name} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler;
}

async function readEvent() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

try {
  const [handler, event] = await Promise.all([loadHandler(), readEvent()]);
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invokedArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const result =
    handler.length >= 3
      ? await new Promise((resolve, reject) => {
          const answer = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
          if (answer !== undefined && typeof answer.then === 'function') answer.then(resolve, reject);
        })
      : await handler(event, context);
  reply({ ok: true, result: result === undefined ? null : result });
} catch (error) {
  const reported = errorOf(error);
  console.error(`Invoke Error \t${JSON.stringify(reported)}`);
  reply({ ok: false, error: reported });
}
