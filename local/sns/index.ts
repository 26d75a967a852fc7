export * from './local-sns.js';
