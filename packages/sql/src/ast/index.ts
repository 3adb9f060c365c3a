export type * from './expr.js';
export { assertNever } from './expr.js';
export type * from './select.js';
export type * from './insert.js';
export type * from './ddl.js';
export type * from './statement.js';
