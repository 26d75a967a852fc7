export * from './local-s3.js';
