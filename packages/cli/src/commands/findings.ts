import { parseArgs } from 'node:util';
import { AispmError, FINDING_STATES, type FindingState, SEVERITIES, type Severity } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { cliActor, parseDateOption, textTable, withCliRecord } from '../stages/record';

const USAGE = `Usage:
  aispm findings [--state S[,S]] [--severity S[,S]] [--rule ID] [--asset ID] [--json] [--record PATH|URL] [--config FILE]
  aispm findings transition <finding-id> <state> --reason TEXT [--until DATE | --trigger TEXT] [--exception ID] [--actor NAME]
States: ${FINDING_STATES.join(', ')}
`;

function list<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const i of items) if (!allowed.includes(i as T)) throw new AispmError('usage', `${flag} takes ${allowed.join(', ')}; got "${i}"`);
  return items as T[];
}

/** `aispm findings`: lists findings from the posture record, or moves one through its lifecycle. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      severity: { type: 'string' },
      rule: { type: 'string' },
      asset: { type: 'string' },
      json: { type: 'boolean' },
      record: { type: 'string' },
      config: { type: 'string', short: 'c' },
      reason: { type: 'string' },
      until: { type: 'string' },
      trigger: { type: 'string' },
      exception: { type: 'string' },
      actor: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  if (positionals[0] === 'transition') {
    const [, id, to] = positionals;
    if (!id || !to) throw new AispmError('usage', `give a finding id and a state\n${USAGE}`);
    if (!FINDING_STATES.includes(to as FindingState)) throw new AispmError('usage', `unknown state "${to}" (known: ${FINDING_STATES.join(', ')})`);
    if (!values.reason?.trim()) throw new AispmError('usage', 'a transition needs --reason');
    return withCliRecord(values, io.cwd, async (record) => {
      try {
        const f = await record.transition(id, to as FindingState, {
          actor: values.actor ?? cliActor(io.env),
          reason: values.reason as string,
          ...(values.until ? { deferUntil: parseDateOption('--until', values.until) } : {}),
          ...(values.trigger ? { deferTrigger: values.trigger } : {}),
          ...(values.exception ? { exceptionId: values.exception } : {}),
        });
        if (values.json) io.stdout(`${JSON.stringify(f, null, 2)}\n`);
        else io.stdout(`${f.id}: ${f.state}\n`);
        return EXIT_CODES.ok;
      } catch (e) {
        if (AispmError.isInstance(e) && (e.code === 'illegal-transition' || e.code === 'not-found')) throw new AispmError('usage', e.message, { cause: e });
        throw e;
      }
    });
  }
  if (positionals.length > 0) throw new AispmError('usage', `unexpected argument "${positionals[0]}"\n${USAGE}`);
  const states = list('--state', values.state, FINDING_STATES);
  const severities = list('--severity', values.severity, SEVERITIES as readonly Severity[]);
  return withCliRecord(values, io.cwd, async (record) => {
    const findings = await record.findings({
      ...(states ? { states } : {}),
      ...(severities ? { severities } : {}),
      ...(values.rule ? { ruleId: values.rule } : {}),
      ...(values.asset ? { assetId: values.asset } : {}),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    if (findings.length === 0) {
      io.stdout('No findings match.\n');
      return EXIT_CODES.ok;
    }
    const rows = [['ID', 'STATE', 'SEVERITY', 'RULE', 'ASSETS', 'FIRST SEEN', 'LAST SEEN']];
    for (const f of findings) rows.push([f.id, f.state, f.severity, f.ruleId, f.assetIds.join(', '), f.firstSeen.slice(0, 10), f.lastSeen.slice(0, 10)]);
    io.stdout(textTable(rows));
    return EXIT_CODES.ok;
  });
}
