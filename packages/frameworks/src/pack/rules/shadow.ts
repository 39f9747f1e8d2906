import type { AssetKind, RuleInput } from '@aispm/core';
import { asset, declaredTrue, edge, ex, notTrue, rule } from '../build';

function unapprovedRule(id: string, kind: AssetKind, label: string, key: string, severity: 'high' | 'medium'): RuleInput {
  return rule({
    id,
    title: `${label[0]?.toUpperCase()}${label.slice(1)} in use but not registered (shadow AI)`,
    description: `A ${label} was observed in use but is not registered and approved.`,
    rationale: 'Unregistered AI receives company data without review of its terms, security or purpose; it is invisible to every other control.',
    fix: `Review the ${label}: approve and register it, or block it.`,
    steps: ['Find who uses it and for what', 'Run the vendor and risk review', 'Register it as approved, or block it at the egress proxy'],
    severity,
    likelihood: 'high',
    impact: 'medium',
    tags: ['shadow-ai'],
    appliesTo: { kinds: [kind] },
    assert: declaredTrue('/attributes/approved'),
    good: [ex('approved', [asset(kind, key, { approved: true })])],
    bad: [ex('unregistered', [asset(kind, key)])],
  });
}

const unapproved = notTrue('/attributes/approved');

/** Shadow AI: providers, features, accounts and applications seen in use but not registered. */
export const shadowRules: RuleInput[] = [
  unapprovedRule('provider-unapproved', 'provider', 'third-party AI provider', 'deepseek', 'high'),
  unapprovedRule('saas-ai-feature-unapproved', 'saas-ai-feature', 'SaaS AI feature', 'notion/ai', 'medium'),
  unapprovedRule('subscription-unapproved', 'subscription', 'AI subscription', 'openai/marketing-team', 'medium'),
  unapprovedRule('application-unapproved', 'application', 'AI application', 'github.com/acme/side-project', 'medium'),
  rule({
    id: 'credential-for-unapproved-provider',
    title: 'Credential for an unregistered AI provider',
    description: 'A credential authenticates to an AI provider that is not registered and approved.',
    rationale: 'A key for an unapproved provider is proof of shadow AI use, and usually one no secret-management policy covers.',
    fix: 'Approve the provider or revoke the key.',
    steps: ['Identify the key holder', 'Approve the provider through review, or revoke the key'],
    severity: 'high',
    likelihood: 'high',
    impact: 'medium',
    tags: ['shadow-ai', 'secrets'],
    appliesTo: { kinds: ['credential'] },
    assert: { neighbours: { types: ['authenticates-to'], kinds: ['provider'], where: unapproved, count: { eq: 0 } } },
    good: [
      ex(
        'approved',
        [asset('credential', 'openai/ab12'), asset('provider', 'openai', { approved: true })],
        [edge('authenticates-to', ['credential', 'openai/ab12'], ['provider', 'openai'])],
      ),
    ],
    bad: [
      ex(
        'shadow',
        [asset('credential', 'deepseek/cd34'), asset('provider', 'deepseek')],
        [edge('authenticates-to', ['credential', 'deepseek/cd34'], ['provider', 'deepseek'])],
      ),
    ],
  }),
  rule({
    id: 'application-calls-unapproved-provider',
    title: 'Application calls an unregistered AI provider',
    description: 'An application or agent calls an AI provider that is not registered and approved.',
    rationale: "The application sends its users' data to a provider nobody has reviewed.",
    fix: 'Switch to an approved provider or get this one approved.',
    steps: ['Review the provider', 'Or move the application to an approved provider via the gateway'],
    severity: 'high',
    likelihood: 'high',
    impact: 'medium',
    tags: ['shadow-ai', 'third-party'],
    appliesTo: { kinds: ['application', 'agent'] },
    assert: { neighbours: { types: ['calls'], kinds: ['provider'], where: unapproved, count: { eq: 0 } } },
    good: [
      ex(
        'approved',
        [asset('application', 'github.com/acme/a'), asset('provider', 'openai', { approved: true })],
        [edge('calls', ['application', 'github.com/acme/a'], ['provider', 'openai'])],
      ),
    ],
    bad: [
      ex(
        'shadow',
        [asset('application', 'github.com/acme/a'), asset('provider', 'deepseek')],
        [edge('calls', ['application', 'github.com/acme/a'], ['provider', 'deepseek'])],
      ),
    ],
  }),
  rule({
    id: 'model-from-unapproved-provider',
    title: 'Model hosted by an unregistered AI provider',
    description: 'A model in use is hosted by a provider that is not registered and approved.',
    rationale: 'Model choice outran vendor review: the hosting provider sees every prompt sent to the model.',
    fix: 'Approve the hosting provider or move the model.',
    steps: ['Review the provider', 'Or serve the model from an approved host'],
    severity: 'medium',
    likelihood: 'high',
    impact: 'medium',
    tags: ['shadow-ai', 'third-party'],
    appliesTo: { kinds: ['model', 'model-endpoint', 'vector-store'] },
    assert: { neighbours: { types: ['hosted-by'], kinds: ['provider'], where: unapproved, count: { eq: 0 } } },
    good: [
      ex(
        'approved',
        [asset('model', 'acme/m'), asset('provider', 'openai', { approved: true })],
        [edge('hosted-by', ['model', 'acme/m'], ['provider', 'openai'])],
      ),
    ],
    bad: [ex('shadow', [asset('model', 'acme/m'), asset('provider', 'together')], [edge('hosted-by', ['model', 'acme/m'], ['provider', 'together'])])],
  }),
];
