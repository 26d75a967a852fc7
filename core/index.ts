export * from './artifact.js';
export * from './artifact-layout.js';
export * from './artifact-tree.js';
export * from './errors.js';
export * from './iam.js';
export { validatorFor } from './json-schema-validator.js';
export * from './model/index.js';
export * from './run-summary.js';
export * from './sql/index.js';
