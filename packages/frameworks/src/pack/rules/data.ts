import type { Condition, DataClass, RuleInput } from '@aispm/core';
import { asset, declaredTrue, edge, ex, has, notTrue, PERSONAL, rule, SENSITIVE } from '../build';

const noAgreement: Condition = notTrue('/attributes/processorAgreement');

function flowRule(id: string, classes: DataClass[], what: string, severity: 'critical' | 'high'): RuleInput {
  return rule({
    id,
    title: `${what} sent to a third-party AI provider without an agreement`,
    description: `An application or agent that handles ${what.toLowerCase()} calls a third-party AI provider that has no data processing agreement.`,
    rationale: 'Prompts carry the data the application handles; without an agreement the provider may retain it, train on it or process it anywhere.',
    fix: 'Put an agreement in place, or keep this data out of prompts.',
    steps: [
      'Confirm the provider receives this data class',
      'Sign a data processing agreement (or switch to a covered provider or deployment)',
      'Redact the data class before it reaches the model',
    ],
    severity,
    likelihood: 'high',
    impact: 'high',
    tags: ['data-exposure', 'third-party', 'privacy'],
    appliesTo: { kinds: ['application', 'agent'], where: { field: '/dataClasses', containsAny: classes } },
    assert: { neighbours: { types: ['calls', 'sends-data'], kinds: ['provider'], where: noAgreement, count: { eq: 0 } } },
    good: [
      ex(
        'covered',
        [asset('application', 'github.com/acme/claims', {}, { dataClasses: classes }), asset('provider', 'openai', { processorAgreement: true })],
        [edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'openai'])],
      ),
    ],
    bad: [
      ex(
        'uncovered',
        [asset('application', 'github.com/acme/claims', {}, { dataClasses: classes }), asset('provider', 'openai', { processorAgreement: false })],
        [edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'openai'])],
      ),
    ],
  });
}

/** Residency: applications labelled `aispm.residency=<region>` may only call providers that process data there. */
const residencyRule = rule({
  id: 'provider-outside-allowed-residency',
  title: 'AI provider processes data outside the allowed residency',
  description:
    'An application labelled with a required data residency (label `aispm.residency`, e.g. `eu`) calls a provider whose declared processing regions do not include it.',
  rationale: 'Data residency commitments to customers and regulators break silently when a model call goes to a region outside them.',
  fix: 'Use a provider deployment in the allowed region.',
  steps: ["Pick the provider's regional endpoint or a provider hosted in the region", 'Record the provider `residency` regions'],
  severity: 'high',
  likelihood: 'medium',
  impact: 'high',
  tags: ['data-exposure', 'residency', 'third-party'],
  appliesTo: { kinds: ['application', 'agent'], labels: { 'aispm.residency': true } },
  evaluate: (a, ctx) => {
    const want = (a.labels['aispm.residency'] ?? '').toLowerCase();
    const outcomes = [];
    let unknown = false;
    for (const n of ctx.inventory.neighbours(a.id, { types: ['calls'], direction: 'out' })) {
      const p = n.asset;
      if (p?.kind !== 'provider') continue;
      const regions = (p.attributes as { residency?: string[] }).residency;
      if (!regions) {
        unknown = true;
        continue;
      }
      if (!regions.some((r) => r.toLowerCase() === want || r.toLowerCase().startsWith(`${want}-`)))
        outcomes.push({
          status: 'fail' as const,
          message: `${p.id} processes data in ${regions.join(', ')}, not ${want}`,
          assetIds: [a.id, p.id],
          evidence: [ctx.evidence(p, '/attributes/residency', `includes ${want}`)],
        });
    }
    if (outcomes.length) return outcomes;
    return { status: unknown ? 'unknown' : 'pass', ...(unknown ? { message: 'a called provider does not declare its residency' } : {}) };
  },
  good: [
    ex(
      'eu',
      [asset('application', 'github.com/acme/claims', {}, { labels: { 'aispm.residency': 'eu' } }), asset('provider', 'mistral', { residency: ['eu'] })],
      [edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'mistral'])],
    ),
  ],
  bad: [
    ex(
      'us',
      [asset('application', 'github.com/acme/claims', {}, { labels: { 'aispm.residency': 'eu' } }), asset('provider', 'openai', { residency: ['us'] })],
      [edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'openai'])],
    ),
  ],
});

