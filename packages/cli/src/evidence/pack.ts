import { createHash } from 'node:crypto';
import {
  type ChainVerification,
  canonicalJson,
  type Finding,
  hashEvent,
  type InventorySnapshot,
  type Issue,
  type PostureRecord,
  type RecordEvent,
  RecordEventSchema,
  writeCycloneDx,
} from '@aispm/core';
import { FLAT_COLUMNS, flatTables, toCsv } from '../output/flat';
import type { DigestException } from '../report/digest';
import type { ScanResult } from '../scan-result';
import { VERSION } from '../version';
import { readZipEntries, writeZip, type ZipEntry } from './zip';

/** The `format` field of an evidence pack manifest. */
export const EVIDENCE_PACK_FORMAT = 'aispm-evidence-pack';
/** The manifest version this code writes and reads. */
export const EVIDENCE_PACK_VERSION = 1;

/** One file listed in the manifest. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** What the file holds, in words. */
  description: string;
}

/** The manifest of an evidence pack (`manifest.json`). */
export interface EvidenceManifest {
  format: typeof EVIDENCE_PACK_FORMAT;
  version: typeof EVIDENCE_PACK_VERSION;
  tool: { name: 'aispm'; version: string };
  generatedAt: string;
  period: { from: string; to: string };
  /** Whether a posture record was read (lifecycle history and activity log need one). */
  record: boolean;
  files: ManifestFile[];
  /** Parts of the pack that could not be produced, with the reason. */
  omissions: Array<{ part: string; reason: string }>;
}

/** What an evidence pack is made from. */
export interface EvidenceInput {
  /** The run whose inventory and findings the pack holds. */
  result: ScanResult;
  from: Date;
  to: Date;
  /** The posture record: lifecycle history, the exception register and the activity log. */
  record?: PostureRecord;
  /** The exception register when there is no record (e.g. an exceptions file). */
  exceptions?: DigestException[];
  /** Coverage reports per framework and profile (`computeRunCoverage(..., profiles: true)`). */
  coverage?: Array<{ target: { kind: string; id: string; title: string }; summary: Record<string, number>; controls: unknown[] }>;
  /** Versions of the catalogs, rule pack, scoring model and connectors used. */
  versions?: Record<string, unknown>;
  /** The scoring model used (its data). */
  scoringModel?: unknown;
  /** Calibration of the scoring model, when it was calibrated. */
  calibration?: unknown;
  /** The time the pack is made (default now); also the timestamp of every file in the archive. */
  generatedAt?: Date;
}

/** The outcome of {@link verifyEvidencePack}. */
export interface EvidenceVerification {
  ok: boolean;
  /** SHA-256 of `manifest.json` as found, to compare with the value given when the pack was sent. */
  manifestSha256?: string;
  /** Files whose contents differ from the manifest (or are damaged in the archive). */
  altered: string[];
  /** Files the manifest lists that are missing. */
  removed: string[];
  /** Files in the archive the manifest does not list. */
  added: string[];
  /** The activity log re-verified from its events: every hash recomputed. */
  activityLog?: { ok: boolean; events: number; message: string };
  issues: Issue[];
}

const enc = (s: string) => new TextEncoder().encode(s);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (v: unknown) => `${canonicalJsonPretty(v)}\n`;

function canonicalJsonPretty(v: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(v)), null, 2);
}

