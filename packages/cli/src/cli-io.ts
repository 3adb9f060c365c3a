/** What a CLI command touches outside itself, so tests can drive commands without a process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Resolves with the signal name when the user asks to stop (SIGINT / SIGTERM). */
  readonly waitForStop: () => Promise<string>;
}

/** The real process: stdout, stderr and signal handlers (the CLI may install those; libraries may not). */
export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    waitForStop: () =>
      new Promise((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}

/** A usage error: message to stderr, exit code 2. */
export class UsageError extends Error {}
