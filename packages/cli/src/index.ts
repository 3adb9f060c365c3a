export { main, USAGE } from './main.js';
export { parseServeArgs, runServe, SERVE_USAGE } from './serve.js';
export type { CliIo } from './cli-io.js';
