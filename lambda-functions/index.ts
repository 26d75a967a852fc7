/**
 * Model → the Lambda functions of a pipeline in a stage: per function task, its bundle
 * (`lambda/<task>/index.mjs`), the deterministic zip deploy uploads (`lambda/<task>.zip`, holding
 * that bundle), CreateFunction's input without the code (`lambda/<task>/function.json`) and its
 * execution role (`iam/lambda-<task>-role.json`).
 */
import {
  type Artifact,
  binaryArtifact,
  jsonArtifact,
  type LambdaFunction,
  artifactLayout as layout,
  type Pipeline,
  type Stage,
  textArtifact,
  zipArchive,
} from '../core/index.js';
import { BUNDLE_FILE, bundleFunction } from './bundle.js';
import { functionConfig, functionRole } from './function-config.js';

export { BUNDLE_FILE, bundleFunction } from './bundle.js';
export { type FunctionConfig, functionConfig, functionRole } from './function-config.js';

export function synthFunctions(pipeline: Pipeline, stage: Stage): Artifact[] {
  const functions = pipeline.tasks.filter((t): t is LambdaFunction => t.kind === 'lambdaFunction');
  return functions.flatMap((fn) => {
    const bundle = textArtifact(layout.lambdaBundles.path(fn.name), bundleFunction(pipeline, fn));
    return [
      bundle,
      binaryArtifact(
        layout.lambdaZips.path(fn.name),
        zipArchive([{ name: BUNDLE_FILE, data: Buffer.from(bundle.content) }]),
      ),
      jsonArtifact(layout.lambdaConfigs.path(fn.name), functionConfig(pipeline, stage, fn)),
      jsonArtifact(layout.lambdaRole(fn.name), functionRole(pipeline, stage, fn)),
    ];
  });
}
