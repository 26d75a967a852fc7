/** What the warehouse set-up tests share: a pipeline's local tree written out, and installed again. */
import { expect } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { ArtifactTree, findStage, type Pipeline } from '../../core/index.js';
import { type LocalRedshiftData, StatementMap } from '../../local/redshift/index.js';
import { installWarehouse } from '../../local/warehouse-setup.js';
import { sql } from './redshift/calls.js';

/** The pipeline's `local` stage synthesized into `<root>/trees/<name>`. */
export function localTree(root: string, name: string, pipeline: Pipeline): ArtifactTree {
  const dir = `${root}/trees/${name}`;
  writeTree(dir, synthTree(pipeline, findStage(pipeline, 'local')));
  return new ArtifactTree(dir);
}

/**
 * Installs a version of the tree, translated with its own statement pairs. The marker of what ran
 * is removed first (it fails harmlessly before the first install), so the files run even when this
 * very version ran before.
 */
export async function reinstall(redshift: LocalRedshiftData, version: ArtifactTree): Promise<void> {
  redshift.useStatements(StatementMap.fromTrees([version.dir]));
  await sql(redshift, 'DELETE FROM lakeline_local.setup');
  expect(await installWarehouse(version, redshift)).toBe(true);
}
