export * from './plan-types.js';
export * from './row-sql.js';
