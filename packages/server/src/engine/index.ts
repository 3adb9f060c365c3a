export type {
  Engine,
  Session,
  Value,
  Batch,
  QueryResult,
  AffectedResult,
  ExecResult,
  ResultColumn,
} from './types.js';
export { TaosEngine, createEngine, DEFAULT_SERVER_VERSION } from './engine.js';
export type { EngineOptions } from './engine.js';
export { readAll } from './results.js';
