/**
 * `taosts shell`: an interactive SQL shell like TDengine's `taos`, over the `taosts` connector.
 * Statements end with `;`; `use db;` switches the database for the rest of the session;
 * `quit`/`exit` leave. With `-s "sql; sql"` or piped input it runs the statements and exits
 * (exit code 1 if any failed).
 *
 * @example
 * taosts shell -h 127.0.0.1 -P 6041 -d power
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { connect, TDengineError, type Connection, type ConnectOptions } from 'taosts';
import { UsageError } from './cli-io.js';
import { splitStatements } from './shell-split.js';
import { renderTable } from './shell-table.js';

export const SHELL_USAGE = `Usage: taosts shell [options]

An interactive SQL shell for TDengine and taosts servers (REST).

Options:
  --url <url>            server URL, e.g. http://root:taosdata@localhost:6041/power
  -h, --host <host>      server host (default localhost)
  -P, --port <port>      server port (default 6041)
  -u, --user <user>      user (default root)
  -p, --password <pw>    password (default taosdata)
  -d, --database <db>    database to use
  -z, --timezone <tz>    session time zone (IANA name)
  -s, --commands <sql>   run these statements and exit
      --help             show this help
`;

interface ShellOptions {
  readonly connect: ConnectOptions;
  readonly commands?: string;
}

export function parseShellArgs(argv: readonly string[]): ShellOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' },
        host: { type: 'string', short: 'h' },
        port: { type: 'string', short: 'P' },
        user: { type: 'string', short: 'u' },
        password: { type: 'string', short: 'p' },
        database: { type: 'string', short: 'd' },
        timezone: { type: 'string', short: 'z' },
        commands: { type: 'string', short: 's' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  if (values.port !== undefined && !/^\d{1,5}$/.test(values.port))
    throw new UsageError(`invalid port: ${values.port}`);
  const url =
    values.url ??
    (values.host || values.port ? `http://${values.host ?? 'localhost'}:${values.port ?? 6041}` : undefined);
  const opts: ConnectOptions = {
    ...(url ? { url } : {}),
    ...(values.user ? { user: values.user } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values.database ? { database: values.database } : {}),
    ...(values.timezone ? { timezone: values.timezone } : {}),
  };
  return { connect: opts, ...(values.commands !== undefined ? { commands: values.commands } : {}) };
}

type Print = (text: string) => void;

/** Run one statement and print its outcome the way `taos` does; false on error. */
async function runStatement(
  state: { conn: Connection; options: ConnectOptions },
  sql: string,
  out: Print,
): Promise<boolean> {
  const t0 = performance.now();
  const elapsed = () => `(${((performance.now() - t0) / 1000).toFixed(6)}s)`;
  try {
    const result = await state.conn.query(sql);
    const use = /^\s*use\s+`?([^`\s;]+)`?\s*$/i.exec(sql);
    if (use) {
      // REST is stateless: reconnect with the database so later statements run in it.
      const database = use[1]!;
      await state.conn.close();
      state.options = { ...state.options, database };
      state.conn = await connect(state.options);
      out(`Database changed.\n`);
    } else if (result.affectedRows !== undefined) {
      out(`Query OK, ${result.affectedRows} row(s) affected ${elapsed()}\n`);
    } else {
      out(renderTable(result.fields, result.rows) + '\n');
      out(`Query OK, ${result.rowCount} row(s) in set ${elapsed()}\n`);
    }
    return true;
  } catch (e) {
    if (e instanceof TDengineError) out(`DB error: ${e.message} [${e.codeHex}] ${elapsed()}\n`);
    else out(`error: ${(e as Error).message}\n`);
    return false;
  }
}

/** Entry point used by `taosts shell`. */
export async function runShell(
  argv: string[],
  io: { out: Print; err: Print } = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  },
): Promise<number> {
  const parsed = parseShellArgs(argv);
  if (parsed === 'help') {
    io.out(SHELL_USAGE);
    return 0;
  }
  const state = { options: parsed.connect, conn: await connect(parsed.connect) };
  try {
    const version = await state.conn.serverVersion();
    let failed = false;
    const runAll = async (statements: string[]) => {
      for (const s of statements) {
        if (/^(quit|exit|q)$/i.test(s)) return true;
        if (!(await runStatement(state, s, io.out))) failed = true;
      }
      return false;
    };
    if (parsed.commands !== undefined) {
      const { statements, rest } = splitStatements(parsed.commands + ';');
      await runAll([...statements, ...(rest.trim() ? [rest.trim()] : [])]);
      return failed ? 1 : 0;
    }
    const interactive = process.stdin.isTTY === true;
    if (interactive)
      io.out(
        `Welcome to the taosts shell, server version ${version}.\nStatements end with ';'. Type 'quit' to leave.\n\n`,
      );
    const rl = createInterface({
      input: process.stdin,
      output: interactive ? process.stdout : undefined,
      terminal: interactive,
    });
    let buffer = '';
    rl.setPrompt('taos> ');
    if (interactive) rl.prompt();
    for await (const line of rl) {
      if (!buffer && /^\s*(quit|exit|q)\s*;?\s*$/i.test(line)) break;
      buffer += (buffer ? '\n' : '') + line;
      const { statements, rest } = splitStatements(buffer);
      buffer = rest.trim() ? rest : '';
      if (await runAll(statements)) break;
      if (interactive) {
        rl.setPrompt(buffer ? '   -> ' : 'taos> ');
        rl.prompt();
      }
    }
    rl.close();
    if (buffer.trim()) await runAll([buffer.trim()]);
    return failed ? 1 : 0;
  } finally {
    await state.conn.close();
  }
}
