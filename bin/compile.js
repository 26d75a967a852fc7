/**
 * Compiles lakeline's TypeScript to JavaScript once, into a cache keyed by the sources, so the
 * command starts as plain Node instead of transpiling every file at every start. `npm ci` runs it
 * (`prepare`); `bin/lakeline.js` runs it again only when a source file changed since, which costs a
 * walk and a hash of the sources (a few milliseconds) on every start and a build (well under a
 * second) after an edit.
 *
 * The cache is `node_modules/.cache/lakeline/<key>/`: the compiled folders with inline source maps
 * (stack traces name the `.ts` lines), the files they read beside themselves (the PySpark runner),
 * a `package.json` that makes the `.js` files ES modules, and `build.json` naming the source root.
 * A build goes to a temporary folder renamed into place, so commands started side by side (a test
 * suite's) never see half a build. Pipelines are not compiled here: `pipeline.ts` files load from
 * source (cli/source-modules.ts), so a mistake in one never stops the command itself.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The folders that make up the command; `pipelines/` and `tests/` are not among them. */
export const COMPILED_FOLDERS = [
  'cli',
  'core',
  'deploy',
  'glue-scripts',
  'governance',
  'lambda-functions',
  'local',
  'quality-rules',
  'state-machines',
  'warehouse',
];

const CACHE = join(ROOT, 'node_modules', '.cache', 'lakeline');
/** Builds older than this are removed when a new one is made; a running command may still use one. */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__' && entry.name !== 'node_modules') walk(path);
      } else if (!entry.name.endsWith('.md')) files.push(path);
    }
  };
  for (const folder of COMPILED_FOLDERS) walk(join(ROOT, folder));
  return files.sort();
}

/**
 * A hash of every source file's path and content, of the compiler's version and of where the
 * sources are (a build names its source root, which pipelines' imports are mapped from).
 */
function buildKey(files, compilerVersion) {
  const hash = createHash('sha256').update(`${compilerVersion}\0${ROOT}\0`);
  for (const file of files)
    hash
      .update(`${relative(ROOT, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

function esbuildVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
}

async function build(files, target) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${target}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const typescript = files.filter((f) => f.endsWith('.ts'));
  await esbuild({
    entryPoints: typescript,
    outbase: ROOT,
    outdir: tmp,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
  });
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    const to = join(tmp, relative(ROOT, file));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(file, to);
  }
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(tmp, 'build.json'),
    `${JSON.stringify({ sourceRoot: ROOT, folders: COMPILED_FOLDERS }, null, 2)}\n`,
  );
  try {
    renameSync(tmp, target);
  } catch (error) {
    // Another command built the same sources first; its build is the same as this one.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  removeOldBuilds(target);
}

function removeOldBuilds(keep) {
  const now = Date.now();
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (path === keep) continue;
    try {
      if (now - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another command meanwhile.
    }
  }
}

/**
 * The folder holding the compiled command for the sources as they are now, built first when
 * they changed. `onBuild` is told before a build starts (it takes a moment).
 */
export async function compiled(onBuild = () => undefined) {
  const files = sourceFiles();
  const target = join(CACHE, buildKey(files, esbuildVersion()));
  if (!existsSync(join(target, 'build.json'))) {
    onBuild();
    mkdirSync(CACHE, { recursive: true });
    await build(files, target);
  }
  return target;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const dir = await compiled();
  console.log(
    `lakeline: compiled into ${relative(process.cwd(), dir)} (${Math.round(performance.now() - started)} ms)`,
  );
}
