// A small, dependency-free ZIP writer and reader for evidence packs: deflate through node:zlib,
// fixed timestamps so the same files give the same bytes, no ZIP64 (packs stay far below 4 GiB),
// no encryption. The reader accepts what the writer produces and ordinary archivers' output
// (stored or deflated entries).
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Issue, Result } from '@aispm/core';

/** One file inside a ZIP archive. */
export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  path: string;
  data: Uint8Array;
}

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/**
 * Writes a ZIP archive. Entries keep the given order; every entry gets the same timestamp, so
 * equal input gives byte-identical archives.
 *
 * @example
 * ```ts
 * const bytes = writeZip([{ path: 'manifest.json', data: Buffer.from('{}') }], new Date('2026-01-01T00:00:00Z'));
 * ```
 */
export function writeZip(entries: readonly ZipEntry[], mtime: Date = new Date('1980-01-01T00:00:00Z')): Uint8Array {
  const { time, date } = dosTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.path, 'utf8');
    const raw = Buffer.from(e.data);
    const deflated = deflateRawSync(raw, { level: 9 });
    const useDeflate = deflated.length < raw.length;
    const body = useDeflate ? deflated : raw;
    const crc = crc32(raw) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/**
 * Reads a ZIP archive. A damaged archive (bad signature, truncated entry, CRC mismatch,
 * unsupported compression) gives issues naming the entry instead of throwing.
 *
 * @example
 * ```ts
 * const r = readZip(await readFile('pack.zip'));
 * if (r.ok) for (const e of r.value) console.log(e.path);
 * ```
 */
export function readZip(bytes: Uint8Array): Result<ZipEntry[]> {
  const { entries, issues } = readZipEntries(bytes);
  return issues.length ? { ok: false, issues } : { ok: true, value: entries };
}

/**
 * Reads every entry it can and reports the damaged ones: what verification needs to name each
 * broken file while still checking the rest.
 *
 * @example
 * ```ts
 * const { entries, issues } = readZipEntries(bytes);
 * ```
 */
export function readZipEntries(bytes: Uint8Array): { entries: ZipEntry[]; issues: Issue[] } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issues: Issue[] = [];
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    return { entries: [], issues: [{ code: 'zip/not-a-zip', message: 'no end of central directory record: not a ZIP archive, or truncated', path: '' }] };
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) {
      issues.push({ code: 'zip/bad-directory', message: `central directory entry ${n} is damaged`, path: '' });
      break;
    }
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localAt = buf.readUInt32LE(p + 42);
    const path = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith('/')) continue;
    if (localAt + 30 > buf.length || buf.readUInt32LE(localAt) !== 0x04034b50) {
      issues.push({ code: 'zip/bad-entry', message: `${path}: local header is damaged`, path: `/${path}` });
      continue;
    }
    const start = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const body = buf.subarray(start, start + csize);
    if (body.length !== csize) {
      issues.push({ code: 'zip/truncated', message: `${path}: entry is truncated`, path: `/${path}` });
      continue;
    }
    let data: Buffer;
    try {
      if (method === 0) data = Buffer.from(body);
      else if (method === 8) data = inflateRawSync(body);
      else {
        issues.push({ code: 'zip/unsupported', message: `${path}: compression method ${method} is not supported`, path: `/${path}` });
        continue;
      }
    } catch (e) {
      issues.push({ code: 'zip/corrupt', message: `${path}: cannot inflate: ${(e as Error).message}`, path: `/${path}` });
      continue;
    }
    if (crc32(data) >>> 0 !== crc) {
      issues.push({ code: 'zip/crc-mismatch', message: `${path}: CRC-32 does not match its contents`, path: `/${path}` });
      continue;
    }
    entries.push({ path, data: new Uint8Array(data) });
  }
  return { entries, issues };
}
