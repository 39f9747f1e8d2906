import { existsSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Asset, Finding, Issue, Provenance, Severity } from '@aispm/core';
import type { ScanResult } from '../scan-result';

/** What SARIF knows about a rule beyond what its findings carry (from the rule pack). */
export interface SarifRuleInfo {
  id: string;
  version?: string;
  title?: string;
  description?: string;
  /** Why it matters. */
  rationale?: string;
  /** How to fix it, in Markdown or plain text. */
  remediation?: string;
  helpUri?: string;
  severity?: Severity;
  /** Framework control references, `<framework>:<control>`. */
  controls?: string[];
}

/** Options of {@link toSarif}. */
export interface SarifOptions {
  /** Rule metadata by rule id; rules without an entry are described from their findings. */
  rules?: Record<string, SarifRuleInfo>;
  /**
   * Folder that provenance file paths are relative to (the scan's base folder). With
   * `repoRoot`, URIs are rewritten to be relative to the repository root.
   */
  baseDir?: string;
  /** Repository root: artifact URIs are made relative to it (what GitHub code scanning expects). */
  repoRoot?: string;
  /**
   * Folders that provenance file paths are relative to, by provenance `source` (e.g. the
   * repository scanner's application key → the folder it scanned). Others use `baseDir`.
   */
  sourceRoots?: Record<string, string>;
  /**
   * With `repoRoot`, only files that exist under it become physical locations (provenance from
   * other systems' exports is kept in the message and properties).
   *
   * A repository-relative file that results without any file location point at (line 1), so
   * that GitHub code scanning, which needs one physical location per result, accepts them.
   * Usually the configuration file. Without it such results carry only logical locations.
   */
  fallbackUri?: string;
  /** Also emit findings in states `fixed` and `closed` (with `baselineState: absent`). Default false. */
  includeResolved?: boolean;
  /** `runAutomationDetails.id`, e.g. `aispm/acme/`; GitHub uses it as the analysis category. */
  automationId?: string;
}

/** A SARIF 2.1.0 log (only the parts aispm writes are typed). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

/** One run of a SARIF log. */
export interface SarifRun {
  tool: { driver: Record<string, unknown> & { rules: Array<Record<string, unknown>> } };
  results: Array<Record<string, unknown>>;
  invocations: Array<Record<string, unknown>>;
  automationDetails?: { id: string };
  originalUriBaseIds?: Record<string, { uri: string }>;
  columnKind: 'unicodeCodePoints';
  properties?: Record<string, unknown>;
}

/** The `$schema` URI written into SARIF logs. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF `level` for each severity. */
export const SARIF_LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub `security-severity` (a CVSS-like 0–10 number as a string) for each severity, chosen in
 * the middle of GitHub's bands: critical ≥ 9, high 7–8.9, medium 4–6.9, low 0.1–3.9.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const RESOLVED = new Set(['fixed', 'closed']);
const TOOL_URI = 'https://github.com/aispm/aispm';

