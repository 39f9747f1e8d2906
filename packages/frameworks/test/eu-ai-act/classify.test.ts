import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyEuAiActTier, type EuAiActInput, euAiActInputFromAttributes, PROHIBITED_PRACTICES } from '../../src/index';

const none = { prohibitedPractices: [], annexIIIArea: 'none', generalPurposeModel: false, transparencyTriggers: [] } satisfies EuAiActInput;

describe('EU AI Act tier classifier', () => {
  it('gives minimal risk only when every check is known negative', () => {
    const r = classifyEuAiActTier(none);
    expect(r).toMatchObject({ tier: 'minimal-risk', missing: [], alsoApplies: [] });
    expect(r.articles).toEqual(['eu-ai-act:Art. 4', 'eu-ai-act:Art. 95']);
  });

  it('names what is missing', () => {
    const r = classifyEuAiActTier({ purpose: 'internal search' });
    expect(r.tier).toBe('undetermined');
    expect(r.missing).toEqual(['prohibitedPractices', 'annexIIIArea', 'generalPurposeModel', 'transparencyTriggers']);
    expect(r.rationale[0]).toBe('Declared purpose: internal search.');
  });

  it('classifies prohibited, high-risk, GPAI and limited risk with their articles', () => {
    expect(classifyEuAiActTier({ prohibitedPractices: ['social-scoring'] })).toMatchObject({ tier: 'prohibited', missing: [] });
    const hr = classifyEuAiActTier({ ...none, annexIIIArea: 'employment', transparencyTriggers: ['interacts-with-people'] });
    expect(hr.tier).toBe('high-risk');
    expect(hr.alsoApplies).toEqual(['limited-risk']);
    for (const a of ['Art. 9', 'Art. 14', 'Art. 26', 'Art. 50', 'Annex III']) expect(hr.articles).toContain(`eu-ai-act:${a}`);
    expect(classifyEuAiActTier({ ...none, annexISafetyComponent: true, annexIIIArea: undefined }).tier).toBe('high-risk');
    expect(classifyEuAiActTier({ ...none, generalPurposeModel: true, trainingComputeFlops: 3e25 }).tier).toBe('gpai-systemic');
    expect(classifyEuAiActTier({ ...none, generalPurposeModel: true, systemicRisk: false }).articles).toContain('eu-ai-act:Art. 53');
    expect(classifyEuAiActTier({ ...none, generalPurposeModel: true })).toMatchObject({
      tier: 'undetermined',
      provisionalTier: 'gpai',
      missing: ['systemicRisk'],
    });
    expect(classifyEuAiActTier({ ...none, transparencyTriggers: ['deepfake'] }).tier).toBe('limited-risk');
  });

  it('applies the Art. 6(3) derogation only without profiling', () => {
    expect(classifyEuAiActTier({ ...none, annexIIIArea: 'education', article6_3Derogation: true, profiling: false }).tier).toBe('minimal-risk');
    expect(classifyEuAiActTier({ ...none, annexIIIArea: 'education', article6_3Derogation: true, profiling: true }).tier).toBe('high-risk');
    expect(classifyEuAiActTier({ ...none, annexIIIArea: 'education', article6_3Derogation: true })).toMatchObject({
      tier: 'undetermined',
      missing: ['profiling'],
    });
  });

  it('keeps a found tier provisional while a higher check is unknown', () => {
    const r = classifyEuAiActTier({ annexIIIArea: 'employment', generalPurposeModel: false, transparencyTriggers: [] });
    expect(r).toMatchObject({ tier: 'undetermined', provisionalTier: 'high-risk', missing: ['prohibitedPractices'] });
  });

  it('any declared prohibited practice wins, whatever else is declared or missing', () => {
    fc.assert(
      fc.property(fc.subarray([...PROHIBITED_PRACTICES], { minLength: 1 }), fc.option(fc.boolean(), { nil: undefined }), (pp, gp) => {
        const input: EuAiActInput = { prohibitedPractices: pp };
        if (gp !== undefined) input.generalPurposeModel = gp;
        expect(classifyEuAiActTier(input).tier).toBe('prohibited');
      }),
    );
  });
});

describe('classifier input from asset attributes', () => {
  it('reads purpose, Annex III area and the euAiAct object, reporting bad values', () => {
    const { input, issues } = euAiActInputFromAttributes({
      purpose: 'CV screening',
      annexIIIArea: 'employment',
      euAiAct: { prohibitedPractices: [], generalPurposeModel: false, transparencyTriggers: 'yes', colour: 'blue' },
    });
    expect(input).toEqual({ purpose: 'CV screening', annexIIIArea: 'employment', prohibitedPractices: [], generalPurposeModel: false });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['eu-ai-act/invalid', '/attributes/euAiAct/transparencyTriggers'],
      ['eu-ai-act/unknown-field', '/attributes/euAiAct/colour'],
    ]);
    expect(classifyEuAiActTier(input)).toMatchObject({ tier: 'high-risk', missing: [] });
    expect(euAiActInputFromAttributes({ euAiAct: 3 }).issues).toHaveLength(1);
  });
});
