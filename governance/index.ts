export * from './lake-formation.js';
