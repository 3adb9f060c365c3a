/**
 * `taosts serve`: run the embedded TDengine-compatible server until SIGINT/SIGTERM.
 *
 * @example
 * taosts serve --port 6041 --data ./taosts-data
 */
import { parseArgs } from 'node:util';
import { startServer, type StartServerOptions } from '@taosts/server';
import { UsageError, type CliIo } from './cli-io.js';

export const SERVE_USAGE = `Usage: taosts serve [options]

Run a TDengine-compatible server (REST on /rest/sql, WebSocket on /ws) backed by DuckDB.

Options:
  --host <addr>       interface to listen on (default 127.0.0.1)
  --port <n>          TCP port, 0 for any free port (default 6041)
  --data <dir>        data directory (default ./taosts-data)
  --memory            keep everything in memory, write nothing to disk
  --token <t>         accept ?token=<t> without an Authorization header (cloud style)
  --user <name>       admin user (default root)
  --password <pw>     admin password (default taosdata)
  -h, --help          show this help
`;

export type ServeCommand =
  { readonly help: true } | { readonly help: false; readonly options: StartServerOptions };

/** Parse `serve` arguments; throws `UsageError` on anything it does not understand. */
export function parseServeArgs(argv: readonly string[]): ServeCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        token: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return { help: true };
  if (values.memory && values.data !== undefined)
    throw new UsageError('--data and --memory cannot be used together');
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError(`invalid --port '${values.port}': expected 0-65535`);
  }
  for (const key of ['host', 'data', 'token', 'user', 'password'] as const) {
    if (values[key] === '') throw new UsageError(`--${key} must not be empty`);
  }
  return {
    help: false,
    options: {
      ...(values.host !== undefined && { host: values.host }),
      ...(port !== undefined && { port }),
      ...(values.data !== undefined && { data: values.data }),
      ...(values.memory && { memory: true }),
      ...(values.token !== undefined && { token: values.token }),
      ...(values.user !== undefined && { user: values.user }),
      ...(values.password !== undefined && { password: values.password }),
    },
  };
}

/** Run `taosts serve`; resolves with the exit code once the server has shut down. */
export async function runServe(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = parseServeArgs(argv);
  if (cmd.help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  const stop = io.waitForStop();
  const server = await startServer(cmd.options);
  const where = cmd.options.memory ? 'memory' : `data: ${cmd.options.data ?? './taosts-data'}`;
  io.out(`taosts serve: listening on ${server.url} (${where})\n`);
  const signal = await stop;
  io.out(`taosts serve: ${signal} received, shutting down\n`);
  await server.close();
  return 0;
}
