import type { Condition, PathStep, RuleInput } from '@aispm/core';
import { asset, declaredTrue, edge, ex, notTrue, rule, SENSITIVE } from '../build';

const TOOL_TYPES: NonNullable<PathStep['types']> = ['connects-to', 'exposes-tool', 'calls', 'can-invoke'];
const reachesTool = (caps: string[]): Condition => ({
  neighbours: { types: [...TOOL_TYPES], kinds: ['tool'], maxHops: 2, where: { field: '/attributes/capabilities', containsAny: caps } },
});
const publicWeakAuth: Condition = {
  all: [
    { field: '/attributes/exposure', eq: 'public' },
    { field: '/attributes/authentication', in: ['none', 'basic', 'unknown'] },
  ],
};
const frontDoorToAgent: PathStep = { types: ['calls', 'contains', 'routes-through', 'served-by'], kinds: ['agent'], maxHops: 2 };

const frontAssets = [asset('application', 'github.com/acme/support-bot', { exposure: 'public', authentication: 'none' }), asset('agent', 'support-agent')];
const frontEdge = edge('calls', ['application', 'github.com/acme/support-bot'], ['agent', 'support-agent']);

/** Toxic combinations: graph patterns that are dangerous together even when each part looks acceptable. */
export const pathRules: RuleInput[] = [
  rule({
    id: 'agent-lethal-trifecta',
    title: 'Agent combines private data, untrusted content and external communication',
    description: 'The same agent can read private data, takes in untrusted content, and can send data out (email, web requests, messaging).',
    rationale:
      'Together these let injected instructions in untrusted content make the agent read private data and send it to the attacker; removing any one leg breaks the attack.',
    fix: 'Break one of the three legs.',
    steps: [
      'Remove external communication tools from agents that read private data, or',
      'Keep untrusted content away from this agent, or',
      'Require human approval for every outbound action',
    ],
    severity: 'critical',
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    tags: ['toxic-combination', 'agentic', 'exfiltration', 'prompt-injection'],
    appliesTo: { kinds: ['agent'] },
    assert: {
      not: {
        all: [
          reachesTool(['private-data', 'database']),
          { any: [declaredTrue('/attributes/ingestsUntrustedContent'), reachesTool(['untrusted-content', 'browser'])] },
          reachesTool(['external-communication', 'email', 'network']),
        ],
      },
    },
    good: [
      ex(
        'no outbound leg',
        [asset('agent', 'support-agent', { ingestsUntrustedContent: true }), asset('tool', 'crm/read', { capabilities: ['private-data', 'read'] })],
        [edge('calls', ['agent', 'support-agent'], ['tool', 'crm/read'])],
      ),
    ],
    bad: [
      ex(
        'all three',
        [
          asset('agent', 'support-agent', { ingestsUntrustedContent: true }),
          asset('tool', 'crm/read', { capabilities: ['private-data'] }),
          asset('tool', 'mail/send', { capabilities: ['email'] }),
        ],
        [edge('calls', ['agent', 'support-agent'], ['tool', 'crm/read']), edge('calls', ['agent', 'support-agent'], ['tool', 'mail/send'])],
      ),
    ],
  }),
  rule({
    id: 'public-weak-auth-to-sensitive-vector-store',
    title: 'Public, weakly authenticated entry point leads to an agent that reads a sensitive vector store',
    description:
      'An internet-facing application or endpoint without strong authentication fronts an agent that retrieves from a vector store holding sensitive data.',
    rationale: 'Anyone on the internet can ask the agent questions whose answers come from the sensitive index; retrieval turns into bulk disclosure.',
    fix: 'Authenticate the entry point and scope what the agent may retrieve.',
    steps: [
      'Require strong authentication on the public entry point',
      "Filter retrieval by the caller's permissions",
      'Move sensitive documents to a separate index',
    ],
    severity: 'critical',
    likelihood: 'high',
    impact: 'high',
    tags: ['toxic-combination', 'rag', 'data-exposure'],
    appliesTo: { kinds: ['application', 'model-endpoint', 'gateway'], where: publicWeakAuth },
    path: { steps: [frontDoorToAgent, { types: ['retrieves-from'], kinds: ['vector-store'], where: { field: '/dataClasses', containsAny: SENSITIVE } }] },
    good: [
      ex(
        'public index only',
        [...frontAssets, asset('vector-store', 'faq-index', {}, { dataClasses: ['public'] })],
        [frontEdge, edge('retrieves-from', ['agent', 'support-agent'], ['vector-store', 'faq-index'])],
      ),
    ],
    bad: [
      ex(
        'sensitive index',
        [...frontAssets, asset('vector-store', 'claims-index', {}, { dataClasses: ['phi'] })],
        [frontEdge, edge('retrieves-from', ['agent', 'support-agent'], ['vector-store', 'claims-index'])],
      ),
    ],
  }),
  rule({
    id: 'public-weak-auth-to-payment-tool',
    title: 'Public, weakly authenticated entry point leads to an agent with a payment tool',
    description: 'An internet-facing application or endpoint without strong authentication fronts an agent that can reach a payment tool.',
    rationale: 'An anonymous user can talk the agent into moving money; the payment tool inherits the exposure of the weakest door in front of it.',
    fix: 'Authenticate the entry point and put approval on payments.',
    steps: ['Require strong authentication', 'Require human approval for payment tool calls', 'Limit amounts the tool may move'],
    severity: 'critical',
    likelihood: 'medium',
    impact: 'high',
    tags: ['toxic-combination', 'agentic', 'payment'],
    appliesTo: { kinds: ['application', 'model-endpoint', 'gateway'], where: publicWeakAuth },
    path: {
      steps: [frontDoorToAgent, { types: [...TOOL_TYPES], kinds: ['tool'], maxHops: 2, where: { field: '/attributes/capabilities', contains: 'payment' } }],
    },
    good: [
      ex(
        'read-only tool',
        [...frontAssets, asset('tool', 'orders/status', { capabilities: ['read'] })],
        [frontEdge, edge('calls', ['agent', 'support-agent'], ['tool', 'orders/status'])],
      ),
    ],
    bad: [
      ex(
        'payment tool',
        [...frontAssets, asset('tool', 'billing/refund', { capabilities: ['payment'] })],
        [frontEdge, edge('calls', ['agent', 'support-agent'], ['tool', 'billing/refund'])],
      ),
    ],
  }),
  rule({
    id: 'public-weak-auth-to-shell-tool',
    title: 'Public, weakly authenticated entry point leads to an agent with shell access',
    description: 'An internet-facing application or endpoint without strong authentication fronts an agent that can reach a shell or code-execution tool.',
    rationale: 'This is remote code execution with extra steps: a prompt from the internet becomes a command on an internal host.',
    fix: 'Remove the shell tool or close the entry point.',
    steps: [
      'Remove shell and code-execution tools from internet-facing agents',
      'If needed, sandbox them without network or secrets',
      'Require strong authentication',
    ],
    severity: 'critical',
    likelihood: 'medium',
    impact: 'high',
    tags: ['toxic-combination', 'agentic', 'code-execution'],
    appliesTo: { kinds: ['application', 'model-endpoint', 'gateway'], where: publicWeakAuth },
    path: {
      steps: [
        frontDoorToAgent,
        { types: [...TOOL_TYPES], kinds: ['tool'], maxHops: 2, where: { field: '/attributes/capabilities', containsAny: ['shell', 'execute'] } },
      ],
    },
    good: [
      ex(
        'no shell',
        [...frontAssets, asset('tool', 'orders/status', { capabilities: ['read'] })],
        [frontEdge, edge('calls', ['agent', 'support-agent'], ['tool', 'orders/status'])],
      ),
    ],
    bad: [
      ex(
        'shell',
        [...frontAssets, asset('mcp-server', 'local/shell'), asset('tool', 'shell/run', { capabilities: ['shell'] })],
        [
          frontEdge,
          edge('connects-to', ['agent', 'support-agent'], ['mcp-server', 'local/shell']),
          edge('exposes-tool', ['mcp-server', 'local/shell'], ['tool', 'shell/run']),
        ],
      ),
    ],
  }),
  rule({
    id: 'sensitive-index-to-provider-without-agreement',
    title: 'Sensitive vector store feeds an application that sends prompts to a provider without an agreement',
    description:
      'A vector store with sensitive data is retrieved by an application or agent that calls a third-party provider without a data processing agreement.',
    rationale: 'Retrieved chunks are pasted into prompts: the sensitive index is effectively shared with the provider, with no contractual limits.',
    fix: 'Cover the provider with an agreement or keep sensitive chunks out of its prompts.',
    steps: ['Sign a DPA with the provider, or', 'Use a provider deployment covered by one, or', 'Filter sensitive chunks before prompting'],
    severity: 'high',
    likelihood: 'high',
    impact: 'high',
    tags: ['toxic-combination', 'rag', 'data-exposure', 'third-party'],
    appliesTo: { kinds: ['vector-store'], where: { field: '/dataClasses', containsAny: SENSITIVE } },
    path: {
      steps: [
        { types: ['retrieves-from'], direction: 'in', kinds: ['application', 'agent'] },
        { types: ['calls', 'sends-data'], kinds: ['provider'], where: notTrue('/attributes/processorAgreement') },
      ],
    },
    good: [
      ex(
        'covered provider',
        [
          asset('vector-store', 'claims-index', {}, { dataClasses: ['pii'] }),
          asset('application', 'github.com/acme/claims'),
          asset('provider', 'openai', { processorAgreement: true }),
        ],
        [
          edge('retrieves-from', ['application', 'github.com/acme/claims'], ['vector-store', 'claims-index']),
          edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'openai']),
        ],
      ),
    ],
    bad: [
      ex(
        'uncovered provider',
        [asset('vector-store', 'claims-index', {}, { dataClasses: ['pii'] }), asset('application', 'github.com/acme/claims'), asset('provider', 'openai')],
        [
          edge('retrieves-from', ['application', 'github.com/acme/claims'], ['vector-store', 'claims-index']),
          edge('calls', ['application', 'github.com/acme/claims'], ['provider', 'openai']),
        ],
      ),
    ],
  }),
  rule({
    id: 'outsider-to-agent-with-write-tool',
    title: 'External or anonymous identity can drive an agent with write or payment tools',
    description: 'An external or anonymous identity may invoke an agent that reaches tools able to write, delete or pay.',
    rationale: 'The outsider does not need the tool permissions themselves: instructing the agent is enough to use them.',
    fix: "Cut the invoke grant or the agent's write tools.",
    steps: ['Remove the external or anonymous invoke grant', 'Or give outsiders a separate agent without write tools'],
    severity: 'critical',
    likelihood: 'medium',
    impact: 'high',
    tags: ['toxic-combination', 'agentic', 'identity-access'],
    appliesTo: { kinds: ['identity'], where: { any: [declaredTrue('/attributes/external'), { field: '/attributes/type', in: ['external', 'anonymous'] }] } },
    path: {
      steps: [
        { types: ['can-invoke'], kinds: ['agent'] },
        { types: [...TOOL_TYPES], kinds: ['tool'], maxHops: 2, where: { field: '/attributes/capabilities', containsAny: ['write', 'delete', 'payment'] } },
      ],
    },
    good: [
      ex(
        'read-only agent',
        [asset('identity', 'partner@vendor.example', { external: true }), asset('agent', 'faq-agent'), asset('tool', 'kb/search', { capabilities: ['read'] })],
        [edge('can-invoke', ['identity', 'partner@vendor.example'], ['agent', 'faq-agent']), edge('calls', ['agent', 'faq-agent'], ['tool', 'kb/search'])],
      ),
    ],
    bad: [
      ex(
        'write agent',
        [asset('identity', 'partner@vendor.example', { external: true }), asset('agent', 'ops-agent'), asset('tool', 'db/update', { capabilities: ['write'] })],
        [edge('can-invoke', ['identity', 'partner@vendor.example'], ['agent', 'ops-agent']), edge('calls', ['agent', 'ops-agent'], ['tool', 'db/update'])],
      ),
    ],
  }),
  rule({
    id: 'untrusted-content-agent-to-unapproved-exec-tool',
    title: 'Agent reading untrusted content reaches a code-execution tool without approval',
    description: 'An agent that ingests untrusted content can reach a shell or execute tool that does not ask for approval.',
    rationale: 'Injected text in a web page or email becomes a command; this is the shortest path from prompt injection to code execution.',
    fix: 'Require approval on the tool or separate the agent from untrusted content.',
    steps: ['Make the execution tool require approval', 'Or run untrusted-content tasks in an agent without execution tools'],
    severity: 'critical',
    likelihood: 'high',
    impact: 'high',
    tags: ['toxic-combination', 'agentic', 'code-execution', 'prompt-injection'],
    appliesTo: { kinds: ['agent'], where: declaredTrue('/attributes/ingestsUntrustedContent') },
    path: {
      steps: [
        {
          types: [...TOOL_TYPES],
          kinds: ['tool'],
          maxHops: 2,
          where: { all: [{ field: '/attributes/capabilities', containsAny: ['shell', 'execute'] }, notTrue('/attributes/requiresApproval')] },
        },
      ],
    },
    good: [
      ex(
        'approval on tool',
        [asset('agent', 'research-agent', { ingestsUntrustedContent: true }), asset('tool', 'py/run', { capabilities: ['execute'], requiresApproval: true })],
        [edge('calls', ['agent', 'research-agent'], ['tool', 'py/run'])],
      ),
    ],
    bad: [
      ex(
        'no approval',
        [asset('agent', 'research-agent', { ingestsUntrustedContent: true }), asset('tool', 'py/run', { capabilities: ['execute'] })],
        [edge('calls', ['agent', 'research-agent'], ['tool', 'py/run'])],
      ),
    ],
  }),
  rule({
    id: 'public-application-hardcoded-key',
    title: 'Public application holds a hard-coded AI key',
    description: 'An internet-facing application holds a credential that is hard-coded in its source.',
    rationale: 'Public applications are the most probed; shipped bundles and containers expose hard-coded keys to anyone who downloads them.',
    fix: 'Move the key server-side into a secret manager and rotate it.',
    steps: ['Rotate the key', 'Serve model calls from the backend using a managed secret'],
    severity: 'high',
    likelihood: 'high',
    impact: 'high',
    tags: ['toxic-combination', 'secrets'],
    appliesTo: { kinds: ['application'], where: { field: '/attributes/exposure', eq: 'public' } },
    path: {
      steps: [
        { types: ['holds-credential'], kinds: ['credential'], where: { all: [declaredTrue('/attributes/hardcoded'), notTrue('/attributes/placeholder')] } },
      ],
    },
    good: [
      ex(
        'env key',
        [asset('application', 'github.com/acme/web', { exposure: 'public' }), asset('credential', 'openai/ab12', { hardcoded: false })],
        [edge('holds-credential', ['application', 'github.com/acme/web'], ['credential', 'openai/ab12'])],
      ),
    ],
    bad: [
      ex(
        'hard-coded',
        [asset('application', 'github.com/acme/web', { exposure: 'public' }), asset('credential', 'openai/ab12', { hardcoded: true })],
        [edge('holds-credential', ['application', 'github.com/acme/web'], ['credential', 'openai/ab12'])],
      ),
    ],
  }),
];
