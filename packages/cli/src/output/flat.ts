import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AispmError, type Asset, type Finding, type Relationship } from '@aispm/core';
import type { ScanResult } from '../scan-result';

/** The tables of the flat exports. */
export const FLAT_TABLES = ['assets', 'relationships', 'findings', 'scores', 'coverage'] as const;
/** One of {@link FLAT_TABLES}. */
export type FlatTable = (typeof FLAT_TABLES)[number];

/** A cell value: text, number, boolean or empty. */
export type FlatValue = string | number | boolean | null;
/** One row: column name → value. */
export type FlatRow = Record<string, FlatValue>;

/** A documented column of a flat table. */
export interface FlatColumn {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'list' | 'json' | 'datetime';
  description: string;
}

const LIST_SEP = ';';

/**
 * The columns of every flat table, in order. Column names are stable: new columns are only
 * ever added at the end; none is renamed or removed within a major version. `list` columns join
 * values with `;`; `json` columns hold compact JSON; empty cells mean "not known".
 */
export const FLAT_COLUMNS: Record<FlatTable, FlatColumn[]> = {
  assets: [
    { name: 'id', type: 'string', description: 'Asset id, `<kind>:<natural key>`.' },
    { name: 'kind', type: 'string', description: 'Asset kind (provider, model, application, agent, mcp-server, ...).' },
    { name: 'name', type: 'string', description: 'Display name.' },
    { name: 'owner', type: 'string', description: 'Owner (team or person), empty when unknown.' },
    { name: 'surface', type: 'string', description: 'Surface class of models and applications.' },
    { name: 'approved', type: 'boolean', description: 'Approval status where the kind has one; empty when unknown.' },
    { name: 'exposure', type: 'string', description: 'Network exposure: public, internal, private or local.' },
    { name: 'data_classes', type: 'list', description: 'Data classes held or processed.' },
    { name: 'connectors', type: 'list', description: 'Connectors that saw the asset.' },
    { name: 'provenance_count', type: 'number', description: 'How many observations were merged into it.' },
    { name: 'first_seen', type: 'datetime', description: 'First time any source saw it.' },
    { name: 'last_seen', type: 'datetime', description: 'Last time any source saw it.' },
    { name: 'labels', type: 'json', description: 'Labels as a JSON object.' },
    { name: 'attributes', type: 'json', description: 'Kind-specific attributes as a JSON object.' },
  ],
  relationships: [
    { name: 'id', type: 'string', description: 'Relationship id, `<type>:<from>-><to>`.' },
    { name: 'type', type: 'string', description: 'Relationship type (uses-model, calls, sends-data, ...).' },
    { name: 'from', type: 'string', description: 'Asset id at the tail.' },
    { name: 'to', type: 'string', description: 'Asset id at the head.' },
    { name: 'data_classes', type: 'list', description: 'Data classes flowing along the edge.' },
    { name: 'connectors', type: 'list', description: 'Connectors that saw the edge.' },
    { name: 'first_seen', type: 'datetime', description: 'First time any source saw it.' },
    { name: 'last_seen', type: 'datetime', description: 'Last time any source saw it.' },
    { name: 'attributes', type: 'json', description: 'Edge attributes as a JSON object.' },
  ],
  findings: [
    { name: 'id', type: 'string', description: 'Finding id, `fnd_` + 24 hex digits of the fingerprint.' },
    { name: 'fingerprint', type: 'string', description: 'SHA-256 of rule id, sorted asset ids and scope.' },
    { name: 'rule_id', type: 'string', description: 'Rule id.' },
    { name: 'rule_version', type: 'string', description: 'Rule version.' },
    { name: 'title', type: 'string', description: 'Rule title.' },
    { name: 'severity', type: 'string', description: 'critical, high, medium, low or info.' },
    { name: 'state', type: 'string', description: 'Lifecycle state (open, accepted, fixed, ...).' },
    { name: 'primary_asset_id', type: 'string', description: 'The first asset of the finding (the asset for single-asset rules).' },
    { name: 'asset_ids', type: 'list', description: 'Every asset of the finding (a path for path rules).' },
    { name: 'controls', type: 'list', description: 'Framework control references.' },
    { name: 'likelihood', type: 'string', description: 'high, medium or low.' },
    { name: 'impact', type: 'string', description: 'high, medium or low.' },
    { name: 'confidence', type: 'string', description: 'high, medium or low.' },
    { name: 'exception_id', type: 'string', description: 'Exception covering it, when accepted.' },
    { name: 'score', type: 'number', description: 'Risk score of the finding, empty when not scored or withheld.' },
    { name: 'band', type: 'string', description: 'Score band, empty when not scored.' },
    { name: 'first_seen', type: 'datetime', description: 'When it was first seen failing.' },
    { name: 'last_seen', type: 'datetime', description: 'When it was last seen failing.' },
    { name: 'message', type: 'string', description: 'What failed, in one sentence.' },
  ],
  scores: [
    { name: 'subject', type: 'string', description: 'Finding id or asset id scored.' },
    { name: 'subject_kind', type: 'string', description: '`finding` or `asset`.' },
    { name: 'model_id', type: 'string', description: 'Scoring model id.' },
    { name: 'value', type: 'number', description: 'Score value, empty when withheld.' },
    { name: 'band', type: 'string', description: 'Band (critical ... info, or withheld).' },
    { name: 'reason', type: 'string', description: 'Why the value was withheld.' },
    { name: 'vector', type: 'string', description: 'Compact factor vector.' },
    { name: 'calibrated', type: 'boolean', description: 'Whether the model was calibrated to this team.' },
    { name: 'factors', type: 'json', description: 'The decomposition: every factor with value, contribution and rationale.' },
  ],
  coverage: [
    { name: 'target_kind', type: 'string', description: '`framework` or `profile`.' },
    { name: 'target_id', type: 'string', description: 'Framework or profile id.' },
    { name: 'target_title', type: 'string', description: 'Framework or profile title.' },
    { name: 'control_ref', type: 'string', description: 'Control reference, `<framework>:<control>`.' },
    { name: 'control_id', type: 'string', description: 'Control id within its framework.' },
    { name: 'control_title', type: 'string', description: 'Control title.' },
    { name: 'status', type: 'string', description: 'satisfied, gap, not-assessed or manual.' },
    { name: 'rules', type: 'list', description: 'Rules mapped to the control.' },
    { name: 'failing_assets', type: 'list', description: 'Assets failing a mapped rule.' },
    { name: 'exceptions', type: 'list', description: 'Active exceptions covering its failures.' },
  ],
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: readonly string[] | undefined): string => (v ?? []).join(LIST_SEP);
const json = (v: unknown): string => JSON.stringify(v ?? {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const conns = (p: ReadonlyArray<{ connector: string }>): string => list([...new Set(p.map((x) => x.connector))].sort());

function assetRow(a: Asset): FlatRow {
  const attrs = a.attributes as Record<string, unknown>;
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    owner: a.owner ?? null,
    surface: str(attrs.surface),
    approved: typeof attrs.approved === 'boolean' ? attrs.approved : null,
    exposure: str(attrs.exposure),
    data_classes: list(a.dataClasses),
    connectors: conns(a.provenance),
    provenance_count: a.provenance.length,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    labels: json(a.labels),
    attributes: json(attrs),
  };
}

function relationshipRow(r: Relationship): FlatRow {
  return {
    id: r.id,
    type: r.type,
    from: r.from,
    to: r.to,
    data_classes: list(r.dataClasses),
    connectors: conns(r.provenance),
    first_seen: r.firstSeen,
    last_seen: r.lastSeen,
    attributes: json(r.attributes),
  };
}

interface ScoreLike {
  subject: string;
  kind?: string;
  modelId?: string;
  value: number | null;
  band: string;
  reason?: string;
  vector?: string;
  calibrated?: boolean;
  factors?: unknown;
}

function scoresOf(result: ScanResult): ScoreLike[] {
  return result.scores.filter((s): s is ScoreLike => isObj(s) && typeof s.subject === 'string' && typeof s.band === 'string');
}

function findingRow(f: Finding, score: ScoreLike | undefined): FlatRow {
  return {
    id: f.id,
    fingerprint: f.fingerprint,
    rule_id: f.ruleId,
    rule_version: f.ruleVersion,
    title: f.title,
    severity: f.severity,
    state: f.state,
    primary_asset_id: f.assetIds[0] ?? null,
    asset_ids: list(f.assetIds),
    controls: list(f.controls),
    likelihood: f.likelihood ?? null,
    impact: f.impact ?? null,
    confidence: f.confidence ?? null,
    exception_id: f.exceptionId ?? null,
    score: typeof score?.value === 'number' ? score.value : null,
    band: score ? score.band : null,
    first_seen: f.firstSeen,
    last_seen: f.lastSeen,
    message: f.message,
  };
}

function scoreRow(s: ScoreLike): FlatRow {
  return {
    subject: s.subject,
    subject_kind: s.kind ?? (s.subject.startsWith('fnd_') ? 'finding' : 'asset'),
    model_id: s.modelId ?? null,
    value: typeof s.value === 'number' ? s.value : null,
    band: s.band,
    reason: s.reason ?? null,
    vector: s.vector ?? null,
    calibrated: typeof s.calibrated === 'boolean' ? s.calibrated : null,
    factors: JSON.stringify(s.factors ?? []),
  };
}

function coverageRows(coverage: unknown): FlatRow[] {
  const reports = Array.isArray(coverage) ? coverage : isObj(coverage) ? Object.values(coverage) : [];
  const rows: FlatRow[] = [];
  for (const r of reports) {
    if (!isObj(r) || !isObj(r.target) || !Array.isArray(r.controls)) continue;
    for (const c of r.controls) {
      if (!isObj(c)) continue;
      rows.push({
        target_kind: str(r.target.kind),
        target_id: str(r.target.id),
        target_title: str(r.target.title),
        control_ref: str(c.ref),
        control_id: str(c.id),
        control_title: str(c.title),
        status: str(c.status),
        rules: list(Array.isArray(c.rules) ? c.rules.map((x) => (isObj(x) ? String(x.ruleId) : String(x))) : []),
        failing_assets: list(Array.isArray(c.failingAssets) ? c.failingAssets.map(String) : []),
        exceptions: list(Array.isArray(c.exceptions) ? c.exceptions.map((x) => (isObj(x) ? String(x.id) : String(x))) : []),
      });
    }
  }
  return rows;
}

/** Options of {@link flatTables}. */
export interface FlatOptions {
  /** Coverage reports to export; defaults to `result.extras.coverage`. */
  coverage?: unknown;
}

/**
 * Turns a scan result into flat tables, one row per entity, with the columns of
 * {@link FLAT_COLUMNS} in order. Rows are sorted by their id (coverage: by target, then control).
 *
 * @example
 * ```ts
 * const { assets, findings } = flatTables(toScanResult(run));
 * findings.filter((f) => f.severity === 'critical').length;
 * ```
 */
export function flatTables(result: ScanResult, options: FlatOptions = {}): Record<FlatTable, FlatRow[]> {
  const scores = scoresOf(result);
  const findingScores = new Map(scores.filter((s) => s.kind === undefined || s.kind === 'finding').map((s) => [s.subject, s]));
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    assets: byId(result.inventory.assets as Asset[]).map(assetRow),
    relationships: byId(result.inventory.relationships as Relationship[]).map(relationshipRow),
    findings: byId(result.findings as Finding[]).map((f) => findingRow(f, findingScores.get(f.id))),
    scores: [...scores].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0)).map(scoreRow),
    coverage: coverageRows(options.coverage ?? result.extras.coverage),
  };
}