function ruleName(id: string): string {
  const tail = id.split(':').pop() ?? id;
  return tail
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function frameworkTags(controls: string[]): string[] {
  const tags = new Set<string>(['security', 'ai']);
  for (const c of controls) {
    tags.add(c);
    const fw = c.split(':')[0];
    if (fw) tags.add(fw);
  }
  return [...tags].sort();
}

function fileLocation(p: Provenance[], usable: (x: Provenance) => boolean): Provenance | undefined {
  const files = p.filter((x) => x.locator.file !== undefined && usable(x));
  return files.find((x) => x.locator.line !== undefined) ?? files[0];
}

/** With a repository root, only files that exist in the repository make physical locations. */
function usableIn(options: SarifOptions): (x: Provenance) => boolean {
  if (options.repoRoot === undefined) return () => true;
  const root = options.repoRoot;
  const cache = new Map<string, boolean>();
  return (x) => {
    const uri = toUri(x.locator.file as string, options, x.source);
    let ok = cache.get(uri);
    if (ok === undefined) {
      try {
        ok = statSync(resolve(root, uri)).isFile();
      } catch {
        ok = false;
      }
      cache.set(uri, ok);
    }
    return ok;
  };
}

function toUri(file: string, options: SarifOptions, source?: string): string {
  let path = file;
  const root = source !== undefined ? options.sourceRoots?.[source] : undefined;
  if (options.repoRoot !== undefined) {
    const abs = resolve(root ?? options.baseDir ?? options.repoRoot, file);
    path = relative(options.repoRoot, abs);
  } else if (root !== undefined) path = relative(options.baseDir ?? root, resolve(root, file));
  return path.split('\\').join('/');
}

function region(p: Provenance): Record<string, number> | undefined {
  if (p.locator.line === undefined) return undefined;
  return { startLine: p.locator.line, ...(p.locator.column !== undefined ? { startColumn: p.locator.column } : {}) };
}

function physical(uri: string, reg: Record<string, number> | undefined): Record<string, unknown> {
  return { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, ...(reg ? { region: reg } : {}) } };
}

function ruleDescriptor(id: string, findings: Finding[], info: SarifRuleInfo | undefined): Record<string, unknown> {
  const first = findings[0];
  const title = info?.title ?? first?.title ?? id;
  const severity: Severity = info?.severity ?? first?.severity ?? 'medium';
  const controls = [...new Set([...(info?.controls ?? []), ...findings.flatMap((f) => f.controls)])].sort();
  const description = info?.description ?? title;
  const helpParts = [description];
  if (info?.rationale) helpParts.push(`Why it matters: ${info.rationale}`);
  if (info?.remediation) helpParts.push(`How to fix: ${info.remediation}`);
  if (controls.length) helpParts.push(`Framework controls: ${controls.join(', ')}`);
  const md = [`**${title}**`, '', description];
  if (info?.rationale) md.push('', `**Why it matters.** ${info.rationale}`);
  if (info?.remediation) md.push('', `**How to fix.** ${info.remediation}`);
  if (controls.length) md.push('', '**Framework controls**', '', ...controls.map((c) => `- \`${c}\``));
  const version = info?.version ?? first?.ruleVersion;
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: title },
    fullDescription: { text: description },
    help: { text: helpParts.join('\n\n'), markdown: md.join('\n') },
    ...(info?.helpUri ? { helpUri: info.helpUri } : {}),
    defaultConfiguration: { level: SARIF_LEVELS[severity] },
    properties: {
      tags: frameworkTags(controls),
      'security-severity': SECURITY_SEVERITY[severity],
      precision: 'high',
      ...(version ? { version } : {}),
      controls,
    },
  };
}

function evidenceText(f: Finding): string {
  const parts = f.evidence.slice(0, 3).map((e) => {
    const seen = e.observed === undefined ? 'absent' : JSON.stringify(e.observed);
    return `${e.assetId}${e.pointer} = ${seen}${e.expected ? ` (expected ${e.expected})` : ''}`;
  });
  return parts.length ? ` Evidence: ${parts.join('; ')}.` : '';
}

function notification(d: Issue, options: SarifOptions): Record<string, unknown> {
  const level = d.severity === 'info' ? 'note' : d.severity === 'warning' ? 'warning' : 'error';
  const n: Record<string, unknown> = {
    level,
    message: { text: `${d.path ? `${d.path}: ` : ''}${d.message}` },
    descriptor: { id: d.code },
  };
  if (d.file) {
    n.locations = [physical(toUri(d.file, options), d.line !== undefined ? { startLine: d.line, ...(d.column ? { startColumn: d.column } : {}) } : undefined)];
  }
  return n;
}

