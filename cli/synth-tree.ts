/**
 * Assembles a pipeline's artifact tree for one stage from every generator, plus the manifest,
 * and writes it to disk. This is the one place the generators are wired together.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type Artifact,
  artifactBytes,
  artifactLayout,
  jsonArtifact,
  type Pipeline,
  type Stage,
} from '../core/index.js';
import { synthGlue } from '../glue-scripts/index.js';
import { synthGovernance } from '../governance/index.js';
import { synthFunctions } from '../lambda-functions/index.js';
import { emitRule, synthQuality } from '../quality-rules/index.js';
import { synthStateMachine } from '../state-machines/index.js';
import { synthWarehouse, warehouseLoadSteps } from '../warehouse/index.js';

export interface ManifestEntry {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export const sha256 = (content: string | Uint8Array): string =>
  createHash('sha256').update(content).digest('hex');

export function manifest(pipeline: Pipeline, stage: Stage, artifacts: readonly Artifact[]): Artifact {
  const files: ManifestEntry[] = artifacts
    .map((a) => {
      const bytes = artifactBytes(a);
      return { path: a.path, bytes: bytes.length, sha256: sha256(bytes) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The stage's coordinates travel with the tree, so a tool reading only the tree (the simulator,
  // deploy) knows the account, region and bucket it was synthesized for.
  return jsonArtifact(artifactLayout.manifest, {
    account: stage.account,
    bucket: stage.bucket,
    files,
    pipeline: pipeline.name,
    region: stage.region,
    stage: stage.name,
  });
}

/** Every artifact of the pipeline for the stage, manifest last; paths are unique. */
export function synthTree(pipeline: Pipeline, stage: Stage): Artifact[] {
  const warehouseLoad = pipeline.warehouse === undefined ? [] : warehouseLoadSteps(pipeline, stage);
  const artifacts = [
    ...synthStateMachine(pipeline, stage, { warehouseLoad }),
    ...synthGlue(pipeline, stage, { emitRule }),
    ...synthFunctions(pipeline, stage),
    ...synthQuality(pipeline, stage),
    ...(pipeline.warehouse === undefined ? [] : synthWarehouse(pipeline, stage)),
    ...synthGovernance(pipeline, stage),
  ];
  const seen = new Set<string>();
  for (const a of artifacts) {
    if (seen.has(a.path)) throw new Error(`two generators wrote ${a.path}`);
    seen.add(a.path);
  }
  return [...artifacts, manifest(pipeline, stage, artifacts)];
}

/** `<out>/<stage>/<pipeline>/`; the folder is replaced whole so no stale file survives a rename. */
export function treeDir(out: string, pipeline: Pipeline, stage: Stage): string {
  return join(out, stage.name, pipeline.name);
}

export function writeTree(dir: string, artifacts: readonly Artifact[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const a of artifacts) {
    const file = join(dir, a.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, artifactBytes(a));
  }
}
