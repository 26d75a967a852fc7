export * from './failure-message.js';
export * from './report-html.js';
export * from './run-record.js';
