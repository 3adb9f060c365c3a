/**
 * The `taosts` command line: `taosts serve`, `taosts shell`.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
import { processIo, UsageError, type CliIo } from './cli-io.js';
import { runServe } from './serve.js';

export const USAGE = `Usage: taosts <command> [options]

Commands:
  serve     run a TDengine-compatible server (REST + WebSocket) on DuckDB
  shell     interactive SQL shell against a TDengine or taosts server

Run 'taosts <command> --help' for the options of a command.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Shape the `shell` module (`./shell.js`, written separately) is expected to export. */
interface ShellModule {
  runShell(argv: string[]): Promise<number>;
}

const runShell: Command = async (argv, io) => {
  // Loaded lazily and by a computed name: the shell lives in its own module and may be absent.
  const specifier = './shell.js';
  let mod: Partial<ShellModule>;
  try {
    mod = (await import(specifier)) as Partial<ShellModule>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Only the shell module itself being absent means "not in this build"; anything else is a bug.
    if (err.code !== 'ERR_MODULE_NOT_FOUND' || !/shell\.js/.test(String(err.message))) throw e;
    io.err('taosts shell: not available in this build\n');
    return 1;
  }
  if (typeof mod.runShell !== 'function') {
    io.err('taosts shell: not available in this build (./shell.js exports no runShell)\n');
    return 1;
  }
  return mod.runShell([...argv]);
};

const COMMANDS: Readonly<Record<string, Command>> = { serve: runServe, shell: runShell };

/** Run the CLI; resolves with the process exit code (2 for usage errors). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`taosts: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`taosts ${name}: ${e.message}\nRun 'taosts ${name} --help' for usage.\n`);
      return 2;
    }
    io.err(`taosts ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
