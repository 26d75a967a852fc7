export { normalizeStatement, positionalParameters, splitStatements } from '../../core/index.js';
export * from './data-api.js';
export * from './errors.js';
export * from './local-redshift-data.js';
export * from './open-local-redshift.js';
export { type ResultSet, resultSet } from './result-records.js';
export * from './statement-map.js';
