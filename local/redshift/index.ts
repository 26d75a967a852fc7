export * from './data-api.js';
export * from './errors.js';
export * from './local-redshift-data.js';
export * from './open-local-redshift.js';
export { type ResultSet, resultSet } from './result-records.js';
export { normalizeStatement, positionalParameters, splitStatements } from './sql-text.js';
export * from './statement-map.js';