/**
 * Builds a SARIF 2.1.0 log from a scan result: one rule per rule id (help text, framework tags,
 * GitHub `security-severity`), one result per finding with a physical location where its
 * provenance has a file (and line), logical locations naming the assets, the finding's
 * fingerprint as a partial fingerprint, and a suppression for accepted (excepted) findings.
 * Run diagnostics become tool execution notifications.
 *
 * @example
 * ```ts
 * const log = toSarif(toScanResult(run), { baseDir: 'estate', repoRoot: process.cwd(), fallbackUri: 'estate/aispm.config.yaml' });
 * await writeFile('aispm.sarif', JSON.stringify(log));
 * ```
 */
export function toSarif(result: ScanResult, options: SarifOptions = {}): SarifLog {
  const assets = new Map<string, Asset>(result.inventory.assets.map((a) => [a.id, a as Asset]));
  const findings = result.findings
    .filter((f) => options.includeResolved || !RESOLVED.has(f.state))
    .slice()
    .sort((a, b) => (a.ruleId === b.ruleId ? (a.fingerprint < b.fingerprint ? -1 : 1) : a.ruleId < b.ruleId ? -1 : 1));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  for (const id of Object.keys(options.rules ?? {})) if (!byRule.has(id)) byRule.set(id, []);
  const ruleIds = [...byRule.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => ruleDescriptor(id, byRule.get(id) ?? [], options.rules?.[id]));

  const usable = usableIn(options);
  const results = findings.map((f) => {
    const provenance = [...f.evidence.flatMap((e) => e.provenance), ...f.assetIds.flatMap((id) => assets.get(id)?.provenance ?? [])];
    const at = fileLocation(provenance, usable);
    const locations: Array<Record<string, unknown>> = [];
    if (at?.locator.file) locations.push(physical(toUri(at.locator.file, options, at.source), region(at)));
    else if (options.fallbackUri) locations.push(physical(options.fallbackUri.split('\\').join('/'), { startLine: 1 }));
    const logical = f.assetIds.map((id) => {
      const a = assets.get(id);
      return { fullyQualifiedName: id, name: a?.name ?? id, kind: 'resource', properties: { assetKind: a?.kind ?? id.split(':')[0] } };
    });
    if (locations.length > 0) (locations[0] as Record<string, unknown>).logicalLocations = logical;
    else locations.push({ logicalLocations: logical });
    const related = provenance
      .filter((p) => p !== at && p.locator.file !== undefined && usable(p))
      .slice(0, 5)
      .map((p, i) => ({ id: i + 1, ...physical(toUri(p.locator.file as string, options, p.source), region(p)), message: { text: `seen by ${p.connector}` } }));
    const r: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: SARIF_LEVELS[f.severity],
      message: { text: `${f.message}${evidenceText(f)}` },
      locations,
      partialFingerprints: { 'aispmFindingFingerprint/v1': f.fingerprint },
      properties: {
        findingId: f.id,
        state: f.state,
        severity: f.severity,
        assetIds: f.assetIds,
        controls: f.controls,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
        ...(f.likelihood ? { likelihood: f.likelihood } : {}),
        ...(f.impact ? { impact: f.impact } : {}),
        ...(f.confidence ? { confidence: f.confidence } : {}),
      },
    };
    if (related.length) r.relatedLocations = related;
    if (RESOLVED.has(f.state)) r.baselineState = 'absent';
    if (f.state === 'accepted') {
      r.suppressions = [{ kind: 'external', status: 'accepted', justification: f.exceptionId ? `Accepted under exception ${f.exceptionId}` : 'Accepted risk' }];
    } else if (f.state === 'deferred') {
      r.suppressions = [{ kind: 'external', status: 'underReview', justification: 'Deferred until its re-evaluation trigger' }];
    }
    return r;
  });

  const run: SarifRun = {
    tool: {
      driver: {
        name: 'aispm',
        fullName: 'aispm AI security posture management',
        version: result.tool.version,
        semanticVersion: result.tool.version,
        informationUri: TOOL_URI,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: result.run.sources.every((s) => s.status === 'ok'),
        startTimeUtc: result.run.startedAt,
        endTimeUtc: result.run.finishedAt,
        toolExecutionNotifications: result.diagnostics.map((d) => notification(d, options)),
      },
    ],
    results,
    columnKind: 'unicodeCodePoints',
    properties: { assets: result.summary.assets, relationships: result.summary.relationships },
  };
  if (options.automationId) run.automationDetails = { id: options.automationId };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/**
 * Renders {@link toSarif} as pretty-printed JSON text.
 *
 * @example
 * ```ts
 * io.stdout(renderSarif(result, { repoRoot: process.cwd() }));
 * ```
 */
