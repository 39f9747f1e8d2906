import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PLACEHOLDER_WORDS = [
  'xxxx',
  'your',
  'example',
  'placeholder',
  'dummy',
  'fake',
  'sample',
  'redacted',
  'changeme',
  'replace',
  'insert',
  'secret-here',
  'todo',
  '0000000',
  '1234567',
  'abcdefgh',
];
const FIXTURE_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|__mocks__|mocks?)(?:\/|$)|(?:^|\/)test_[^/]*$|_test\.[a-z]+$|\.(?:test|spec)\.[a-z]+$/i;
const DOC_PATH = /(?:^|\/)(?:docs?|examples?|samples?)(?:\/|$)|\.(?:md|mdx|rst|adoc|txt|html)$/i;

/** Why a key-shaped value is not a live key. */
export type PlaceholderReason = 'placeholder' | 'identifier' | 'test-fixture' | 'documentation';

/** Words that class and type names are made of (models, requests, pipelines), capitalised. */
const CODE_WORDS = new Set(
  (
    'For With From Model Models Generation Conditional Causal Masked Sequence Token Tokens Classification Question Answering ' +
    'Feature Extraction Config Configuration Response Request Stream Streaming Chat Completion Completions Embedding Embeddings ' +
    'Client Error Handler Manager Service Provider Options Params Parameters Input Output Message Messages Image Text Audio ' +
    'Vision Speech Pretrained Tokenizer Processor Pipeline Encoder Decoder Language Object Detection Segmentation Instance ' +
    'Create Update Delete List Result Results Event Events Content Tool Tools Function Call Schema Type Types Builder Factory'
  ).split(' '),
);

/**
 * A value that reads as a name in code rather than random key material: capitalised words cover
 * most of it and at least two of them are common words of class and type names
 * (`Mistral3ForConditionalGeneration`). Random key bodies, letters only or not, do not spell two
 * such words with their exact capitals.
 */
function readsAsIdentifier(value: string): boolean {
  let covered = 0;
  let codeWords = 0;
  for (const m of value.matchAll(/[A-Z][a-z]{2,}/g)) {
    covered += m[0].length;
    if (CODE_WORDS.has(m[0])) codeWords++;
  }
  return codeWords >= 2 && covered >= 0.6 * value.length;
}

/**
 * Classifies a key-shaped value: an obviously fake value, a name from code (a class name that
 * happens to follow a provider's keyword), or a value found in a test fixture or documentation, is
 * not reported as a live key.
 *
 * @example
 * ```ts
 * placeholderReason('sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'app.py'); // 'placeholder'
 * ```
 */
export function placeholderReason(secret: string, rel: string): PlaceholderReason | undefined {
  const lower = secret.toLowerCase();
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return 'placeholder';
  const body = lower.replace(/^[a-z]{2,8}[-_](?:[a-z0-9]{2,8}[-_])?/, '');
  if (new Set(body).size < 10) return 'placeholder';
  if (/(.)\1{5,}/.test(body)) return 'placeholder';
  if (readsAsIdentifier(secret)) return 'identifier';
  if (FIXTURE_PATH.test(rel)) return 'test-fixture';
  if (DOC_PATH.test(rel)) return 'documentation';
  return undefined;
}

/**
 * The keyed fingerprint of a secret: HMAC-SHA256 under the install key, hex. The same secret
 * gives the same fingerprint on one install, and nothing about it can be recovered.
 *
 * @example
 * ```ts
 * fingerprintSecret(Buffer.from('k'), 'sk-...'); // 'hmac-sha256:9f2c...'
 * ```
 */
export function fingerprintSecret(key: Uint8Array, secret: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, 32)}`;
}

/** At most the first four characters of a secret, the only part ever kept. */
export const secretPrefix = (secret: string) => secret.slice(0, 4);

/**
 * Loads the per-install fingerprint key from `file`, creating it (32 random bytes, mode 0600)
 * when it does not exist.
 *
 * @example
 * ```ts
 * const key = loadFingerprintKey('.aispm/fingerprint.key');
 * ```
 */
export function loadFingerprintKey(file: string): Uint8Array {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[a-f0-9]{64}$/.test(text)) return Buffer.from(text, 'hex');
  }
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  try {
    chmodSync(file, 0o600);
  } catch {
    // Best effort on file systems without modes.
  }
  return key;
}
