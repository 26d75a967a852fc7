export * from './report-html.js';
export * from './run-record.js';
