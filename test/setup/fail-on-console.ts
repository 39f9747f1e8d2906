import { afterEach, beforeEach, vi } from 'vitest';

// The library never writes to the console: any console output during a test fails it.
const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const m of methods) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${m}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) {
    const seen = calls;
    calls = [];
    throw new Error(`Unexpected console output in test:\n${seen.join('\n')}`);
  }
});

// Property tests are deterministic: a fixed seed unless FC_SEED asks for another.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });
