#!/usr/bin/env node
// Start-up: the command runs from one CommonJS bundle (dist/cli.cjs) compiled with a V8 code
// cache (dist/cli.cjs.v8cache, written by the build after a warm-up scan), so that a run does not
// parse and compile the bundle's code again. The cache is used only when it was made from this
// very file (its header holds the bundle's size and modification time), its checksum matches and
// V8 accepts it; it is rewritten when it is missing or stale. AISPM_CODE_CACHE=off runs without
// it; without the bundle, the ES module build (dist/main.js) runs instead.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const bundle = join(dist, 'cli.cjs');
const cacheFile = `${bundle}.v8cache`;
const mode = process.env.AISPM_CODE_CACHE;
// Cache header: the bundle's size and modification time (float64 each), the CRC-32 of the data.
const HEAD = 24;
const checksum = (data) => zlib.crc32(data) >>> 0;

let source;
let stat;
try {
  // Latin-1: the bundle's code is ASCII (only some comments are not), and a one-byte string is
  // read and compiled faster than the two-byte string a UTF-8 decoding would make of it.
  source = readFileSync(bundle, 'latin1');
  stat = statSync(bundle);
} catch {
  source = undefined;
}

if (source === undefined) {
  const { main } = await import('../dist/main.js');
  await main();
} else {
  let cachedData;
  if (mode !== 'off' && mode !== 'write') {
    try {
      const buf = readFileSync(cacheFile);
      const size = buf.readDoubleLE(0);
      const mtime = buf.readDoubleLE(8);
      // V8 trusts what it is given: a damaged cache would crash the process, so its checksum is
      // checked first.
      if (size === stat.size && mtime === stat.mtimeMs && buf.readUInt32LE(16) === checksum(buf.subarray(HEAD))) cachedData = buf.subarray(HEAD);
    } catch {
      cachedData = undefined;
    }
  }
  // The bundle's `import()` of packages and user files comes back here (see the build config).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __aispmHostImport) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, createRequire(bundle), cjs, bundle, dist, (specifier) => import(specifier));
  await cjs.exports.main();
  if (mode === 'write' || (mode !== 'off' && (cachedData === undefined || script.cachedDataRejected))) {
    // After the run, so the cache holds the functions the run compiled too. Written beside the
    // bundle through a temporary file; a read-only install simply goes without.
    try {
      const data = script.createCachedData();
      const head = Buffer.alloc(HEAD);
      head.writeDoubleLE(stat.size, 0);
      head.writeDoubleLE(stat.mtimeMs, 8);
      head.writeUInt32LE(checksum(data), 16);
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([head, data]));
      renameSync(tmp, cacheFile);
    } catch {
      // No cache this time.
    }
  }
}
