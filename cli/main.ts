/** The `lakeline` command. */
import { Command, Option } from 'commander';
import { listCommand } from './commands/list.js';
import { qualityParseCommand } from './commands/quality.js';
import { sampleCommand } from './commands/sample.js';
import { synthCommand } from './commands/synth.js';
import { validateCommand } from './commands/validate.js';
import { run } from './run.js';

const program = new Command()
  .name('lakeline')
  .description(
    'Define AWS Glue + Step Functions pipelines in TypeScript; synthesize, simulate and deploy them.',
  )
  .addOption(new Option('--pipelines <dir>', 'folder holding the pipeline definitions').default('pipelines'))
  .showHelpAfterError();

program
  .command('list')
  .description('list the pipelines and their stages')
  .option('--json', 'print JSON')
  .action((options, cmd) => run(() => listCommand({ ...cmd.optsWithGlobals(), ...options })));

program
  .command('synth')
  .description('synthesize the AWS artifact tree of pipelines for a stage')
  .argument('[pipeline...]', 'pipelines to synthesize (default: all)')
  .requiredOption('--stage <stage>', 'the stage to synthesize for (local, dev, prod, …)')
  .option('--out <dir>', 'where to write the tree', 'out')
  .action((names, options, cmd) => run(() => synthCommand(names, { ...cmd.optsWithGlobals(), ...options })));

program
  .command('validate')
  .description('validate pipeline definitions and every artifact they synthesize, for every stage')
  .argument('[pipeline...]', 'pipelines to validate (default: all)')
  .action((names, options, cmd) =>
    run(() => validateCommand(names, { ...cmd.optsWithGlobals(), ...options })),
  );

program
  .command('sample')
  .description('write deterministic raw sample data in the input layout of `simulate --input`')
  .argument('<pipeline>', 'the pipeline')
  .requiredOption('--out <dir>', 'where to write one folder per raw dataset')
  .option('--rows <n>', 'enrollment rows (default 1000)')
  .option('--seed <s>', 'random seed (default 42)')
  .option('--dirty <fraction>', 'fraction of rows given a planted defect, 0–1 (default 0)')
  .action((name, options, cmd) => run(() => sampleCommand(name, { ...cmd.optsWithGlobals(), ...options })));

const quality = program.command('quality').description('work with Glue Data Quality rulesets (DQDL)');
quality
  .command('parse')
  .description('parse DQDL rulesets and print their canonical form, or the error with line and column')
  .argument('<file...>', 'ruleset files')
  .option('--json', 'print [{"file", "ok", "canonical"?, "error"?}]')
  .action((files, options) => run(() => qualityParseCommand(files, options)));

await program.parseAsync(process.argv);
