import { parseArgs } from 'node:util';
import { AispmError, type ExceptionEntry } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { cliActor, parseDateOption, textTable, withCliRecord } from '../stages/record';

const USAGE = `Usage:
  aispm exceptions grant --rule ID --asset ID [--asset ID...] --owner NAME --basis TEXT --approver NAME --expires DATE --reason TEXT [--review-trigger TEXT] [--id ID]
  aispm exceptions renew <exception-id> --expires DATE --reason TEXT [--approver NAME] [--basis TEXT]
  aispm exceptions revoke <exception-id> --reason TEXT
  aispm exceptions expire
  aispm exceptions list [--status active|revoked|expired] [--expiring-within DAYS] [--json]
All take --record PATH|URL or --config FILE, and --actor NAME.
`;

function need(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new AispmError('usage', `${flag} is required\n${USAGE}`);
  return value;
}

function show(x: ExceptionEntry): string {
  return `${x.id}: ${x.status}, rule ${x.ruleId} on ${x.assetIds.join(', ')}, owner ${x.owner}, approved by ${x.approver}, expires ${x.expiresAt}\n`;
}

/** `aispm exceptions`: grant, renew, revoke, expire and list exceptions in the posture record. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rule: { type: 'string' },
      asset: { type: 'string', multiple: true },
      owner: { type: 'string' },
      basis: { type: 'string' },
      approver: { type: 'string' },
      expires: { type: 'string' },
      'review-trigger': { type: 'string' },
      id: { type: 'string' },
      reason: { type: 'string' },
      status: { type: 'string' },
      'expiring-within': { type: 'string' },
      json: { type: 'boolean' },
      actor: { type: 'string' },
      record: { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, target] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(USAGE);
    return values.help ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  const actor = values.actor ?? cliActor(io.env);
  const asUsage = (e: unknown): never => {
    if (AispmError.isInstance(e) && ['illegal-transition', 'not-found', 'validation'].includes(e.code)) throw new AispmError('usage', e.message, { cause: e });
    throw e;
  };
  switch (sub) {
    case 'grant': {
      const grant = {
        ruleId: need(values.rule, '--rule'),
        assetIds: values.asset ?? [],
        owner: need(values.owner, '--owner'),
        basis: need(values.basis, '--basis'),
        approver: need(values.approver, '--approver'),
        expiresAt: parseDateOption('--expires', need(values.expires, '--expires')),
        ...(values['review-trigger'] ? { reviewTrigger: values['review-trigger'] } : {}),
        ...(values.id ? { id: values.id } : {}),
      };
      if (grant.assetIds.length === 0) throw new AispmError('usage', `--asset is required (exact asset ids, repeat for several)\n${USAGE}`);
      const reason = need(values.reason, '--reason');
      return withCliRecord(
        values,
        io.cwd,
        async (record) => {
          const x = await record.grantException(grant, { actor, reason }).catch(asUsage);
          io.stdout(values.json ? `${JSON.stringify(x, null, 2)}\n` : `granted ${show(x)}`);
          return EXIT_CODES.ok;
        },
        { create: true },
      );
    }
    case 'renew': {
      const id = need(target, 'an exception id');
      const expires = parseDateOption('--expires', need(values.expires, '--expires'));
      const reason = need(values.reason, '--reason');
      return withCliRecord(values, io.cwd, async (record) => {
        const x = await record
          .renewException(id, expires, {
            actor,
            reason,
            ...(values.approver ? { approver: values.approver } : {}),
            ...(values.basis ? { basis: values.basis } : {}),
          })
          .catch(asUsage);
        io.stdout(values.json ? `${JSON.stringify(x, null, 2)}\n` : `renewed ${show(x)}`);
        return EXIT_CODES.ok;
      });
    }
    case 'revoke': {
      const id = need(target, 'an exception id');
      const reason = need(values.reason, '--reason');
      return withCliRecord(values, io.cwd, async (record) => {
        const x = await record.revokeException(id, { actor, reason }).catch(asUsage);
        io.stdout(values.json ? `${JSON.stringify(x, null, 2)}\n` : `revoked ${show(x)}`);
        return EXIT_CODES.ok;
      });
    }
    case 'expire':
      return withCliRecord(values, io.cwd, async (record) => {
        const events = await record.expireExceptions({ actor });
        const expired = events.filter((e) => e.type === 'exception.expired').map((e) => e.subject);
        io.stdout(values.json ? `${JSON.stringify(expired)}\n` : expired.length ? `expired ${expired.join(', ')}\n` : 'No exception has expired.\n');
        return EXIT_CODES.ok;
      });
    case 'list': {
      const status = values.status;
      if (status !== undefined && !['active', 'revoked', 'expired'].includes(status))
        throw new AispmError('usage', `--status takes active, revoked or expired; got "${status}"`);
      let within: number | undefined;
      if (values['expiring-within'] !== undefined) {
        within = Number(values['expiring-within']);
        if (!Number.isFinite(within) || within < 0)
          throw new AispmError('usage', `--expiring-within takes a number of days; got "${values['expiring-within']}"`);
      }
      return withCliRecord(values, io.cwd, async (record) => {
        const list = await record.exceptions({
          ...(status ? { status: status as ExceptionEntry['status'] } : {}),
          ...(within !== undefined ? { expiringWithinDays: within } : {}),
        });
        if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) io.stdout('No exceptions match.\n');
        else {
          const rows = [['ID', 'STATUS', 'RULE', 'ASSETS', 'OWNER', 'APPROVER', 'EXPIRES']];
          for (const x of list) rows.push([x.id, x.status, x.ruleId, x.assetIds.join(', '), x.owner, x.approver, x.expiresAt.slice(0, 10)]);
          io.stdout(textTable(rows));
        }
        return EXIT_CODES.ok;
      });
    }
    default:
      throw new AispmError('usage', `unknown subcommand "${sub}"\n${USAGE}`);
  }
}