/** Data exposure: sensitive classes to third parties, training data, logging and retention. */
export const dataRules: RuleInput[] = [
  flowRule('personal-data-to-provider-no-agreement', ['pii', 'biometric', 'children'], 'Personal data', 'high'),
  flowRule('health-data-to-provider-no-agreement', ['phi'], 'Health data', 'critical'),
  flowRule('payment-data-to-provider-no-agreement', ['payment', 'financial'], 'Payment data', 'critical'),
  residencyRule,
  rule({
    id: 'provider-trains-on-customer-data',
    title: 'AI provider may train on customer data',
    description: "The provider's terms for this account allow training on the data sent to it.",
    rationale: 'Training use turns prompts into model weights that other customers query; confidential data can resurface.',
    fix: 'Opt out of training or change plan.',
    steps: ['Switch the account to a no-training plan or opt out', 'Record `trainsOnCustomerData: false`'],
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'third-party'],
    appliesTo: { kinds: ['provider'], where: has('/attributes/trainsOnCustomerData') },
    assert: { field: '/attributes/trainsOnCustomerData', eq: false },
    good: [ex('opted out', [asset('provider', 'openai', { trainsOnCustomerData: false })])],
    bad: [ex('trains', [asset('provider', 'openai', { trainsOnCustomerData: true })])],
  }),
  rule({
    id: 'saas-ai-feature-trains-on-customer-data',
    title: 'SaaS AI feature that trains on customer data',
    description: "An enabled AI feature of a SaaS product may use the organisation's content for training.",
    rationale: "Content in the SaaS tool (documents, tickets, code) becomes training material outside the organisation's control.",
    fix: 'Disable training use in the SaaS admin settings.',
    steps: ['Open the vendor admin console and opt out of training', 'Or disable the feature'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'saas'],
    appliesTo: {
      kinds: ['saas-ai-feature'],
      where: {
        all: [
          {
            any: [
              { field: '/attributes/enabled', exists: false },
              { field: '/attributes/enabled', eq: true },
            ],
          },
          has('/attributes/trainsOnCustomerData'),
        ],
      },
    },
    assert: { field: '/attributes/trainsOnCustomerData', eq: false },
    good: [ex('no training', [asset('saas-ai-feature', 'slack/ai', { trainsOnCustomerData: false })])],
    bad: [ex('training', [asset('saas-ai-feature', 'slack/ai', { trainsOnCustomerData: true })])],
  }),
  rule({
    id: 'provider-no-retention-limit',
    title: 'AI provider with no known retention limit',
    description: 'The provider receiving data has no declared retention period.',
    rationale: 'Without a retention limit, prompts and outputs may be kept indefinitely and surface in a breach or legal request.',
    fix: 'Agree and record a retention period (ideally zero data retention).',
    steps: ['Check the provider terms or enable zero retention', 'Record `retentionDays`'],
    severity: 'low',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['data-exposure', 'retention'],
    appliesTo: { kinds: ['provider'], where: { neighbours: { types: ['calls', 'sends-data'], direction: 'in' } } },
    assert: has('/attributes/retentionDays'),
    good: [
      ex(
        'retention',
        [asset('provider', 'openai', { retentionDays: 30 }), asset('application', 'github.com/acme/a')],
        [edge('calls', ['application', 'github.com/acme/a'], ['provider', 'openai'])],
      ),
    ],
    bad: [
      ex(
        'none',
        [asset('provider', 'openai'), asset('application', 'github.com/acme/a')],
        [edge('calls', ['application', 'github.com/acme/a'], ['provider', 'openai'])],
      ),
    ],
  }),
  rule({
    id: 'prompt-logging-with-personal-data',
    title: 'Prompts and outputs with personal data logged without a retention limit',
    description: 'An application that handles personal data logs prompts and outputs and has no retention period.',
    rationale: 'Prompt logs copy personal data into a second store, usually with wider access and longer life than the source.',
    fix: 'Redact personal data in logs and set a retention limit.',
    steps: ['Mask personal data before logging', 'Set `retentionDays` on the log store'],
    severity: 'medium',
    likelihood: 'high',
    impact: 'medium',
    tags: ['data-exposure', 'logging', 'privacy'],
    appliesTo: { kinds: ['application'], where: { all: [{ field: '/dataClasses', containsAny: PERSONAL }, declaredTrue('/attributes/promptLogging')] } },
    assert: has('/attributes/retentionDays'),
    good: [ex('retention', [asset('application', 'github.com/acme/claims', { promptLogging: true, retentionDays: 30 }, { dataClasses: ['pii'] })])],
    bad: [ex('kept forever', [asset('application', 'github.com/acme/claims', { promptLogging: true }, { dataClasses: ['pii'] })])],
  }),
  rule({
    id: 'dataset-sensitive-in-training',
    title: 'Sensitive data classes in a training or fine-tuning dataset',
    description: "A dataset used for training or fine-tuning contains personal, health, payment, credential or children's data.",
    rationale: 'Models memorise training data; sensitive records can be extracted from the model and cannot be deleted from it.',
    fix: 'Remove or de-identify the sensitive data before training.',
    steps: ['Filter or pseudonymise the sensitive fields', 'Document the lawful basis if the data must stay', "Record the cleaned dataset's data classes"],
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'training-data'],
    appliesTo: { kinds: ['dataset'], where: { field: '/attributes/usage', in: ['training', 'fine-tuning'] } },
    assert: { not: { field: '/dataClasses', containsAny: SENSITIVE } },
    good: [ex('clean', [asset('dataset', 'tickets-anon', { usage: 'fine-tuning' }, { dataClasses: ['internal'] })])],
    bad: [ex('pii', [asset('dataset', 'tickets-raw', { usage: 'fine-tuning' }, { dataClasses: ['pii'] })])],
  }),
  rule({
    id: 'model-trained-on-sensitive-data',
    title: 'Model trained or fine-tuned on sensitive data',
    description: 'The model has a training or fine-tuning edge to a dataset with sensitive data classes.',
    rationale: 'Whatever the model saw can come back out in answers or through extraction attacks.',
    fix: 'Retrain on de-identified data or restrict who can query the model.',
    steps: ['Assess memorisation risk', 'Retrain on cleaned data or limit access to the model'],
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'training-data'],
    appliesTo: { kinds: ['model'] },
    assert: {
      neighbours: { types: ['trained-on', 'fine-tuned-from'], kinds: ['dataset'], where: { field: '/dataClasses', containsAny: SENSITIVE }, count: { eq: 0 } },
    },
    good: [
      ex(
        'clean',
        [asset('model', 'acme/claims-classifier'), asset('dataset', 'claims-anon', {}, { dataClasses: ['internal'] })],
        [edge('trained-on', ['model', 'acme/claims-classifier'], ['dataset', 'claims-anon'])],
      ),
    ],
    bad: [
      ex(
        'pii',
        [asset('model', 'acme/claims-classifier'), asset('dataset', 'claims-raw', {}, { dataClasses: ['phi'] })],
        [edge('trained-on', ['model', 'acme/claims-classifier'], ['dataset', 'claims-raw'])],
      ),
    ],
  }),
  rule({
    id: 'dataset-personal-no-retention',
    title: 'Dataset with personal data and no retention limit',
    description: 'A dataset holding personal data has no retention period.',
    rationale: 'Storage limitation is a GDPR principle; AI datasets are copied often and outlive their purpose.',
    fix: 'Set a retention period and delete on schedule.',
    steps: ['Agree the retention period with the data owner', 'Record `retentionDays` and automate deletion'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['data-exposure', 'retention', 'privacy'],
    appliesTo: { kinds: ['dataset'], where: { field: '/dataClasses', containsAny: PERSONAL } },
    assert: has('/attributes/retentionDays'),
    good: [ex('retention', [asset('dataset', 'claims-2025', { retentionDays: 365 }, { dataClasses: ['pii'] })])],
    bad: [ex('no limit', [asset('dataset', 'claims-2025', {}, { dataClasses: ['pii'] })])],
  }),
  rule({
    id: 'vector-store-sensitive-exposed',
    title: 'Vector store with sensitive data reachable from the internet',
    description: 'A vector store that indexes sensitive data classes is exposed publicly.',
    rationale: 'Vector stores answer similarity queries with the original chunks; public exposure publishes the indexed documents.',
    fix: 'Make the store private.',
    steps: ['Move the store to a private network or restrict its ingress', 'Require authentication for every query'],
    severity: 'critical',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'rag'],
    appliesTo: { kinds: ['vector-store'], where: { field: '/dataClasses', containsAny: SENSITIVE } },
    assert: { field: '/attributes/exposure', in: ['private', 'internal', 'local'] },
    good: [ex('private', [asset('vector-store', 'kb-index', { exposure: 'private' }, { dataClasses: ['pii'] })])],
    bad: [ex('public', [asset('vector-store', 'kb-index', { exposure: 'public' }, { dataClasses: ['pii'] })])],
  }),
  rule({
    id: 'dataset-credentials',
    title: 'Credentials inside an AI dataset',
    description: 'A dataset used for training, fine-tuning or retrieval contains credentials.',
    rationale: 'Secrets in training or retrieval data come back out in model answers to whoever asks the right question.',
    fix: 'Remove the secrets and rotate them.',
    steps: ['Scan and strip secrets from the dataset', 'Rotate every exposed credential'],
    severity: 'critical',
    likelihood: 'medium',
    impact: 'high',
    tags: ['data-exposure', 'secrets'],
    appliesTo: { kinds: ['dataset', 'vector-store'] },
    assert: { not: { field: '/dataClasses', contains: 'credentials' } },
    good: [ex('clean', [asset('dataset', 'docs', {}, { dataClasses: ['internal'] })])],
    bad: [ex('secrets', [asset('dataset', 'docs', {}, { dataClasses: ['credentials'] })])],
  }),
  rule({
    id: 'prompt-contains-secrets',
    title: 'Secrets in a system prompt or prompt template',
    description: 'A prompt holds credentials or other secrets.',
    rationale: 'System prompts leak through extraction attacks and logs; anything secret in them should be treated as public.',
    fix: 'Take the secret out of the prompt.',
    steps: ['Move credentials to the tool layer or a secret manager', 'Rotate the exposed secret'],
    severity: 'high',
    likelihood: 'high',
    impact: 'high',
    tags: ['data-exposure', 'secrets', 'prompt'],
    appliesTo: { kinds: ['prompt'] },
    assert: { not: { field: '/dataClasses', containsAny: ['credentials'] } },
    good: [ex('clean', [asset('prompt', 'support-system', { role: 'system' }, { dataClasses: ['internal'] })])],
    bad: [ex('key', [asset('prompt', 'support-system', { role: 'system' }, { dataClasses: ['credentials'] })])],
  }),
  rule({
    id: 'prompt-contains-personal-data',
    title: 'Personal data embedded in a system prompt',
    description: 'A system prompt or template carries personal data.',
    rationale: 'Every user of the application can try to extract the system prompt; personal data in it is disclosed to all of them.',
    fix: 'Remove personal data from the prompt.',
    steps: ['Pass per-user data at run time, scoped to that user', 'Keep system prompts free of personal data'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    tags: ['data-exposure', 'prompt', 'privacy'],
    appliesTo: { kinds: ['prompt'], where: { field: '/attributes/role', in: ['system', 'template', 'assistant-config'] } },
    assert: { not: { field: '/dataClasses', containsAny: PERSONAL } },
    good: [ex('clean', [asset('prompt', 'support-system', { role: 'system' })])],
    bad: [ex('pii', [asset('prompt', 'support-system', { role: 'system' }, { dataClasses: ['pii'] })])],
  }),
  rule({
    id: 'vector-store-shared-across-applications',
    title: 'Vector store shared by several applications',
    description: 'More than one application or agent retrieves from the same vector store.',
    rationale: "A shared index mixes tenants and audiences: one application's users can retrieve documents meant for another's.",
    fix: 'Separate indexes per application or enforce per-tenant filters.',
    steps: ['Split the collection per application, or', 'Enforce document-level access filters at query time'],
    severity: 'medium',
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    tags: ['data-exposure', 'rag', 'multi-tenant'],
    appliesTo: { kinds: ['vector-store'] },
    assert: { neighbours: { types: ['retrieves-from'], direction: 'in', kinds: ['application', 'agent'], count: { lte: 1 } } },
    good: [
      ex(
        'one reader',
        [asset('vector-store', 'kb-index'), asset('application', 'github.com/acme/a')],
        [edge('retrieves-from', ['application', 'github.com/acme/a'], ['vector-store', 'kb-index'])],
      ),
    ],
    bad: [
      ex(
        'two readers',
        [asset('vector-store', 'kb-index'), asset('application', 'github.com/acme/a'), asset('application', 'github.com/acme/b')],
        [
          edge('retrieves-from', ['application', 'github.com/acme/a'], ['vector-store', 'kb-index']),
          edge('retrieves-from', ['application', 'github.com/acme/b'], ['vector-store', 'kb-index']),
        ],
      ),
    ],
  }),
  rule({
    id: 'children-data-to-ai',
    title: "Children's data processed by an AI application",
    description: 'An application or agent handles data about children.',
    rationale:
      "Children's data carries heightened protection (GDPR Art. 8, the AI Act's vulnerable-group provisions); it needs a documented assessment before any AI use.",
    fix: "Run and record an impact assessment, or keep children's data out.",
    steps: ['Complete a data protection impact assessment', 'Record the approval as the label `aispm.dpia=approved`'],
    severity: 'high',
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    tags: ['data-exposure', 'privacy', 'vulnerable-groups'],
    appliesTo: { kinds: ['application', 'agent'], where: { field: '/dataClasses', contains: 'children' } },
    assert: { field: '/labels/aispm.dpia', eq: 'approved' },
    good: [ex('assessed', [asset('application', 'github.com/acme/tutor', {}, { dataClasses: ['children'], labels: { 'aispm.dpia': 'approved' } })])],
    bad: [ex('not assessed', [asset('application', 'github.com/acme/tutor', {}, { dataClasses: ['children'], labels: { 'aispm.dpia': 'pending' } })])],
  }),
];
