import { describe, expect, it } from 'vitest';
import { builtinCatalog, builtinProfiles, checkProfileRefs, getProfile } from '../../src/index';

describe('profiles', () => {
  it('ship the four required profiles, every reference resolving', () => {
    expect(builtinProfiles().map((p) => p.id)).toEqual(['eu-ai-act-high-risk-provider', 'eu-ai-act-deployer', 'iso-42001-annex-a', 'owasp-llm-essentials']);
    for (const p of builtinProfiles()) expect(checkProfileRefs(p, builtinCatalog()), p.id).toEqual([]);
  });

  it('select what they say', () => {
    expect(getProfile('iso-42001-annex-a')?.controls).toHaveLength(38);
    expect(getProfile('eu-ai-act-deployer')?.controls.map((c) => c.ref)).toContain('eu-ai-act:Art. 26');
    expect(getProfile('eu-ai-act-high-risk-provider')?.controls.find((c) => c.ref === 'eu-ai-act:Art. 17')?.manual).toBe(true);
    expect(getProfile('nope')).toBeUndefined();
  });
});
