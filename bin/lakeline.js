#!/usr/bin/env node
// Starts the command from its compiled JavaScript (bin/compile.js), compiling first when a source
// file changed since the last build.
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled, ROOT } from './compile.js';

// The AWS SDK warns on every run under Node 20 that its releases after January 2027 will need
// Node 22; the lockfile pins the releases lakeline is tested with, so the CLI leaves that notice
// to `npm outdated`. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Stack traces and a pipeline's errors name TypeScript files and lines.
process.setSourceMapsEnabled(true);
// Node 22 and later keep the code they compile on disk, so the next start skips compiling it.
module.enableCompileCache?.(join(ROOT, 'node_modules', '.cache', 'lakeline-v8'));

// Output piped into a reader that stops early (`| head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

const dir = await compiled(() =>
  process.stderr.write('lakeline: compiling its sources (changed since the last build)…\n'),
);
await import(pathToFileURL(join(dir, 'cli', 'main.js')).href);
