import { evaluateRules, findingFromResult, type RuleInput } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { inventoryOf, ruleWith } from './helpers';

const NOW = new Date('2026-11-22T00:00:00Z');
const endpoints = inventoryOf([
  { kind: 'model-endpoint', key: 'a', labels: { env: 'prod' }, attributes: { exposure: 'public', authentication: 'none' } },
  { kind: 'model-endpoint', key: 'b', labels: { env: 'dev' }, attributes: { exposure: 'public', authentication: 'oidc' } },
  { kind: 'model-endpoint', key: 'c', labels: { env: 'prod' }, attributes: { exposure: 'internal' } },
  { kind: 'model-endpoint', key: 'd', labels: { env: 'prod' } },
  { kind: 'model', key: 'openai/gpt-4o' },
]);
const noAuth = ruleWith({
  id: 'aispm:endpoint-public-no-auth',
  appliesTo: { kinds: ['model-endpoint'], where: { field: '/attributes/exposure', eq: 'public' } },
  assert: { field: '/attributes/authentication', in: ['oidc', 'oauth', 'iam', 'mtls', 'api-key'] },
});

describe('evaluateRules', () => {
  it('gives one result per asset of the kinds a rule applies to', () => {
    const { results, counts, issues } = evaluateRules(endpoints, [noAuth], { now: NOW });
    expect(issues).toEqual([]);
    expect(results.map((r) => [r.assetIds[0], r.status])).toEqual([
      ['model-endpoint:a', 'fail'],
      ['model-endpoint:b', 'pass'],
      ['model-endpoint:c', 'not_applicable'],
      ['model-endpoint:d', 'unknown'],
    ]);
    expect(counts).toEqual({ pass: 1, fail: 1, unknown: 1, not_applicable: 1, error: 0 });
    expect(results[3]?.message).toContain('/attributes/exposure');
  });

  it('selects by labels and can leave not-applicable results out', () => {
    const prodOnly = { ...noAuth, appliesTo: { ...noAuth.appliesTo, labels: { env: 'prod' } } } as RuleInput;
    const { results } = evaluateRules(endpoints, [prodOnly], { now: NOW, omitNotApplicable: true });
    expect(results.map((r) => [r.assetIds[0], r.status])).toEqual([
      ['model-endpoint:a', 'fail'],
      ['model-endpoint:d', 'unknown'],
    ]);
  });

  it('copies rule metadata, merges control mappings and makes findings', () => {
    const { results } = evaluateRules(endpoints, [{ ...noAuth, controls: ['owasp-llm-2025:LLM10:2025'] } as RuleInput], {
      now: NOW,
      controls: { 'aispm:endpoint-public-no-auth': ['nist-ai-rmf-1.0:MANAGE 2.2', 'owasp-llm-2025:LLM10:2025'] },
    });
    const fail = results.find((r) => r.status === 'fail');
    expect(fail).toMatchObject({
      ruleId: 'aispm:endpoint-public-no-auth',
      ruleVersion: '1.0.0',
      severity: 'high',
      likelihood: 'medium',
      impact: 'high',
      confidence: 'high',
      title: 'Test rule',
    });
    expect(fail?.controls).toEqual(['nist-ai-rmf-1.0:MANAGE 2.2', 'owasp-llm-2025:LLM10:2025']);
    const finding = findingFromResult(fail as NonNullable<typeof fail>, NOW.toISOString());
    expect(finding.state).toBe('open');
    expect(finding.controls).toEqual(fail?.controls);
  });

  it('runs the TypeScript escape hatch and turns a throw into an error result', () => {
    const hatch = ruleWith({
      id: 'aispm:hatch',
      appliesTo: { kinds: ['model-endpoint'] },
      evaluate: (asset, ctx) => {
        if (asset.id === 'model-endpoint:b') throw new Error('boom');
        if (asset.id === 'model-endpoint:c') return undefined;
        const known = ctx.test({ field: '/attributes/authentication', exists: true }, asset);
        return known === true
          ? { status: 'pass' }
          : { status: 'fail', message: 'no auth recorded', evidence: [ctx.evidence(asset, '/attributes/authentication', 'set')] };
      },
    });
    const { results } = evaluateRules(endpoints, [hatch, noAuth], { now: NOW });
    const mine = results.filter((r) => r.ruleId === 'aispm:hatch');
    expect(mine.map((r) => [r.assetIds[0], r.status])).toEqual([
      ['model-endpoint:a', 'pass'],
      ['model-endpoint:b', 'error'],
      ['model-endpoint:c', 'unknown'],
      ['model-endpoint:d', 'fail'],
    ]);
    expect(mine[1]?.error).toBe('boom');
    expect(mine[3]?.evidence[0]).toMatchObject({ assetId: 'model-endpoint:d', pointer: '/attributes/authentication', expected: 'set' });
    expect(results.filter((r) => r.ruleId === noAuth.id)).toHaveLength(4);
  });

  it('reports invalid rules as issues and evaluates the rest', () => {
    const broken = { ...noAuth, id: 'Bad Id', assert: { field: 'attributes/x', eq: 1 } };
    const { results, issues } = evaluateRules(endpoints, [broken as RuleInput, noAuth], { now: NOW });
    expect(results).toHaveLength(4);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['rule/invalid', '/0/id'],
      ['rule/invalid', '/0/assert/field'],
    ]);
  });

  it('keeps the highest version of a duplicated id whatever the order', () => {
    const v2 = { ...noAuth, version: '1.10.0', title: 'Newer' } as RuleInput;
    const a = evaluateRules(endpoints, [noAuth, v2], { now: NOW });
    const b = evaluateRules(endpoints, [v2, noAuth], { now: NOW });
    expect(a).toEqual(b);
    expect(a.results.every((r) => r.ruleVersion === '1.10.0')).toBe(true);
    expect(a.issues[0]).toMatchObject({ code: 'rule/duplicate', severity: 'warning' });
  });

  it('accepts packs and nested lists', () => {
    const pack = { id: 'aispm:pack', version: '1.0.0', title: 'p', rules: [noAuth] };
    expect(evaluateRules(endpoints, [pack], { now: NOW }).results).toEqual(evaluateRules(endpoints, noAuth, { now: NOW }).results);
  });

  it('limits evaluation to given asset ids', () => {
    const { results } = evaluateRules(endpoints, [noAuth], { now: NOW, assetIds: ['model-endpoint:b', 'model-endpoint:a', 'model:missing'] });
    expect(results.map((r) => r.assetIds[0])).toEqual(['model-endpoint:a', 'model-endpoint:b']);
  });
});
