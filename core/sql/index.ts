export * as sql from './build.js';
export * from './data-type.js';
export * from './errors.js';
export type * from './nodes.js';
export * from './compile.js';
