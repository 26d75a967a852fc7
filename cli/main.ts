/** The `lakeline` command. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type * as Commander from 'commander';
import { run } from './run.js';

// Loaded with require: an ES module's import of a CommonJS package makes Node scan the package's
// source for its export names, which was a good part of the command's start.
const { Command, Option } = createRequire(import.meta.url)('commander') as typeof Commander;

/** The nearest `pipelines/` folder from a folder up, so the command works in any folder of a repository. */
function nearestPipelinesFolder(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pipelines'))) return relative(from, join(dir, 'pipelines')) || '.';
    if (dirname(dir) === dir) return undefined;
  }
}

/** An option given any number of times; no default, so help shows none. */
const repeatable = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const program = new Command()
  .name('lakeline')
  .description(
    'Define AWS Glue + Step Functions pipelines in TypeScript; synthesize, simulate and deploy them.',
  )
  .addOption(
    new Option('--pipelines <dir>', 'folder holding the pipeline definitions').default(
      'pipelines',
      'the nearest pipelines/ from here up',
    ),
  )
  .showHelpAfterError()
  .hook('preAction', (command) => {
    if (command.getOptionValueSource('pipelines') === 'default') {
      const found = nearestPipelinesFolder(process.cwd());
      if (found !== undefined) command.setOptionValue('pipelines', found);
    }
  });

program
  .command('list')
  .description('list the pipelines and their stages')
  .option('--json', 'print JSON')
  .action((options, cmd) =>
    run(async () =>
      (await import('./commands/list.js')).listCommand({ ...cmd.optsWithGlobals(), ...options }),
    ),
  );

program
  .command('synth')
  .description('synthesize the AWS artifact tree of pipelines for a stage')
  .argument('[pipeline...]', 'pipelines to synthesize (default: all)')
  .requiredOption('--stage <stage>', 'the stage to synthesize for (local, dev, prod, …)')
  .option('--out <dir>', 'where to write the tree', 'out')
  .action((names, options, cmd) =>
    run(async () =>
      (await import('./commands/synth.js')).synthCommand(names, { ...cmd.optsWithGlobals(), ...options }),
    ),
  );

program
  .command('validate')
  .description('validate pipeline definitions and every artifact they synthesize, for every stage')
  .argument('[pipeline...]', 'pipelines to validate (default: all)')
  .action((names, options, cmd) =>
    run(async () =>
      (await import('./commands/validate.js')).validateCommand(names, {
        ...cmd.optsWithGlobals(),
        ...options,
      }),
    ),
  );

program
  .command('sample')
  .description('write deterministic raw sample data in the input layout of `simulate --input`')
  .argument('<pipeline>', 'the pipeline')
  .requiredOption('--out <dir>', 'where to write one folder per raw dataset')
  .option(
    '--rows <n>',
    "rows to generate, as the pipeline's generator counts them (its default unless given)",
  )
  .option('--seed <s>', 'random seed (default 42)')
  .option(
    '--dirty <fraction>',
    "fraction of rows given a planted defect, 0–1 (the generator's default unless given; 0 plants none)",
  )
  .option(
    '--day <n>',
    'for a daily feed: the day to write, from 1 (default 1); the days before it are replayed',
  )
  .action((name, options, cmd) =>
    run(async () =>
      (await import('./commands/sample.js')).sampleCommand(name, { ...cmd.optsWithGlobals(), ...options }),
    ),
  );

type DeployCommands = typeof import('./commands/deploy.js');

const deployish = (
  name: string,
  description: string,
  body: 'planCommand' | 'deployCommand' | 'destroyCommand',
) =>
  program
    .command(name)
    .description(description)
    .argument('[pipeline...]', 'pipelines (default: all)')
    .requiredOption('--stage <stage>', 'the stage (pipelines/stages.ts): local, dev, prod, …')
    .option('--endpoint <url>', 'an AWS-compatible endpoint instead of AWS (e.g. http://127.0.0.1:4566)')
    .option('--out <dir>', 'where the synthesized trees are written', 'out')
    .option('--json', 'print the plan as JSON')
    .option('--verbose', 'print each AWS read as it happens')
    .option('--yes', 'do not ask for confirmation')
    .action((names, options, cmd) =>
      run(async () => {
        const commands: DeployCommands = await import('./commands/deploy.js');
        return commands[body](names, { ...cmd.optsWithGlobals(), ...options });
      }),
    );

deployish('plan', 'show what deploy would create, update or delete, resource by resource', 'planCommand');
deployish(
  'deploy',
  'create or update every resource of the pipelines in a stage, in dependency order',
  'deployCommand',
);
deployish(
  'destroy',
  'delete the resources tagged with the pipeline and stage (asks first unless --yes)',
  'destroyCommand',
);

