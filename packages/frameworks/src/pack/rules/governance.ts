import { type AssetKind, DATA_CLASSES, type RuleInput } from '@aispm/core';
import { asset, declaredTrue, edge, ex, has, rule, SENSITIVE } from '../build';

const ownerKinds: Array<[AssetKind, string, string]> = [
  ['application', 'application', 'github.com/acme/support-bot'],
  ['agent', 'agent', 'support-agent'],
  ['model', 'model', 'acme/claims-classifier'],
  ['model-endpoint', 'model endpoint', 'claims-endpoint'],
  ['mcp-server', 'MCP server', 'local/ops-tools'],
  ['vector-store', 'vector store', 'kb-index'],
  ['dataset', 'dataset', 'claims-2025'],
  ['gateway', 'AI gateway', 'litellm-prod'],
  ['saas-ai-feature', 'SaaS AI feature', 'notion/ai'],
];

/** Every AI asset needs an accountable owner: one rule per kind so results group cleanly. */
const ownerRules: RuleInput[] = ownerKinds.map(([kind, label, key]) =>
  rule({
    id: `${kind}-no-owner`,
    title: `${label[0]?.toUpperCase()}${label.slice(1)} without an owner`,
    description: `The ${label} has no owner recorded in the inventory.`,
    rationale: 'Without a named owner nobody answers for the risk, reviews access or acts on findings; ownerless AI assets are how shadow AI stays invisible.',
    fix: `Record an accountable owner for the ${label}.`,
    steps: [
      'Find the team that runs or pays for it',
      'Record the owner in the source of truth (service catalog, CODEOWNERS, registry tags)',
      'Re-run the scan',
    ],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['governance', 'ownership'],
    // Models: only those the organisation builds or hosts; a provider's API model is owned through the application using it.
    appliesTo:
      kind === 'model'
        ? { kinds: [kind], where: { all: [has('/attributes/surface'), { not: { field: '/attributes/surface', in: ['third-party-api', 'embedded-saas'] } }] } }
        : { kinds: [kind] },
    assert: has('/owner'),
    good: [ex('owned', [asset(kind, key, kind === 'model' ? { surface: 'fine-tuned-in-house' } : {}, { owner: 'team-platform' })])],
    bad: [ex('no owner', [asset(kind, key, kind === 'model' ? { surface: 'fine-tuned-in-house' } : {})])],
  }),
);

const purposeKinds: Array<[AssetKind, string, string]> = [
  ['application', 'application', 'github.com/acme/support-bot'],
  ['agent', 'agent', 'support-agent'],
];

