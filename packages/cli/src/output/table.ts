import type { ScanResult } from '../scan-result';

function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Renders a scan result as a readable summary: counts by kind, then each asset with its sources,
 * then diagnostics.
 *
 * @example
 * ```ts
 * io.stdout(renderTable(toScanResult(run)));
 * ```
 */
export function renderTable(result: ScanResult): string {
  const out: string[] = [];
  const s = result.summary;
  out.push(`aispm ${result.tool.version}: ${s.assets} assets, ${s.relationships} relationships, ${s.findings} findings, ${s.diagnostics} diagnostics`);
  out.push('');
  const kinds = Object.entries(s.byKind).filter(([, n]) => n > 0);
  if (kinds.length) {
    out.push('Assets by kind');
    out.push(table(kinds.map(([k, n]) => [`  ${k}`, String(n)])));
    out.push('');
  }
  const surfaces = Object.entries(s.bySurface).filter(([, n]) => n > 0);
  if (surfaces.length) {
    out.push('Surface');
    out.push(table(surfaces.map(([k, n]) => [`  ${k}`, String(n)])));
    out.push('');
  }
  if (result.inventory.assets.length) {
    out.push('Assets');
    out.push(
      table([
        ['  ID', 'NAME', 'SOURCES'],
        ...result.inventory.assets.map((a) => [`  ${a.id}`, a.name, [...new Set(a.provenance.map((p) => p.connector))].join(', ')]),
      ]),
    );
    out.push('');
  }
  const failing = result.findings.filter((f) => f.state !== 'fixed' && f.state !== 'closed');
  if (failing.length) {
    out.push(`Failing checks (${failing.length})`);
    out.push(
      table([
        ['  SEVERITY', 'STATE', 'RULE', 'ASSETS', 'CONTROLS'],
        ...failing.map((f) => [
          `  ${f.severity}`,
          f.state,
          f.ruleId,
          f.assetIds.join(', '),
          f.controls.length > 4 ? `${f.controls.slice(0, 4).join(', ')} +${f.controls.length - 4}` : f.controls.join(', '),
        ]),
      ]),
    );
    out.push('');
  }
  if (result.diagnostics.length) {
    out.push('Diagnostics');
    for (const d of result.diagnostics) {
      const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
      out.push(`  ${where ? `${where} ` : ''}${d.path ? `${d.path} ` : ''}${d.code}: ${d.message}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
