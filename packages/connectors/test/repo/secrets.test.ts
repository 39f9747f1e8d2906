import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { placeholderReason } from '../../src/repo/index';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('placeholderReason', () => {
  test('names from code with a key shape are identifiers, not live keys', () => {
    // Seen in a real SDK: `['mistral3', 'Mistral3ForConditionalGeneration']` follows the Mistral keyword.
    expect(placeholderReason('Mistral3ForConditionalGeneration', 'src/models/registry.js')).toBe('identifier');
    expect(placeholderReason('GroqChatCompletionStreamResponse', 'src/types.ts')).toBe('identifier');
  });

  test('random key bodies and the existing reasons are unchanged', () => {
    expect(placeholderReason('q8Zr2LmX0vB7nT4kW1yH6cJ9pD3fG5sA', 'app/config.py')).toBeUndefined();
    expect(placeholderReason('sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'app.py')).toBe('placeholder');
    expect(placeholderReason('q8Zr2LmX0vB7nT4kW1yH6cJ9pD3fG5sA', 'tests/test_client.py')).toBe('test-fixture');
    expect(placeholderReason('q8Zr2LmX0vB7nT4kW1yH6cJ9pD3fG5sA', 'docs/setup.md')).toBe('documentation');
  });

  test('property: random base62 key bodies are never read as identifiers', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...BASE62), { minLength: 32, maxLength: 64 }), (chars) => {
        expect(placeholderReason(chars.join(''), 'src/app.ts')).not.toBe('identifier');
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });
});

describe('placeholderReason on letters-only keys', () => {
  test('property: random letters-only key bodies (Hugging Face tokens are such) are never read as identifiers', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...BASE62.slice(0, 52)), { minLength: 30, maxLength: 40 }), (chars) => {
        expect(placeholderReason(`hf_${chars.join('')}`, 'src/app.ts')).not.toBe('identifier');
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });
});