const local = program.command('local').description('the local AWS-compatible endpoint');
local
  .command('serve')
  .description(
    'serve the simulated account over the AWS wire protocols (S3, IAM, Glue, SNS, Redshift Data, Lake Formation, Step Functions, Scheduler)',
  )
  .option('--port <port>', 'port to listen on (default 4566; 0 for any free port)')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option(
    '--workdir <dir>',
    'where the account keeps S3, the catalog and the warehouse (emptied at start; one process per workdir)',
    '.lakeline/serve',
  )
  .option(
    '--trees <dir>',
    'artifact trees whose PostgreSQL SQL pairs with the Redshift SQL sent (default out/local)',
    repeatable,
  )
  .addOption(new Option('--warehouse <pglite|url>', 'the local warehouse').default('pglite'))
  .option(
    '--fail <op=error[:times]>',
    'refuse an operation, e.g. glue:CreateJob=ThrottlingException:1 (repeatable)',
    repeatable,
  )
  .option('--quiet', 'do not log each request')
  .action((options, cmd) =>
    run(async () =>
      (await import('./commands/local.js')).serveCommand({ ...cmd.optsWithGlobals(), ...options }),
    ),
  );

program
  .command('simulate')
  .description(
    'run the pipeline end to end on this machine: crawlers, Glue jobs, data quality, warehouse, notifications',
  )
  .argument('<pipeline>', 'the pipeline')
  .option(
    '--input <dir>',
    'raw data, one folder per raw dataset (default: generated sample data, day 1 of a daily feed)',
  )
  .option('--rows <n>', "rows of generated sample data, as the pipeline's generator counts them")
  .option('--seed <s>', 'seed of generated sample data (default 42)')
  .option(
    '--dirty <fraction>',
    "fraction of generated rows given a planted defect (the generator's default unless given)",
  )
  .option(
    '--workdir <dir>',
    'keep the simulated account here between runs (default: a fresh .lakeline/<pipeline>)',
  )
  .option('--warehouse <target>', 'pglite (embedded) or a postgres:// URL', 'pglite')
  .option('--fail <State=Error[:times]>', 'make a Task state raise an AWS error (repeatable)', repeatable)
  .option(
    '--engine <duckdb|spark>',
    "run the Glue jobs' plans on DuckDB, or their script on PySpark 3.5 (Glue 5.0's Spark)",
    'duckdb',
  )
  .option('--spark-master <url>', 'with --engine spark: a spark://, yarn or k8s:// master (default local[*])')
  .option('--json', 'print run.json on stdout (progress goes to stderr)')
  .action((name, options, cmd) =>
    run(async () =>
      (await import('./commands/simulate.js')).simulateCommand(name, {
        ...cmd.optsWithGlobals(),
        ...options,
      }),
    ),
  );

const sfn = program.command('sfn').description('run Step Functions state machines locally');
sfn
  .command('run')
  .description('run a state machine with the local services; Wait states take no time')
  .argument('<definition>', 'an ASL definition (.asl.json)')
  .option('--input <json|@file>', 'the execution input', '{}')
  .option('--workdir <dir>', 'where the local services keep their state', '.lakeline/sfn')
  .option('--warehouse <target>', 'pglite (embedded) or a postgres:// URL', 'pglite')
  .option('--json', 'print {"status", "output"?, "error"?, "cause"?}')
  .action((file, options) =>
    run(async () => (await import('./commands/sfn.js')).sfnRunCommand(file, options)),
  );

const quality = program.command('quality').description('work with Glue Data Quality rulesets (DQDL)');
quality
  .command('parse')
  .description('parse DQDL rulesets and print their canonical form, or the error with line and column')
  .argument('<file...>', 'ruleset files')
  .option('--json', 'print [{"file", "ok", "canonical"?, "error"?}]')
  .action((files, options) =>
    run(async () => (await import('./commands/quality.js')).qualityParseCommand(files, options)),
  );
quality
  .command('check')
  .description(
    'evaluate a DQDL ruleset on CSV (header row), JSON or Parquet files; exit 1 if a rule fails or errors',
  )
  .argument('<ruleset>', 'the ruleset file (.dqdl)')
  .argument('<data-file...>', 'data files: .csv, .json, .jsonl, .ndjson, .parquet')
  .option('--json', 'print {"score", "rules": [{"rule", "result", "message", "metrics", "failingRows"?}]}')
  .action((ruleset, files, options) =>
    run(async () => (await import('./commands/quality.js')).qualityCheckCommand(ruleset, files, options)),
  );

await program.parseAsync(process.argv);
