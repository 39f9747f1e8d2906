// Loading aispm's flat exports for analysis, the way a data team would: run the scan once,
// write each table as CSV (or JSON Lines), read them back with typed columns, and answer a few
// questions by joining the tables. Only Node's standard library is used; the same files load
// into pandas, DuckDB or a spreadsheet unchanged (see docs/guides/notebooks.md).
//
// Run: npx tsx --tsconfig tsconfig.scripts.json examples/data-team/load-exports.ts [out-folder]
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@aispm/cli';

const estate = fileURLToPath(new URL('../estates/acme/aispm.config.yaml', import.meta.url));
const out = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'aispm-exports-')));
const quietIO = { stdout: () => {}, stderr: (t: string) => process.stderr.write(t), cwd: process.cwd(), env: process.env };

// 1. Export the tables. `--format csv:<table>` writes one table; `jsonl` writes every table into
//    one stream with a `table` field on each line.
for (const table of ['assets', 'relationships', 'findings']) {
  const code = await runCli(['scan', '--config', estate, '--no-record', '--quiet', '--format', `csv:${table}`, '--out', join(out, `${table}.csv`)], quietIO);
  if (code > 1) throw new Error(`aispm scan failed with exit code ${code}`);
}
await runCli(['scan', '--config', estate, '--no-record', '--quiet', '--format', 'jsonl', '--out', join(out, 'all.jsonl')], quietIO);

// 2. A small RFC 4180 reader (quoted cells, doubled quotes, CRLF).
function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
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
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  const [head = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const load = async (table: string) => parseCsv(await readFile(join(out, `${table}.csv`), 'utf8'));
const assets = await load('assets');
const relationships = await load('relationships');
const findings = await load('findings');
const list = (cell: string | undefined) => (cell ? cell.split(';') : []);

// 3. Questions.
const byId = new Map(assets.map((a) => [a.id, a]));
const kinds = new Map<string, number>();
for (const a of assets) kinds.set(a.kind ?? '', (kinds.get(a.kind ?? '') ?? 0) + 1);
console.log(`assets: ${assets.length}, relationships: ${relationships.length}, findings: ${findings.length}`);
console.log('assets by kind:', Object.fromEntries([...kinds].sort()));

// Which assets were seen by more than one source (the merge at work)?
const multi = assets.filter((a) => list(a.connectors).length > 1).map((a) => `${a.id} (${a.connectors})`);
console.log('seen by several sources:', multi);

// Personal data leaving for third-party providers: sends-data edges into a provider.
const pii = relationships.filter((r) => list(r.data_classes).some((c) => c === 'pii' || c === 'phi') && byId.get(r.to ?? '')?.kind === 'provider');
console.log(
  'personal data sent to providers:',
  pii.map((r) => `${byId.get(r.from ?? '')?.name} -> ${byId.get(r.to ?? '')?.name} [${r.data_classes}]`),
);

// Owners of open findings (empty owner = nobody to assign it to).
const owners = new Map<string, number>();
for (const f of findings.filter((x) => x.state === 'open')) {
  const owner = byId.get(f.primary_asset_id ?? '')?.owner || '(no owner)';
  owners.set(owner, (owners.get(owner) ?? 0) + 1);
}
console.log('open findings by owner:', Object.fromEntries(owners));

// JSON Lines keep lists and objects typed: no second parse needed.
const lines = (await readFile(join(out, 'all.jsonl'), 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { table: string });
const perTable = new Map<string, number>();
for (const l of lines) perTable.set(l.table, (perTable.get(l.table) ?? 0) + 1);
console.log('jsonl rows per table:', Object.fromEntries(perTable));
if (perTable.get('assets') !== assets.length) throw new Error('CSV and JSON Lines disagree on the number of assets');
console.log(`exports in ${out}`);
