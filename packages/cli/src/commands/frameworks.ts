import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';

const USAGE = `Usage:
  aispm frameworks list [--format table|json]
  aispm frameworks show <framework-id|profile-id> [--kind KIND] [--format table|json]
`;

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}

/** `aispm frameworks list|show`: the framework catalogs and profiles of `@aispm/frameworks`. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    io.stdout(USAGE);
    return values.help ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new AispmError('usage', `--format takes table or json, got "${format}"`);
  const fw = await import('@aispm/frameworks');
  const catalog = fw.builtinCatalog();
  const [verb, id] = positionals;
  if (verb === 'list') {
    const frameworks = catalog.list().map((f) => ({
      id: f.id,
      name: f.shortName ?? f.name,
      version: f.version,
      publisher: f.publisher,
      confidence: f.confidence,
      license: f.license,
      controls: f.assessable().length,
      items: f.controls.length,
    }));
    const profiles = fw.builtinProfiles().map((p) => ({ id: p.id, title: p.title, frameworks: p.frameworks, controls: p.controls.length }));
    if (format === 'json') io.stdout(`${JSON.stringify({ frameworks, profiles }, null, 2)}\n`);
    else {
      io.stdout(
        table([
          ['FRAMEWORK', 'VERSION', 'CONTROLS', 'CONFIDENCE', 'NAME'],
          ...frameworks.map((f) => [f.id, f.version, String(f.controls), f.confidence, f.name]),
        ]),
      );
      io.stdout(`\n${table([['PROFILE', 'CONTROLS', 'TITLE'], ...profiles.map((p) => [p.id, String(p.controls), p.title])])}`);
    }
    return EXIT_CODES.ok;
  }
  if (verb === 'show') {
    if (!id) throw new AispmError('usage', 'frameworks show needs a framework or profile id');
    const f = catalog.get(id);
    if (f) {
      const controls = f.controls.filter((c) => !values.kind || c.kind === values.kind);
      if (format === 'json') {
        const { control: _c, children: _k, assessable: _a, ...data } = f;
        io.stdout(`${JSON.stringify({ ...data, controls }, null, 2)}\n`);
      } else {
        io.stdout(
          `${f.name} (${f.id}, version ${f.version})\npublisher: ${f.publisher}\nsource: ${f.sourceUrl}\nlicence: ${f.license}\nconfidence: ${f.confidence}\n\n`,
        );
        io.stdout(table([['ID', 'KIND', 'TITLE'], ...controls.map((c) => [c.id, c.kind, c.title])]));
      }
      return EXIT_CODES.ok;
    }
    const p = fw.getProfile(id);
    if (p) {
      if (format === 'json') io.stdout(`${JSON.stringify(p, null, 2)}\n`);
      else {
        io.stdout(`${p.title} (${p.id})\n${p.description}\n\n`);
        io.stdout(
          table([['CONTROL', 'MANUAL', 'TITLE'], ...p.controls.map((c) => [c.ref, c.manual ? 'yes' : '', catalog.control(c.ref)?.control.title ?? ''])]),
        );
      }
      return EXIT_CODES.ok;
    }
    throw new AispmError('not-found', `no framework or profile "${id}" (see: aispm frameworks list)`);
  }
  io.stderr(USAGE);
  throw new AispmError('usage', `unknown frameworks command "${verb}"`);
}
