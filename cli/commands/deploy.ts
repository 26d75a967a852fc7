/**
 * `lakeline plan|deploy|destroy --stage <stage> [pipeline…] [--endpoint URL] [--yes] [--json]`:
 * synthesizes each pipeline's tree for the stage into `--out`, then reads what exists through the
 * AWS SDK and compares, applies, or removes — against AWS or any AWS-compatible endpoint.
 */

import { relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ArtifactTree, findStage } from '../../core/index.js';
import {
  applyDestroy,
  applyPlan,
  type Clients,
  createClients,
  destroyClients,
  destroyLines,
  planDestroy,
  planJson,
  planLines,
  planTree,
  type TreePlan,
} from '../../deploy/index.js';
import { CliError, loadPipelines } from '../pipelines.js';
import { synthTree, treeDir, writeTree } from '../synth-tree.js';

export interface DeployCommandOptions {
  readonly pipelines: string;
  readonly stage: string;
  readonly out: string;
  readonly endpoint?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

interface StageTrees {
  readonly trees: ArtifactTree[];
  readonly clients: Clients;
}

/** Synthesizes the trees (deploy reads only the tree) and opens clients for their region. */
async function prepare(names: readonly string[], options: DeployCommandOptions): Promise<StageTrees> {
  if (options.endpoint !== undefined && !/^https?:\/\/[^/]+/.test(options.endpoint)) {
    throw new CliError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:4566, not "${options.endpoint}"`,
    );
  }
  const pipelines = await loadPipelines(options.pipelines, names);
  const trees = pipelines.map((pipeline) => {
    const stage = findStage(pipeline, options.stage);
    const dir = treeDir(options.out, pipeline, stage);
    writeTree(dir, synthTree(pipeline, stage));
    return new ArtifactTree(dir);
  });
  const regions = [...new Set(trees.map((t) => t.manifest.region))];
  if (regions.length > 1)
    throw new CliError(
      `the pipelines' ${options.stage} stages are in several regions (${regions.join(', ')}); deploy them one at a time`,
    );
  const clients = createClients({
    region: regions[0] ?? 'us-east-1',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  });
  return { trees, clients };
}

function progress(options: DeployCommandOptions): (line: string) => void {
  // Progress goes to stderr, so stdout stays the plan (or the JSON) alone.
  return options.verbose ? (line) => process.stderr.write(`  ${line}\n`) : () => undefined;
}

function printPlans(plans: readonly TreePlan[], options: DeployCommandOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(planJson(plans), null, 2)}\n`);
    return;
  }
  for (const plan of plans) process.stdout.write(`${planLines(plan).join('\n')}\n`);
}

function target(options: DeployCommandOptions, trees: readonly ArtifactTree[]): string {
  const where = options.endpoint ?? 'AWS';
  return `stage ${options.stage} → ${where} (trees in ${trees.map((t) => relative(process.cwd(), t.dir)).join(', ')})`;
}

export async function planCommand(names: readonly string[], options: DeployCommandOptions): Promise<number> {
  const { trees, clients } = await prepare(names, options);
  try {
    if (!options.json) process.stdout.write(`plan: ${target(options, trees)}\n`);
    const plans: TreePlan[] = [];
    for (const tree of trees) plans.push(await planTree(tree, clients, { onProgress: progress(options) }));
    printPlans(plans, options);
    return 0;
  } finally {
    destroyClients(clients);
  }
}

export async function deployCommand(
  names: readonly string[],
  options: DeployCommandOptions,
): Promise<number> {
  const { trees, clients } = await prepare(names, options);
  try {
    if (!options.json) process.stdout.write(`deploy: ${target(options, trees)}\n`);
    const plans: TreePlan[] = [];
    for (const tree of trees) plans.push(await planTree(tree, clients, { onProgress: progress(options) }));
    printPlans(plans, options);
    for (const plan of plans) {
      if (plan.changes.every((c) => c.action === 'none')) continue;
      await applyPlan(plan, clients, {
        onProgress: (line) => process.stderr.write(`  ${line}\n`),
      });
      if (!options.json) process.stdout.write(`deployed ${plan.context.pipeline} (${plan.context.stage})\n`);
    }
    return 0;
  } finally {
    destroyClients(clients);
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError(
      'destroy asks for confirmation, and there is no terminal to ask on: pass --yes to confirm',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function destroyCommand(
  names: readonly string[],
  options: DeployCommandOptions,
): Promise<number> {
  const { trees, clients } = await prepare(names, options);
  try {
    process.stdout.write(`destroy: ${target(options, trees)}\n`);
    for (const tree of trees) {
      const steps = await planDestroy(tree, clients, { onProgress: progress(options) });
      const doomed = steps.filter((s) => s.action === 'delete');
      const { pipeline, stage } = tree.manifest;
      process.stdout.write(`${pipeline} (${stage})\n${destroyLines(steps).join('\n')}\n`);
      if (doomed.length === 0) {
        process.stdout.write('  nothing to destroy\n');
        continue;
      }
      if (!options.yes && !(await confirm(`delete ${doomed.length} resources of ${pipeline} (${stage})?`))) {
        process.stdout.write('  cancelled\n');
        return 1;
      }
      await applyDestroy(steps, clients, { onProgress: (line) => process.stderr.write(`  ${line}\n`) });
      process.stdout.write(`destroyed ${doomed.length} resources of ${pipeline} (${stage})\n`);
    }
    return 0;
  } finally {
    destroyClients(clients);
  }
}
