export * from './ast/index.js';
export type * from './schema.js';
export * from './time/index.js';
export * from './parse/index.js';
export * from './translate/index.js';
