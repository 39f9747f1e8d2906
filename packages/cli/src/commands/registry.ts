import type { CliIO } from '../io';

/** A command of the `aispm` CLI: a summary for help and a lazily loaded implementation. */
export interface CommandSpec {
  /** One line for `aispm --help`. */
  summary: string;
  /** Loads the implementation only when the command runs, so start-up stays fast. */
  load: () => Promise<{ run: (args: string[], io: CliIO) => Promise<number> }>;
}

/**
 * Every command, by name. Add a command by adding one entry here and a module under
 * `commands/`; keep heavy imports inside the module so other commands do not pay for them.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  scan: { summary: 'Discover AI assets, evaluate the baseline, score, record and report.', load: () => import('./scan') },
  report: { summary: 'Write the HTML leadership report (or Markdown, or a folder of CSV/JSON Lines tables).', load: () => import('./report') },
  explain: { summary: 'Explain the score of a finding or an asset: every factor, weight, reason and evidence.', load: () => import('./explain') },
};
