/**
 * Checks a synthesized artifact tree: every state machine passes asl-validator, every plan and
 * Glue config passes its JSON Schema, every DQDL ruleset parses back to its own text, no IAM
 * policy has a wildcard action, every Lambda zip reads back, and the manifest matches the files.
 */
import { createRequire } from 'node:module';
import {
  type Artifact,
  type ArtifactFamily,
  artifactBytes,
  artifactLayout as layout,
  readZip,
} from '../core/index.js';
import {
  validateClassifierConfig,
  validateCrawlerConfig,
  validateJobConfig,
  validatePlan,
} from '../glue-scripts/schemas/index.js';
import { emitRuleset, parseRuleset } from '../quality-rules/index.js';
import { sha256 } from './synth-tree.js';

type AslValidator = (definition: unknown) => {
  isValid: boolean;
  errors: { message?: string; path?: string }[];
};
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

export interface TreeProblem {
  readonly path: string;
  readonly problem: string;
}

type Check = (artifact: Artifact) => string[];

const json = (a: Artifact): unknown => JSON.parse(a.content);

function checkAsl(a: Artifact): string[] {
  // asl-validator annotates the definition it is given, so it gets its own copy.
  const { isValid, errors } = aslValidator(json(a));
  return isValid ? [] : errors.map((e) => `asl-validator: ${e.message ?? JSON.stringify(e)}`);
}

function checkDqdl(a: Artifact): string[] {
  try {
    const canonical = emitRuleset(parseRuleset(a.content));
    return canonical === a.content ? [] : ['the ruleset does not round-trip to the same text'];
  } catch (error) {
    return [`DQDL: ${(error as Error).message}`];
  }
}

/** Every `Action` in every statement of every policy in the file. */
function actionsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(actionsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'Action' ? (Array.isArray(v) ? v.map(String) : [String(v)]) : actionsIn(v),
  );
}

function checkIam(a: Artifact): string[] {
  return actionsIn(json(a))
    .filter((action) => action.includes('*'))
    .map((action) => `IAM action "${action}" is a wildcard`);
}

/** A function's zip: readable, every CRC right, holding the module its Handler names. */
function checkFunctionZip(a: Artifact): string[] {
  const names = readZip(artifactBytes(a)).map((e) => e.name);
  return names.includes('index.mjs') ? [] : [`the zip holds ${names.join(', ') || 'nothing'}, not index.mjs`];
}

const member =
  (family: ArtifactFamily) =>
  (path: string): boolean =>
    family.nameOf(path) !== undefined;

const CHECKS: readonly { readonly match: (path: string) => boolean; readonly check: Check }[] = [
  { match: (path) => path === layout.stateMachine, check: checkAsl },
  { match: member(layout.jobPlans), check: (a) => validatePlan(json(a)) },
  { match: member(layout.crawlers), check: (a) => validateCrawlerConfig(json(a)) },
  { match: member(layout.jobConfigs), check: (a) => validateJobConfig(json(a)) },
  { match: member(layout.classifiers), check: (a) => validateClassifierConfig(json(a)) },
  { match: member(layout.rulesets), check: checkDqdl },
  { match: member(layout.roles), check: checkIam },
  { match: member(layout.lambdaZips), check: checkFunctionZip },
];

function checkManifest(artifacts: readonly Artifact[]): TreeProblem[] {
  const manifest = artifacts.find((a) => a.path === layout.manifest);
  if (manifest === undefined) return [{ path: layout.manifest, problem: 'missing' }];
  const { files } = json(manifest) as { files: { path: string; sha256: string }[] };
  const byPath = new Map(artifacts.map((a) => [a.path, a]));
  const problems: TreeProblem[] = [];
  for (const f of files) {
    const a = byPath.get(f.path);
    if (a === undefined) problems.push({ path: f.path, problem: 'listed in the manifest but missing' });
    else if (sha256(artifactBytes(a)) !== f.sha256)
      problems.push({ path: f.path, problem: 'sha256 differs from the manifest' });
  }
  const listed = new Set(files.map((f) => f.path));
  for (const a of artifacts) {
    if (a.path !== layout.manifest && !listed.has(a.path))
      problems.push({ path: a.path, problem: 'not in the manifest' });
  }
  return problems;
}

export function validateTree(artifacts: readonly Artifact[]): TreeProblem[] {
  const problems: TreeProblem[] = [];
  for (const a of artifacts) {
    for (const { match, check } of CHECKS) {
      if (!match(a.path)) continue;
      let found: string[];
      try {
        found = check(a);
      } catch (error) {
        found = [(error as Error).message];
      }
      problems.push(...found.map((problem) => ({ path: a.path, problem })));
    }
  }
  return [...problems, ...checkManifest(artifacts)];
}

/** How many artifacts each check looked at, so `validate` can say what it checked. */
export function checkedCounts(artifacts: readonly Artifact[]): number {
  return artifacts.filter((a) => CHECKS.some(({ match }) => match(a.path))).length;
}
