export * as sql from './build.js';
export * from './compile.js';
export * from './copy-statement.js';
export * from './data-type.js';
export { tokenizeSparkPattern, toStrptimeFormat, toTemplateFormat } from './datetime-format.js';
export * from './errors.js';
export { lowerQualify, lowerSemiAntiJoins } from './lowering.js';
export type * from './nodes.js';
export {
  normalizeStatement,
  positionalParameters,
  type SqlFlavour,
  splitStatements,
  statementBatches,
} from './sql-text.js';
export {
  type Identifier,
  type SqlList,
  type SqlPart,
  type SqlTemplate,
  sqlt,
  type Verbatim,
} from './template.js';
