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
  findings: { summary: 'List findings from the posture record, or move one through its lifecycle (findings transition).', load: () => import('./findings') },
  exceptions: { summary: 'Grant, renew, revoke, expire and list exceptions (exact rule + asset scope).', load: () => import('./exceptions') },
  history: { summary: 'What changed and why: by run since a date, or the history of one asset, finding or exception.', load: () => import('./history') },
  log: { summary: 'Verify the posture record hash chain (log verify) or export it as JSONL (log export).', load: () => import('./log') },
  diff: { summary: 'What changed between two runs: assets, relationships and findings.', load: () => import('./diff') },
  bom: { summary: 'Validate a CycloneDX or SPDX bill of materials (bom validate <file>).', load: () => import('./bom') },
  report: { summary: 'Write the HTML leadership report (or Markdown, or a folder of CSV/JSON Lines tables).', load: () => import('./report') },
  evidence: {
    summary: "Export the auditor's evidence pack for a period (evidence --from --to), or verify one (evidence verify).",
    load: () => import('./evidence'),
  },
  coverage: {
    summary: 'Control coverage of a framework or profile (coverage --framework <id>): satisfied, gap, not assessed, manual.',
    load: () => import('./coverage'),
  },
  frameworks: { summary: 'List the framework catalogs and profiles, or show one (frameworks list|show <id>).', load: () => import('./frameworks') },
  rules: { summary: 'List the baseline and configured rules (rules list), or lint rule files (rules lint).', load: () => import('./rules') },
  explain: { summary: 'Explain the score of a finding or an asset: every factor, weight, reason and evidence.', load: () => import('./explain') },
};
