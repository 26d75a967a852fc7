export * from './data-api.js';
export * from './errors.js';
export { type ImportRequest, importMessage, parseImport, parseImportOptions } from './import-from-s3.js';
export * from './local-rds-data.js';
