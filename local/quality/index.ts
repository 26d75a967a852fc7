export { type CheckedRule, checkFiles, QualityCheckError, type QualityCheckReport } from './check-files.js';
