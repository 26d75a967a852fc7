export * as sql from './build.js';
export * from './compile.js';
export * from './data-type.js';
export * from './errors.js';
export type * from './nodes.js';
