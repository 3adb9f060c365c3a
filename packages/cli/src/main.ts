/**
 * The `taosts` command line: `taosts serve`, `taosts shell`.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
import { processIo, UsageError, type CliIo } from './cli-io.js';
import { runServe } from './serve.js';
import { runShell } from './shell.js';

export const USAGE = `Usage: taosts <command> [options]

Commands:
  serve     run a TDengine-compatible server (REST + WebSocket) on DuckDB
  shell     interactive SQL shell against a TDengine or taosts server

Run 'taosts <command> --help' for the options of a command.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const runShellCommand: Command = (argv, io) => runShell([...argv], io);

const COMMANDS: Readonly<Record<string, Command>> = { serve: runServe, shell: runShellCommand };

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
