import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLAT_COLUMNS, FLAT_TABLES, type FlatRow, flatTables, renderFlat, toCsv, toJsonl, writeFlatExports } from '../src/output/flat';
import { acmeRun } from './fixtures/results/acme-run';

// A strict RFC 4180 reader for the round-trip checks.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('flat exports', () => {
  it('has one row per entity with the documented columns in order', async () => {
    const { result } = await acmeRun();
    const t = flatTables(result);
    expect(t.assets.length).toBe(result.summary.assets);
    expect(t.relationships.length).toBe(result.summary.relationships);
    expect(t.findings.length).toBe(result.findings.length);
    for (const table of FLAT_TABLES) for (const row of t[table]) expect(Object.keys(row)).toEqual(FLAT_COLUMNS[table].map((c) => c.name));
    expect(FLAT_COLUMNS.findings.map((c) => c.name)).toEqual([
      'id',
      'fingerprint',
      'rule_id',
      'rule_version',
      'title',
      'severity',
      'state',
      'primary_asset_id',
      'asset_ids',
      'controls',
      'likelihood',
      'impact',
      'confidence',
      'exception_id',
      'score',
      'band',
      'first_seen',
      'last_seen',
      'message',
    ]);
    const vs = t.assets.find((a) => a.id === 'vector-store:qdrant')!;
    expect(vs).toMatchObject({
      kind: 'vector-store',
      owner: 'team:search',
      connectors: 'dspm;repo',
      data_classes: 'customer-content;pii',
      exposure: 'internal',
    });
    const acc = t.findings.find((f) => f.state === 'accepted')!;
    expect(acc).toMatchObject({ rule_id: 'aispm:mcp-server-unpinned', exception_id: 'exc-2026-014', asset_ids: 'mcp-server:npm/@stripe/mcp', score: null });
  });

  it('CSV has a header and round-trips every value', async () => {
    const { result } = await acmeRun();
    const csv = renderFlat(result, 'csv', 'assets');
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(FLAT_COLUMNS.assets.map((c) => c.name));
    const t = flatTables(result);
    expect(rows.slice(1)).toEqual(t.assets.map((r) => FLAT_COLUMNS.assets.map((c) => (r[c.name] === null ? '' : String(r[c.name])))));
  });

  it('CSV quoting round-trips any text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { minLength: 1, maxLength: 5 }), (pairs) => {
        const rows: FlatRow[] = pairs.map(([subject, reason]) => ({
          subject,
          subject_kind: 'asset',
          model_id: null,
          value: null,
          band: 'info',
          reason,
          vector: null,
          calibrated: null,
          factors: '[]',
        }));
        const back = parseCsv(toCsv('scores', rows)).slice(1);
        expect(back.map((r) => [r[0], r[5]])).toEqual(pairs);
      }),
    );
  });

  it('JSON Lines types lists and JSON columns', async () => {
    const { result } = await acmeRun();
    const lines = renderFlat(result, 'jsonl', 'relationships')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const flow = lines.find((l) => l.id === 'sends-data:application:git/github.com/acme/support-agent->provider:openai');
    expect(flow).toEqual({
      id: 'sends-data:application:git/github.com/acme/support-agent->provider:openai',
      type: 'sends-data',
      from: 'application:git/github.com/acme/support-agent',
      to: 'provider:openai',
      data_classes: ['payment', 'pii'],
      connectors: ['dspm'],
      first_seen: '2026-11-20T06:00:00Z',
      last_seen: '2026-11-20T06:00:00Z',
      attributes: {},
    });
    const all = renderFlat(result, 'jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { table: string });
    expect(all.filter((l) => l.table === 'assets').length).toBe(result.summary.assets);
    expect(toJsonl('findings', [])).toBe('');
  });

  it('plain csv is the findings table; an unknown table is a usage error', async () => {
    const { result } = await acmeRun();
    expect(renderFlat(result, 'csv').split('\r\n')[0]).toBe(FLAT_COLUMNS.findings.map((c) => c.name).join(','));
    expect(() => renderFlat(result, 'csv', 'nope' as never)).toThrow(/unknown table "nope"/);
  });

  it('exports coverage rows per control from coverage reports', async () => {
    const { result } = await acmeRun();
    const coverage = [
      {
        target: { kind: 'framework', id: 'owasp-llm-2025', title: 'OWASP Top 10 for LLM Applications 2025' },
        summary: { satisfied: 0, gap: 1, 'not-assessed': 0, manual: 0, total: 1 },
        controls: [
          {
            ref: 'owasp-llm-2025:LLM06:2025',
            id: 'LLM06:2025',
            title: 'Excessive Agency',
            status: 'gap',
            rules: [{ ruleId: 'aispm:a' }, { ruleId: 'aispm:b' }],
            failingAssets: ['agent:x'],
            exceptions: [],
          },
        ],
      },
    ];
    expect(flatTables(result, { coverage }).coverage).toEqual([
      {
        target_kind: 'framework',
        target_id: 'owasp-llm-2025',
        target_title: 'OWASP Top 10 for LLM Applications 2025',
        control_ref: 'owasp-llm-2025:LLM06:2025',
        control_id: 'LLM06:2025',
        control_title: 'Excessive Agency',
        status: 'gap',
        rules: 'aispm:a;aispm:b',
        failing_assets: 'agent:x',
        exceptions: '',
      },
    ]);
  });

  it('writes a folder with every table and the data dictionary', async () => {
    const { result } = await acmeRun();
    const dir = await mkdtemp(join(tmpdir(), 'aispm-flat-'));
    const files = await writeFlatExports(result, dir, 'jsonl');
    expect(files).toEqual(['assets.jsonl', 'relationships.jsonl', 'findings.jsonl', 'scores.jsonl', 'coverage.jsonl', 'columns.json']);
    expect((await readdir(dir)).sort()).toEqual([...files].sort());
    expect(JSON.parse(await readFile(join(dir, 'columns.json'), 'utf8'))).toEqual(FLAT_COLUMNS);
  });
});
