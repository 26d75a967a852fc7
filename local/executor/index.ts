export { checkDefinition, createAslExecutor } from './asl-executor.js';
export * from './types.js';
export { type StateRef, walkStates } from './walk-states.js';