function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return cells
    .map((c) => {
      const s = c === null || c === undefined ? '' : String(c);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

/** Verifies a slice of the hash chain on its own: contiguous sequence numbers, each link and each hash recomputed. */
export function verifyEventSegment(lines: string[]): {
  ok: boolean;
  events: number;
  firstSeq?: number;
  lastSeq?: number;
  anchor?: { seq: number; hash: string };
  message: string;
} {
  let prev: RecordEvent | undefined;
  let first: RecordEvent | undefined;
  let n = 0;
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let parsed: RecordEvent;
    try {
      const r = RecordEventSchema.safeParse(JSON.parse(line));
      if (!r.success) return { ok: false, events: n, message: `line ${i + 1}: not a record event: ${r.error.issues[0]?.message}` };
      parsed = r.data;
    } catch {
      return { ok: false, events: n, message: `line ${i + 1}: invalid JSON` };
    }
    if (prev && parsed.seq !== prev.seq + 1) return { ok: false, events: n, message: `line ${i + 1}: sequence ${parsed.seq} follows ${prev.seq}` };
    if (prev && parsed.prevHash !== prev.hash) return { ok: false, events: n, message: `event ${parsed.seq}: previous hash does not match event ${prev.seq}` };
    const { hash, prevHash, ...payload } = parsed;
    if (hashEvent(prevHash, payload) !== hash) return { ok: false, events: n, message: `event ${parsed.seq}: hash does not match its contents` };
    first ??= parsed;
    prev = parsed;
    n++;
  }
  if (!first || !prev) return { ok: true, events: 0, message: 'no events in the period' };
  return {
    ok: true,
    events: n,
    firstSeq: first.seq,
    lastSeq: prev.seq,
    anchor: { seq: first.seq - 1, hash: first.prevHash },
    message: `events ${first.seq}–${prev.seq} link and hash correctly`,
  };
}

const README = (m: { from: string; to: string; generatedAt: string; record: boolean }) => `# aispm evidence pack

Period: ${m.from} to ${m.to}. Made ${m.generatedAt} by aispm ${VERSION}.

Every file is listed in \`manifest.json\` with its SHA-256. Check the pack offline with
\`aispm evidence verify <pack.zip>\`: it names any file that was altered, removed or added, and
recomputes every hash of the activity log.

- \`inventory/snapshot.json\`: every AI asset and relationship at the end of the period, with provenance.
- \`inventory/ml-bom.cdx.json\`: the same inventory as a CycloneDX 1.6 ML-BOM.
- \`findings/findings.json\`: every finding with its lifecycle history (the record's events about it).
- \`findings/findings.csv\`: the findings as one row each (columns as in the flat exports).
- \`exceptions/register.json\`, \`exceptions/register.csv\`: the exception register: scope, owner, basis, approver, expiry.
- \`activity-log/events.jsonl\`: the posture record's events in the period, one canonical JSON event per line.
- \`activity-log/verification.json\`: the verification of the whole hash chain and of the period's events.
- \`coverage/<framework or profile>.json\`, \`coverage/coverage.csv\`: control coverage per framework and profile.
- \`versions.json\`: versions of aispm, the framework catalogs, the rule pack and the scoring model.
- \`scoring/model.json\`, \`scoring/calibration.json\`: the scoring model used and its calibration.
${m.record ? '' : '\nNo posture record was read for this pack: lifecycle history and the activity log are empty (see `omissions` in the manifest).\n'}`;

/**
 * Builds the files of an evidence pack and its manifest (SHA-256 of every file). Parts that
 * cannot be produced (no record, a BOM writer error) are listed in `manifest.omissions` rather
 * than failing the pack.
 *
 * @example
 * ```ts
 * const { files, manifest } = await buildEvidencePack({ result, from, to, record });
 * ```
 */
export async function buildEvidencePack(input: EvidenceInput): Promise<{ files: ZipEntry[]; manifest: EvidenceManifest }> {
  const generatedAt = (input.generatedAt ?? new Date()).toISOString();
  const from = input.from.toISOString();
  const to = input.to.toISOString();
  const omissions: EvidenceManifest['omissions'] = [];
  const files: Array<ZipEntry & { description: string }> = [];
  const add = (path: string, text: string, description: string) => files.push({ path, data: enc(text), description });

  add('README.md', README({ from, to, generatedAt, record: Boolean(input.record) }), 'What the pack holds and how to verify it.');
  add('inventory/snapshot.json', json(input.result.inventory), 'Inventory snapshot: assets and relationships with provenance.');
  try {
    add(
      'inventory/ml-bom.cdx.json',
      writeCycloneDx(input.result.inventory as InventorySnapshot, { specVersion: '1.6' }),
      'The inventory as a CycloneDX 1.6 ML-BOM.',
    );
  } catch (e) {
    omissions.push({ part: 'inventory/ml-bom.cdx.json', reason: `CycloneDX writer failed: ${(e as Error).message}` });
  }

  // Findings with lifecycle history.
  let findings: Array<Finding & Record<string, unknown>> = input.result.findings as Array<Finding & Record<string, unknown>>;
  const histories = new Map<string, RecordEvent[]>();
  if (input.record) {
    const recorded = await input.record.findings();
    if (recorded.length) findings = recorded as unknown as Array<Finding & Record<string, unknown>>;
    for (const f of findings) histories.set(f.id, await input.record.history({ findingId: f.id }));
  } else omissions.push({ part: 'findings lifecycle history', reason: 'no posture record was read; findings are those of the run' });
  const sorted = [...findings].sort((a, b) => (a.id < b.id ? -1 : 1));
  add(
    'findings/findings.json',
    json({ findings: sorted.map((f) => ({ ...f, history: histories.get(f.id) ?? [] })) }),
    'Every finding with its lifecycle history (the record events about it).',
  );
  add('findings/findings.csv', toCsv('findings', flatTables({ ...input.result, findings: sorted as Finding[] }).findings), 'Findings, one row each.');

  // Exception register.
  const register = input.record ? await input.record.exceptions() : (input.exceptions ?? []);
  const regSorted = [...register].sort((a, b) => (a.id < b.id ? -1 : 1)) as Array<DigestException & Record<string, unknown>>;
  add('exceptions/register.json', json({ exceptions: regSorted }), 'The exception register.');
  add(
    'exceptions/register.csv',
    `${[
      csvLine(['id', 'rule_id', 'asset_ids', 'owner', 'basis', 'approver', 'granted_at', 'expires_at', 'status', 'review_trigger']),
      ...regSorted.map((x) =>
        csvLine([
          x.id,
          x.ruleId,
          x.assetIds.join(';'),
          x.owner,
          x.basis,
          x.approver,
          x.grantedAt as string,
          x.expiresAt,
          x.status ?? 'active',
          x.reviewTrigger as string,
        ]),
      ),
    ].join('\r\n')}\r\n`,
    'The exception register, one row each.',
  );

  // Activity log for the period, with its chain verification.
  const lines: string[] = [];
  let full: ChainVerification | undefined;
  if (input.record) {
    for await (const line of input.record.exportJsonl()) {
      const l = line.endsWith('\n') ? line.slice(0, -1) : line;
      const at = (JSON.parse(l) as { at: string }).at;
      if (at >= from && at <= to) lines.push(l);
    }
    full = await input.record.verify();
  } else omissions.push({ part: 'activity-log', reason: 'no posture record was read' });
  add('activity-log/events.jsonl', lines.map((l) => `${l}\n`).join(''), 'Posture record events in the period (canonical JSON, one per line).');
  add(
    'activity-log/verification.json',
    json({ period: { from, to }, fullChain: full ?? null, periodEvents: verifyEventSegment(lines) }),
    'Verification of the whole hash chain and of the events in the period.',
  );

  // Coverage per framework and profile.
  const coverage = input.coverage ?? [];
  if (coverage.length === 0) omissions.push({ part: 'coverage', reason: 'no rule results, so no coverage was computed' });
  for (const c of coverage) add(`coverage/${c.target.kind}-${c.target.id}.json`, json(c), `Coverage of ${c.target.title}.`);
  const covRows = flatTables(input.result, { coverage }).coverage;
  add('coverage/coverage.csv', toCsv('coverage', covRows), `Coverage per control (${FLAT_COLUMNS.coverage.length} columns as in the flat exports).`);

  add('versions.json', json({ aispm: VERSION, ...(input.versions ?? {}) }), 'Versions of the catalogs, rule pack, scoring model and aispm.');
  if (input.scoringModel !== undefined) add('scoring/model.json', json(input.scoringModel), 'The scoring model used.');
  else omissions.push({ part: 'scoring/model.json', reason: 'no scoring model was given' });
  add(
    'scoring/calibration.json',
    json(input.calibration ?? { calibrated: false, note: 'The model ran with its published thresholds; no calibration was applied.' }),
    'Calibration of the scoring model.',
  );

  const manifest: EvidenceManifest = {
    format: EVIDENCE_PACK_FORMAT,
    version: EVIDENCE_PACK_VERSION,
    tool: { name: 'aispm', version: VERSION },
    generatedAt,
    period: { from, to },
    record: Boolean(input.record),
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.data), bytes: f.data.length, description: f.description })),
    omissions,
  };
  return { files: files.map(({ path, data }) => ({ path, data })), manifest };
}