const purposeRules: RuleInput[] = purposeKinds.map(([kind, label, key]) =>
  rule({
    id: `${kind}-no-purpose`,
    title: `${label[0]?.toUpperCase()}${label.slice(1)} without a declared purpose`,
    description: `The ${label} does not declare what it is for.`,
    rationale: 'The intended purpose decides the EU AI Act tier, which data it may use and what a misuse looks like; an undeclared purpose cannot be assessed.',
    fix: `Declare the intended purpose of the ${label}.`,
    steps: ['Write one sentence on what it does and for whom', 'Record it as the `purpose` attribute in the inventory source'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['governance', 'purpose'],
    appliesTo: { kinds: [kind] },
    assert: has('/attributes/purpose'),
    good: [ex('purpose declared', [asset(kind, key, { purpose: 'Answer customer support questions' })])],
    bad: [ex('no purpose', [asset(kind, key)])],
  }),
);

const ownModel = { field: '/attributes/surface', in: ['first-party-trained', 'fine-tuned-in-house', 'open-weight-self-hosted'] };

/** Governance completeness: ownership, purpose, documentation, classification, risk tier and agreements. */
export const governanceRules: RuleInput[] = [
  ...ownerRules,
  ...purposeRules,
  rule({
    id: 'model-no-purpose',
    title: 'Self-built or self-hosted model without a declared purpose',
    description: 'A model the organisation trains, fine-tunes or hosts has no declared purpose.',
    rationale:
      "Models built or run in house are the organisation's responsibility as provider; their purpose scopes evaluation, documentation and allowed uses.",
    fix: 'Declare the purpose of the model.',
    steps: ['Record the task and intended use as the `purpose` attribute', 'Link the model card'],
    severity: 'low',
    likelihood: 'medium',
    impact: 'low',
    tags: ['governance', 'purpose'],
    appliesTo: { kinds: ['model'], where: ownModel },
    assert: has('/attributes/purpose'),
    good: [ex('purpose', [asset('model', 'acme/claims-classifier', { surface: 'fine-tuned-in-house', purpose: 'Route insurance claims' })])],
    bad: [ex('no purpose', [asset('model', 'acme/claims-classifier', { surface: 'fine-tuned-in-house' })])],
  }),
  rule({
    id: 'model-no-model-card',
    title: 'Self-built or self-hosted model without a model card',
    description: 'A model the organisation trains, fine-tunes or hosts has no model card.',
    rationale:
      'A model card records intended use, training data, evaluation and known limits; without it users over-trust the model and auditors have no technical documentation.',
    fix: 'Publish a model card for the model.',
    steps: ['Write the model card (intended use, data, evaluation, limits)', 'Store it beside the model and record `modelCard: true` or `modelCardUrl`'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['governance', 'documentation'],
    appliesTo: { kinds: ['model'], where: ownModel },
    assert: { any: [declaredTrue('/attributes/modelCard'), has('/attributes/modelCardUrl')] },
    good: [ex('card', [asset('model', 'acme/claims-classifier', { surface: 'fine-tuned-in-house', modelCard: true })])],
    bad: [ex('no card', [asset('model', 'acme/claims-classifier', { surface: 'fine-tuned-in-house', modelCard: false })])],
  }),
  rule({
    id: 'dataset-no-classification',
    title: 'Dataset without a data classification',
    description: 'A dataset used by an AI system has no classification and no data classes.',
    rationale:
      'Unclassified data cannot be checked against where it may flow; personal or confidential records end up in prompts, indexes and training sets unnoticed.',
    fix: 'Classify the dataset.',
    steps: ['Run or import the DSPM classification for the dataset', 'Record `classification` and the data classes it holds'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['governance', 'data-classification'],
    appliesTo: { kinds: ['dataset'] },
    assert: {
      any: [
        has('/attributes/classification'),
        {
          field: '/dataClasses',
          containsAny: [...DATA_CLASSES],
        },
      ],
    },
    good: [ex('classified', [asset('dataset', 'claims-2025', { classification: 'confidential' })])],
    bad: [ex('unclassified', [asset('dataset', 'claims-2025', { format: 'parquet' })])],
  }),
  rule({
    id: 'application-no-risk-tier',
    title: 'AI application without a risk tier',
    description: 'The application has neither an EU AI Act tier nor an internal risk tier.',
    rationale: 'The risk tier decides which obligations apply (oversight, logging, documentation); without it high-risk uses run with minimal-risk controls.',
    fix: 'Assess and record the risk tier.',
    steps: ['Classify the application (the SDK offers `classifyEuAiActTier`)', 'Record `euAiActTier` or `riskTier`'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'high',
    tags: ['governance', 'risk-tier', 'eu-ai-act'],
    appliesTo: { kinds: ['application'] },
    assert: { any: [has('/attributes/euAiActTier'), has('/attributes/riskTier')] },
    good: [ex('tiered', [asset('application', 'github.com/acme/support-bot', { euAiActTier: 'limited-risk' })])],
    bad: [ex('no tier', [asset('application', 'github.com/acme/support-bot', { purpose: 'support' })])],
  }),
  rule({
    id: 'application-eu-tier-undetermined',
    title: 'AI application whose EU AI Act tier is undetermined',
    description: 'The application was assessed but the EU AI Act tier is recorded as undetermined.',
    rationale:
      'An undetermined tier means a fact needed to rule out a prohibited or high-risk use is missing; until it is resolved the obligations are unknown.',
    fix: 'Supply the missing facts and classify again.',
    steps: ['Check which inputs the classifier reported as missing', 'Declare them and record the resulting tier'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'high',
    tags: ['governance', 'risk-tier', 'eu-ai-act'],
    appliesTo: { kinds: ['application'], where: has('/attributes/euAiActTier') },
    assert: { field: '/attributes/euAiActTier', ne: 'undetermined' },
    good: [ex('determined', [asset('application', 'github.com/acme/support-bot', { euAiActTier: 'minimal-risk' })])],
    bad: [ex('undetermined', [asset('application', 'github.com/acme/support-bot', { euAiActTier: 'undetermined' })])],
  }),
  rule({
    id: 'application-prohibited-practice',
    title: 'AI application classified as a prohibited practice',
    description: 'The application is recorded in the EU AI Act prohibited tier.',
    rationale:
      'Article 5 practices may not be placed on the market or used in the EU at all; continuing to run one exposes the organisation to the highest penalties.',
    fix: 'Stop the use or change it so no prohibited practice remains.',
    steps: ['Escalate to legal and the AI owner', 'Switch off the prohibited function', 'Reclassify and document the decision'],
    severity: 'critical',
    likelihood: 'high',
    impact: 'high',
    tags: ['governance', 'eu-ai-act'],
    appliesTo: { kinds: ['application', 'model'], where: has('/attributes/euAiActTier') },
    assert: { field: '/attributes/euAiActTier', ne: 'prohibited' },
    good: [ex('allowed', [asset('application', 'github.com/acme/support-bot', { euAiActTier: 'limited-risk' })])],
    bad: [ex('prohibited', [asset('application', 'github.com/acme/scoring', { euAiActTier: 'prohibited' })])],
  }),
  rule({
    id: 'provider-sensitive-data-no-agreement',
    title: 'Third-party AI provider receives sensitive data without a processor agreement',
    description: 'Data of a sensitive class flows to the provider, which has no data processing agreement recorded.',
    rationale:
      'Sending personal, health or payment data to a processor without an agreement breaches GDPR Article 28 and leaves retention and training use unchecked.',
    fix: 'Sign a data processing agreement or stop sending the data.',
    steps: ['Confirm which data classes reach the provider', 'Put a DPA in place (or use a provider that has one)', 'Record `processorAgreement: true`'],
    severity: 'high',
    likelihood: 'high',
    impact: 'high',
    tags: ['governance', 'data-exposure', 'third-party'],
    appliesTo: {
      kinds: ['provider'],
      where: { neighbours: { types: ['sends-data', 'calls'], direction: 'in', edge: { field: '/dataClasses', containsAny: SENSITIVE } } },
    },
    assert: declaredTrue('/attributes/processorAgreement'),
    good: [
      ex(
        'with DPA',
        [asset('application', 'github.com/acme/support-bot'), asset('provider', 'openai', { processorAgreement: true })],
        [edge('sends-data', ['application', 'github.com/acme/support-bot'], ['provider', 'openai'], { dataClasses: ['pii'] })],
      ),
    ],
    bad: [
      ex(
        'no DPA',
        [asset('application', 'github.com/acme/support-bot'), asset('provider', 'openai')],
        [edge('sends-data', ['application', 'github.com/acme/support-bot'], ['provider', 'openai'], { dataClasses: ['pii'] })],
      ),
    ],
  }),
  rule({
    id: 'high-risk-application-no-logging',
    title: 'High-risk AI application without event logging',
    description: 'An application in the EU AI Act high-risk tier neither logs prompts itself nor routes through a gateway that logs.',
    rationale:
      'High-risk systems must record events automatically so incidents can be traced (Article 12); without logs there is nothing to investigate or show an auditor.',
    fix: "Log the application's AI interactions.",
    steps: ['Route model calls through the AI gateway with logging on, or enable application logging', 'Set a retention period for the logs'],
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    tags: ['governance', 'eu-ai-act', 'logging'],
    appliesTo: { kinds: ['application'], where: { field: '/attributes/euAiActTier', eq: 'high-risk' } },
    assert: {
      any: [
        declaredTrue('/attributes/promptLogging'),
        { neighbours: { types: ['routes-through'], kinds: ['gateway'], where: { field: '/attributes/logging', eq: true } } },
      ],
    },
    good: [
      ex(
        'gateway logs',
        [asset('application', 'github.com/acme/hiring', { euAiActTier: 'high-risk' }), asset('gateway', 'litellm-prod', { logging: true })],
        [edge('routes-through', ['application', 'github.com/acme/hiring'], ['gateway', 'litellm-prod'])],
      ),
    ],
    bad: [ex('no logs', [asset('application', 'github.com/acme/hiring', { euAiActTier: 'high-risk' })])],
  }),
  rule({
    id: 'high-risk-application-no-guardrails',
    title: 'High-risk AI application without guardrails',
    description: 'An application in the EU AI Act high-risk tier has no input or output guardrails.',
    rationale: 'High-risk systems must be robust against errors and manipulation (Article 15); guardrails are the first runtime control against both.',
    fix: 'Put guardrails in front of and behind the model.',
    steps: ['Add input and output filtering (gateway policy or guardrail library)', 'Record `guardrails: true`'],
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    tags: ['governance', 'eu-ai-act', 'runtime'],
    appliesTo: { kinds: ['application'], where: { field: '/attributes/euAiActTier', eq: 'high-risk' } },
    assert: declaredTrue('/attributes/guardrails'),
    good: [ex('guarded', [asset('application', 'github.com/acme/hiring', { euAiActTier: 'high-risk', guardrails: true })])],
    bad: [ex('unguarded', [asset('application', 'github.com/acme/hiring', { euAiActTier: 'high-risk' })])],
  }),
  rule({
    id: 'subscription-no-cost-center',
    title: 'AI subscription without a cost centre',
    description: 'A paid AI plan or account is not assigned to a cost centre.',
    rationale: 'Spend that belongs to nobody is usually unreviewed use; a cost centre ties the account to a budget holder who can approve or cancel it.',
    fix: 'Assign the subscription to a cost centre.',
    steps: ['Find who pays for the account', 'Record the cost centre in procurement'],
    severity: 'low',
    likelihood: 'medium',
    impact: 'low',
    tags: ['governance', 'shadow-ai', 'cost'],
    appliesTo: { kinds: ['subscription'] },
    assert: has('/attributes/costCenter'),
    good: [ex('assigned', [asset('subscription', 'openai/acme-team', { costCenter: 'CC-1001' })])],
    bad: [ex('unassigned', [asset('subscription', 'openai/acme-team', { plan: 'team' })])],
  }),
];
