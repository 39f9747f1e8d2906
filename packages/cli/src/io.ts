/**
 * Where the command line writes and reads: injectable so the CLI can be driven from code and
 * tests without touching the process.
 */
export interface CliIO {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Working directory that relative paths resolve against. */
  cwd: string;
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** Whether standard error is an interactive terminal (progress is shown only then). */
  isTTY?: boolean;
}

/**
 * The IO of the current process.
 *
 * @example
 * ```ts
 * const code = await runCli(process.argv.slice(2), processIO());
 * ```
 */
export function processIO(): CliIO {
  return {
    stdout: (t) => {
      process.stdout.write(t);
    },
    stderr: (t) => {
      process.stderr.write(t);
    },
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY) && process.env.CI !== 'true',
  };
}