export function renderSarif(result: ScanResult, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}

/**
 * SARIF options for a CLI run: URIs relative to the working folder (the repository root in CI)
 * and the configuration file as the fallback location.
 *
 * @example
 * ```ts
 * const text = renderSarif(toScanResult(run), sarifOptionsForRun(run, process.cwd()));
 * ```
 */
export function sarifOptionsForRun(
  run: {
    options: {
      baseDir: string;
      sources?: Array<{ type: string; path?: string | undefined; options?: Record<string, unknown> | undefined }>;
      config?: { name?: string | undefined; baseDir: string };
    };
  },
  cwd: string,
): SarifOptions {
  const baseDir = run.options.baseDir;
  const options: SarifOptions = { baseDir, repoRoot: cwd };
  const cfgDir = run.options.config?.baseDir;
  if (cfgDir) {
    const file = ['aispm.config.yaml', 'aispm.config.yml', 'aispm.config.json'].map((n) => resolve(cfgDir, n)).find((p) => existsSync(p));
    if (file) options.fallbackUri = relative(cwd, file).split('\\').join('/');
  }
  // The repository scanner's paths are relative to each scanned folder, named by its application key.
  const roots: Record<string, string> = {};
  for (const src of run.options.sources ?? []) {
    if (src.type !== 'repo' || !src.path) continue;
    const abs = resolve(baseDir, src.path);
    const app = (src.options as { application?: unknown } | undefined)?.application;
    roots[typeof app === 'string' ? app : basename(abs)] = abs;
  }
  if (Object.keys(roots).length) options.sourceRoots = roots;
  const name = run.options.config?.name;
  options.automationId = `aispm/${name ?? 'scan'}/`;
  return options;
}

/**
 * SARIF rule metadata (title, description, rationale, remediation, controls) of the baseline
 * pack, so every rule in the log has help text. Empty when `@aispm/frameworks` has no pack.
 *
 * @example
 * ```ts
 * const rules = await baselineSarifRules();
 * renderSarif(result, { rules });
 * ```
 */
export async function baselineSarifRules(): Promise<Record<string, SarifRuleInfo>> {
  const fw = (await import('@aispm/frameworks')) as Record<string, unknown>;
  const pack = fw.baselinePack as { rules?: Array<Record<string, unknown>> } | undefined;
  const controls = typeof fw.baselineControlMap === 'function' ? (fw.baselineControlMap as () => Record<string, string[]>)() : {};
  const out: Record<string, SarifRuleInfo> = {};
  for (const r of pack?.rules ?? []) {
    if (typeof r.id !== 'string') continue;
    const rem = r.remediation as { summary?: string; steps?: string[] } | undefined;
    const info: SarifRuleInfo = { id: r.id };
    if (typeof r.version === 'string') info.version = r.version;
    if (typeof r.title === 'string') info.title = r.title;
    if (typeof r.description === 'string') info.description = r.description;
    if (typeof r.rationale === 'string') info.rationale = r.rationale;
    if (rem?.summary) info.remediation = [rem.summary, ...(rem.steps ?? []).map((s, i) => `${i + 1}. ${s}`)].join('\n');
    if (typeof r.severity === 'string') info.severity = r.severity as Severity;
    if (controls[r.id]) info.controls = controls[r.id];
    out[r.id] = info;
  }
  return out;
}