/**
 * Builds an evidence pack and writes it as a ZIP archive (`manifest.json` first). Returns the
 * archive and the SHA-256 of the manifest, to send alongside the pack.
 *
 * @example
 * ```ts
 * const { zip, manifestSha256 } = await writeEvidencePack({ result, from, to, record });
 * await writeFile('pack.zip', zip);
 * ```
 */
export async function writeEvidencePack(input: EvidenceInput): Promise<{ zip: Uint8Array; manifest: EvidenceManifest; manifestSha256: string }> {
  const { files, manifest } = await buildEvidencePack(input);
  const manifestBytes = enc(`${JSON.stringify(manifest, null, 2)}\n`);
  const zip = writeZip([{ path: 'manifest.json', data: manifestBytes }, ...files], input.generatedAt ?? new Date());
  return { zip, manifest, manifestSha256: sha256(manifestBytes) };
}

/**
 * Verifies an evidence pack offline: every file's SHA-256 against the manifest, files missing
 * or added, damaged archive entries, and the activity log's hash chain recomputed from its
 * events. Names every file that does not match.
 *
 * @example
 * ```ts
 * const v = verifyEvidencePack(await readFile('pack.zip'));
 * if (!v.ok) console.log(v.altered, v.removed, v.added);
 * ```
 */
