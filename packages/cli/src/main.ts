import { COMMANDS } from './commands/registry';
import { EXIT_CODES } from './exit-codes';
import { type CliIO, processIO } from './io';
import { VERSION } from './version';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `aispm ${VERSION}: AI security posture management`,
    '',
    'Usage: aispm <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options: --help, --version',
    'Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage or configuration error, 3 run error.',
    '',
  ].join('\n');
}

/**
 * Runs the `aispm` command line with the given arguments and returns its exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['scan', 'observations.jsonl', '--format', 'json'], io);
 * ```
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(help());
    return first === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const spec = COMMANDS[first];
  if (!spec) {
    io.stderr(`aispm: unknown command "${first}". Run "aispm --help" for the list.\n`);
    return EXIT_CODES.usage;
  }
  try {
    const mod = await spec.load();
    return await mod.run(rest, io);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const usage =
      err.code === 'usage' ||
      err.code === 'config' ||
      err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL';
    io.stderr(`aispm ${first}: ${err.message ?? String(e)}\n`);
    return usage ? EXIT_CODES.usage : EXIT_CODES.error;
  }
}

/** Entry point used by the `aispm` binary. */
export async function main(): Promise<void> {
  // A reader that stops early (`aispm scan | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const code = await runCli(process.argv.slice(2), processIO());
  process.exitCode = code;
}