function csvCell(v: FlatValue): string {
  if (v === null) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes rows as RFC 4180 CSV (comma separated, double quotes, CRLF line ends) with a header
 * row of the table's documented columns.
 *
 * @example
 * ```ts
 * await writeFile('findings.csv', toCsv('findings', flatTables(result).findings));
 * ```
 */
export function toCsv(table: FlatTable, rows: readonly FlatRow[]): string {
  const cols = FLAT_COLUMNS[table].map((c) => c.name);
  const lines = [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c] ?? null)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Writes rows as JSON Lines, one object per line with the columns in documented order. `list`
 * columns become arrays and `json` columns become objects, so nothing needs a second parse.
 *
 * @example
 * ```ts
 * await writeFile('assets.jsonl', toJsonl('assets', flatTables(result).assets));
 * ```
 */
export function toJsonl(table: FlatTable, rows: readonly FlatRow[], extra: Record<string, string> = {}): string {
  const cols = FLAT_COLUMNS[table];
  return rows
    .map((r) => {
      const o: Record<string, unknown> = { ...extra };
      for (const c of cols) {
        const v = r[c.name] ?? null;
        if (c.type === 'list') o[c.name] = typeof v === 'string' && v !== '' ? v.split(LIST_SEP) : [];
        else if (c.type === 'json') o[c.name] = typeof v === 'string' ? JSON.parse(v) : v;
        else o[c.name] = v;
      }
      return `${JSON.stringify(o)}\n`;
    })
    .join('');
}

/**
 * Renders one table (or, for JSON Lines without a table, every table with a `table` field on
 * each line) as text: what `aispm scan --format csv:<table>`, `jsonl:<table>` and `jsonl` print.
 * CSV needs a table; plain `csv` is the findings table.
 *
 * @example
 * ```ts
 * io.stdout(renderFlat(result, 'csv', 'assets'));
 * ```
 */
export function renderFlat(result: ScanResult, format: 'csv' | 'jsonl', table?: FlatTable, options: FlatOptions = {}): string {
  if (table !== undefined && !FLAT_TABLES.includes(table)) {
    throw new AispmError('usage', `unknown table "${String(table)}" (known: ${FLAT_TABLES.join(', ')})`);
  }
  const tables = flatTables(result, options);
  if (format === 'csv') return toCsv(table ?? 'findings', tables[table ?? 'findings']);
  if (table) return toJsonl(table, tables[table]);
  return FLAT_TABLES.map((t) => toJsonl(t, tables[t], { table: t })).join('');
}

/**
 * Writes every table into a folder: `<table>.csv` or `<table>.jsonl`, plus `columns.json`, the
 * data dictionary (every column's name, type and description). Returns the files written.
 *
 * @example
 * ```ts
 * await writeFlatExports(toScanResult(run), 'exports', 'csv');
 * ```
 */
export async function writeFlatExports(result: ScanResult, dir: string, format: 'csv' | 'jsonl', options: FlatOptions = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const tables = flatTables(result, options);
  const files: string[] = [];
  for (const t of FLAT_TABLES) {
    const name = `${t}.${format}`;
    await writeFile(join(dir, name), format === 'csv' ? toCsv(t, tables[t]) : toJsonl(t, tables[t]));
    files.push(name);
  }
  await writeFile(join(dir, 'columns.json'), `${JSON.stringify(FLAT_COLUMNS, null, 2)}\n`);
  files.push('columns.json');
  return files;
}