export function verifyEvidencePack(bytes: Uint8Array): EvidenceVerification {
  const { entries, issues } = readZipEntries(bytes);
  const out: EvidenceVerification = { ok: false, altered: [], removed: [], added: [], issues: [...issues] };
  for (const i of issues) if (i.path.startsWith('/')) out.altered.push(i.path.slice(1));
  const byPath = new Map(entries.map((e) => [e.path, e.data]));
  const manifestBytes = byPath.get('manifest.json');
  if (!manifestBytes) {
    out.issues.push({
      code: 'evidence/no-manifest',
      message: 'manifest.json is missing: this is not an aispm evidence pack, or the manifest was removed',
      path: '/manifest.json',
    });
    return out;
  }
  out.manifestSha256 = sha256(manifestBytes);
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as EvidenceManifest;
  } catch {
    out.issues.push({ code: 'evidence/bad-manifest', message: 'manifest.json is not valid JSON', path: '/manifest.json' });
    out.altered.push('manifest.json');
    return out;
  }
  if (manifest.format !== EVIDENCE_PACK_FORMAT || !Array.isArray(manifest.files)) {
    out.issues.push({ code: 'evidence/bad-manifest', message: `manifest.json is not an ${EVIDENCE_PACK_FORMAT} manifest`, path: '/manifest.json' });
    return out;
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const data = byPath.get(f.path);
    if (!data) {
      if (!out.altered.includes(f.path)) out.removed.push(f.path);
      continue;
    }
    if (sha256(data) !== f.sha256 || data.length !== f.bytes) out.altered.push(f.path);
  }
  for (const p of byPath.keys()) if (p !== 'manifest.json' && !listed.has(p)) out.added.push(p);
  const log = byPath.get('activity-log/events.jsonl');
  if (log) {
    const seg = verifyEventSegment(new TextDecoder().decode(log).split('\n'));
    out.activityLog = { ok: seg.ok, events: seg.events, message: seg.message };
  }
  out.altered = [...new Set(out.altered)].sort();
  out.removed.sort();
  out.added.sort();
  out.ok = out.altered.length === 0 && out.removed.length === 0 && out.added.length === 0 && issues.length === 0 && (out.activityLog?.ok ?? true);
  return out;
}
