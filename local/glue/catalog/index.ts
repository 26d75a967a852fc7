export type * from './catalog-types.js';
export { type GlueErrorCode, glueError, isGlueError } from './glue-error.js';
export { LocalDataCatalog, type LocalDataCatalogOptions } from './local-data-catalog.js';
