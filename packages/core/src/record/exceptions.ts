import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Finding } from '../model/findings';
import type { ExceptionEntry } from './state';

/**
 * What granting an exception needs: exact scope (one rule id and the asset ids it covers, never
 * a pattern), an owner, the basis for accepting the risk, the approver and an expiry.
 *
 * @example
 * ```ts
 * const g = ExceptionGrantSchema.parse({ ruleId: 'aispm:keys-in-code', assetIds: ['credential:openai/ab12'], owner: 'team-a', basis: 'test key, no access', approver: 'ciso', expiresAt: '2027-01-01T00:00:00Z' });
 * ```
 */
export const ExceptionGrantSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional(),
    ruleId: z.string().min(1),
    assetIds: z.array(z.string().min(1)).min(1),
    owner: z.string().min(1),
    basis: z.string().min(1),
    approver: z.string().min(1),
    grantedAt: z.iso.datetime({ offset: true }).optional(),
    expiresAt: z.iso.datetime({ offset: true }),
    reviewTrigger: z.string().min(1).optional(),
  })
  .strict();
/**
 * See {@link ExceptionGrantSchema}.
 *
 * @example
 * ```ts
 * const g: ExceptionGrant = { ruleId: 'aispm:no-auth', assetIds: ['model-endpoint:acme/chat'], owner: 'platform', basis: 'internal only', approver: 'ciso', expiresAt: '2027-03-31T00:00:00Z' };
 * ```
 */
export type ExceptionGrant = z.input<typeof ExceptionGrantSchema>;

/**
 * The deterministic id of an exception: `exc_` + 16 hex digits of SHA-256 over the rule id, the
 * sorted asset ids and the grant time.
 *
 * @example
 * ```ts
 * exceptionId('aispm:keys-in-code', ['credential:openai/ab12'], '2026-11-22T00:00:00.000Z'); // 'exc_…'
 * ```
 */
export function exceptionId(ruleId: string, assetIds: readonly string[], grantedAt: string): string {
  const h = createHash('sha256')
    .update(ruleId)
    .update('\n')
    .update([...assetIds].sort().join('\n'))
    .update('\n')
    .update(grantedAt)
    .digest('hex');
  return `exc_${h.slice(0, 16)}`;
}

/**
 * Whether an exception is live at `at`: active and not yet expired.
 *
 * @example
 * ```ts
 * isExceptionLive(x, '2026-12-01T00:00:00.000Z');
 * ```
 */
export function isExceptionLive(x: ExceptionEntry, at: string): boolean {
  return x.status === 'active' && Date.parse(x.expiresAt) > Date.parse(at);
}

/**
 * Whether an exception's scope covers a finding: the same rule id, and every asset id of the
 * finding listed in the exception (exact string equality, never substring or pattern).
 *
 * @example
 * ```ts
 * exceptionCovers({ ruleId: 'r', assetIds: ['model:a'] }, { ruleId: 'r', assetIds: ['model:a'] }); // true
 * exceptionCovers({ ruleId: 'r', assetIds: ['model:a'] }, { ruleId: 'r', assetIds: ['model:ab'] }); // false
 * ```
 */
export function exceptionCovers(x: Pick<ExceptionEntry, 'ruleId' | 'assetIds'>, f: Pick<Finding, 'ruleId' | 'assetIds'>): boolean {
  if (x.ruleId !== f.ruleId) return false;
  const scope = new Set(x.assetIds);
  return f.assetIds.length > 0 && f.assetIds.every((a) => scope.has(a));
}

/**
 * The live exception covering a finding at `at`, if any (the one expiring last wins).
 *
 * @example
 * ```ts
 * const x = coveringException(exceptions, finding, now);
 * ```
 */
export function coveringException(exceptions: Iterable<ExceptionEntry>, f: Pick<Finding, 'ruleId' | 'assetIds'>, at: string): ExceptionEntry | undefined {
  let best: ExceptionEntry | undefined;
  for (const x of exceptions) {
    if (!isExceptionLive(x, at) || !exceptionCovers(x, f)) continue;
    if (!best || x.expiresAt > best.expiresAt || (x.expiresAt === best.expiresAt && x.id < best.id)) best = x;
  }
  return best;
}
