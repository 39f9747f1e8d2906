import { availableParallelism } from 'node:os';
import { type FileScanResult, KERNEL_SOURCE, type KernelSpec, SCAN_FILE_SOURCE } from './kernel';
import { workerClass } from './lazy-deps';

/** One file for the pool. */
export interface ScanJob {
  abs: string;
  isScript: boolean;
  /** Size the walker saw, when known: lets the reader stop after one read at the end of the file. */
  size?: number;
}

/** A pool of worker threads that read and scan files. */
export interface ScanPool {
  /** Scans a batch of files; resolves when every file of the batch is done. */
  scan(jobs: ScanJob[]): Promise<FileScanResult[]>;
  /** Batches waiting or running. */
  readonly pending: number;
  close(): Promise<void>;
}

/** The file system calls {@link createReader} uses (node:fs in practice; workers pass theirs). */
export interface ReaderFs {
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  closeSync(fd: number): void;
}

/** A file reader that reuses one buffer. */
export interface Reader {
  /** The size the next file should have (from the walk), or `undefined` when unknown. */
  expect(size: number | undefined): void;
  /**
   * Reads a whole file into the shared buffer and returns a view of it: the view is valid only
   * until the next call, so callers copy what they keep (the kernel keeps only strings).
   */
  read(path: string): Uint8Array;
}

/**
 * A reader for the scan loop: one open, one read (two when the size is not known or the file
 * changed since the walk) and one close per file, into a buffer that grows as needed and is
 * reused, instead of a new buffer and a size lookup for every file. Like the kernel it references
 * nothing outside itself (workers run its source).
 *
 * @example
 * ```ts
 * const reader = createReader(fs);
 * reader.expect(1234);
 * const bytes = reader.read('/src/app.py');
 * ```
 */
export function createReader(fs: ReaderFs): Reader {
  let buf = new Uint8Array(1 << 16);
  let expected = -1;
  return {
    expect(size) {
      expected = typeof size === 'number' ? size : -1;
    },
    read(path) {
      const want = expected;
      expected = -1;
      if (want + 1 > buf.length) {
        let cap = buf.length;
        while (cap < want + 1) cap *= 2;
        buf = new Uint8Array(cap);
      }
      const fd = fs.openSync(path, 'r');
      try {
        let len = 0;
        for (;;) {
          if (len === buf.length) {
            const bigger = new Uint8Array(buf.length * 2);
            bigger.set(buf);
            buf = bigger;
          }
          const n = fs.readSync(fd, buf, len, buf.length - len, null);
          if (n === 0) break;
          len += n;
          // A file of the size the walk saw, read short of the buffer's end, is at its end.
          if (len === want && len < buf.length) break;
        }
        // A Buffer view, so that callers can decode it (the kernel calls toString on it).
        return Buffer.from(buf.buffer, buf.byteOffset, len);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

const READER_SOURCE = `var createReader = ${createReader.toString()};`;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
${KERNEL_SOURCE}
var scanFileWith = ${SCAN_FILE_SOURCE};
const scan = createKernel(workerData.spec);
const needsText = workerData.needsText;
${READER_SOURCE}
const reader = createReader(fs);
parentPort.on('message', (msg) => {
  const out = [];
  for (const job of msg.jobs) {
    reader.expect(job.size);
    out.push(scanFileWith(scan, needsText, reader.read, job.abs, job.isScript));
  }
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

/**
 * Worker threads a scan starts by default: one fewer than the CPUs the process may use (the
 * calling thread walks the tree and turns hits into facts meanwhile), at least 1, at most 4.
 *
 * @example
 * ```ts
 * const pool = createScanPool(set.kernel, needsText, defaultWorkers());
 * ```
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
