import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WRITER = fileURLToPath(new URL('./writer.ts', import.meta.url));

/** Runs the writer script in a real child process; resolves with its exit code and stderr. */
export function runWriter(location: string, name: string, batches: number, perBatch: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@aispm/source', '--import', 'tsx', WRITER, location, name, String(batches), String(perBatch)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
