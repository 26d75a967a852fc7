export * from './artifact.js';
export * from './artifact-tree.js';
export * from './errors.js';
export * from './iam.js';
export * from './model/index.js';
export * from './plan/index.js';
export * from './sql/index.js';
export * from './steps/index.js';
