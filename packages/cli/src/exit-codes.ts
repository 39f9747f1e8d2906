/**
 * The documented exit codes of the `aispm` command.
 *
 * - `0` success;
 * - `1` findings at or above `--fail-on` were found;
 * - `2` usage or configuration error (bad flag, unreadable or invalid config);
 * - `3` run error (the run could not complete).
 *
 * @example
 * ```ts
 * if (code === EXIT_CODES.findings) console.log('gate failed');
 * ```
 */
export const EXIT_CODES = { ok: 0, findings: 1, usage: 2, error: 3 } as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
