import { readFileSync } from 'node:fs';
import { type FileScanResult, KERNEL_SOURCE, type KernelSpec, SCAN_FILE_SOURCE } from './kernel';
import { workerClass } from './lazy-deps';

/** One file for the pool. */
export interface ScanJob {
  abs: string;
  isScript: boolean;
}

/** A pool of worker threads that read and scan files. */
export interface ScanPool {
  /** Scans a batch of files; resolves when every file of the batch is done. */
  scan(jobs: ScanJob[]): Promise<FileScanResult[]>;
  /** Batches waiting or running. */
  readonly pending: number;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
${KERNEL_SOURCE}
var scanFileWith = ${SCAN_FILE_SOURCE};
const scan = createKernel(workerData.spec);
const needsText = workerData.needsText;
parentPort.on('message', (msg) => {
  const out = [];
  for (const job of msg.jobs) out.push(scanFileWith(scan, needsText, fs.readFileSync, job.abs, job.isScript));
  parentPort.postMessage({ id: msg.id, out });
});
`;

/**
 * Starts `size` worker threads running the matching kernel. Each batch goes to the worker with
 * the fewest batches in flight.
 *
 * @example
 * ```ts
 * const pool = createScanPool(set.kernel, needsText, 2);
 * const [r] = await pool.scan([{ abs: '/src/app.py', isScript: false }]);
 * await pool.close();
 * ```
 */
export function createScanPool(spec: KernelSpec, needsText: Uint8Array, size: number): ScanPool {
  const Worker = workerClass();
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { spec, needsText } });
    w.unref();
    return { w, inflight: 0 };
  });
  const waiting = new Map<number, { resolve: (r: FileScanResult[]) => void; reject: (e: Error) => void; slot: (typeof workers)[number] }>();
  let nextId = 0;
  for (const slot of workers) {
    slot.w.on('message', (msg: { id: number; out: FileScanResult[] }) => {
      const p = waiting.get(msg.id);
      if (!p) return;
      waiting.delete(msg.id);
      slot.inflight--;
      p.resolve(msg.out);
    });
    slot.w.on('error', (e) => {
      for (const [id, p] of waiting) {
        if (p.slot !== slot) continue;
        waiting.delete(id);
        p.reject(e);
      }
    });
  }
  return {
    scan(jobs) {
      const slot = workers.reduce((a, b) => (b.inflight < a.inflight ? b : a));
      const id = nextId++;
      slot.inflight++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, slot });
        slot.w.postMessage({ id, jobs });
      });
    },
    get pending() {
      return waiting.size;
    },
    async close() {
      await Promise.all(workers.map((s) => s.w.terminate()));
    },
  };
}

/** Reads a file for the inline (no worker) path. */
export const readBytes = (abs: string): Uint8Array => readFileSync(abs);
