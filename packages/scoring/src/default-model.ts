import { type ScoringModel, ScoringModelSchema } from './model';

const levels = (what: string) => [
  { id: 'low', code: 'L', label: 'Low', definition: `The rule rates ${what} low.`, score: 0 },
  { id: 'medium', code: 'M', label: 'Medium', definition: `The rule rates ${what} medium.`, score: 0.5 },
  { id: 'high', code: 'H', label: 'High', definition: `The rule rates ${what} high.`, score: 1 },
];

/**
 * The default risk model, `aispm:default-risk@1.0.0`, for findings (and, through aggregation,
 * AI systems). It stacks the signals of the posture record in two parts:
 *
 * - **rule** (weight 0.45): a lookup table of the rule's likelihood × impact;
 * - **context** (weight 0.55): a weighted sum of the asset's deployment surface, data-class
 *   exposure, identity reach, business criticality, regulatory tier, toxic-combination path
 *   membership, governance completeness, exploitability of other open findings and
 *   third-party provider concentration;
 *
 * then multiplies by the rule's confidence and the exception state (an accepted risk is shown
 * with a reduced score, never hidden), applies one cap and two gates, and bands the result on
 * a 0–10 scale. `docs/guides/scoring.md` prints the whole formula with a worked example.
 *
 * @example
 * ```ts
 * import { createEngine, DEFAULT_RISK_MODEL } from '@aispm/scoring';
 * createEngine(DEFAULT_RISK_MODEL).score(inputs).band;
 * ```
 */
export const DEFAULT_RISK_MODEL: ScoringModel = ScoringModelSchema.parse({
  id: 'aispm:default-risk@1.0.0',
  title: 'aispm default risk model',
  description:
    'Scores a finding by its rule (likelihood × impact, confidence) and the context of the assets it is on; AI systems aggregate the scores of their findings.',
  scale: 10,
  factors: [
    {
      id: 'likelihood',
      code: 'LK',
      label: 'Likelihood',
      description: 'How likely the weakness is to be exploited or to cause harm.',
      source: 'finding.likelihood (declared by the rule); when the rule declares none, derived from finding.severity.',
      values: levels('likelihood'),
      unknown: 'neutral',
      neutral: 'medium',
    },
    {
      id: 'impact',
      code: 'IM',
      label: 'Impact',
      description: 'How much harm follows if it happens.',
      source: 'finding.impact (declared by the rule); when the rule declares none, derived from finding.severity.',
      values: levels('impact'),
      unknown: 'neutral',
      neutral: 'medium',
    },
    {
      id: 'confidence',
      code: 'CF',
      label: 'Confidence',
      description: 'How sure the rule is that the finding is real (multiplies the score).',
      source: 'finding.confidence (declared by the rule).',
      values: [
        { id: 'low', code: 'L', label: 'Low', definition: 'The evidence is indirect or heuristic.', score: 0.7 },
        { id: 'medium', code: 'M', label: 'Medium', definition: 'The evidence is good but not conclusive.', score: 0.85 },
        { id: 'high', code: 'H', label: 'High', definition: 'The evidence is direct (a declared or observed fact).', score: 1 },
      ],
      unknown: 'worst',
    },
    {
      id: 'deploymentSurface',
      code: 'DS',
      label: 'Deployment surface',
      description: 'Who can reach the assets over the network, and whether they must authenticate.',
      source: 'attributes.exposure and attributes.authentication of the finding’s assets (the most exposed one counts).',
      values: [
        {
          id: 'none',
          code: 'N',
          label: 'No surface',
          definition: 'No asset of the finding has a network surface of its own (a library, a dataset, a prompt, a credential).',
          score: 0,
        },
        {
          id: 'local',
          code: 'L',
          label: 'Local',
          definition: 'Runs on a developer machine or in a process (e.g. a stdio MCP server), not on a network.',
          score: 0.1,
        },
        { id: 'private', code: 'P', label: 'Private', definition: 'Reachable only inside a private network segment.', score: 0.3 },
        { id: 'internal', code: 'I', label: 'Internal', definition: 'Reachable from the organisation’s internal network.', score: 0.45 },
        {
          id: 'public-authenticated',
          code: 'A',
          label: 'Public, authenticated',
          definition: 'Reachable from the internet; callers authenticate.',
          score: 0.75,
        },
        {
          id: 'public-anonymous',
          code: 'U',
          label: 'Public, anonymous',
          definition: 'Reachable from the internet with no or unknown authentication.',
          score: 1,
        },
      ],
      unknown: 'neutral',
      neutral: 'internal',
    },
    {
      id: 'dataExposure',
      code: 'DE',
      label: 'Data-class exposure',
      description:
        'The most sensitive data class that reaches the assets or leaves through them, at training and at inference; one step more when sensitive data leaves to a provider without a processor agreement.',
      source:
        'dataClasses of the assets; dataClasses of sends-data edges in and out; dataClasses of datasets reached by trained-on / fine-tuned-from (training) and of vector stores reached by retrieves-from (inference); processorAgreement of receiving providers.',
      values: [
        { id: 'none', code: 'N', label: 'Public only', definition: 'Only public data is recorded on or around the assets.', score: 0 },
        { id: 'internal', code: 'I', label: 'Internal', definition: 'Internal data at most.', score: 0.25 },
        {
          id: 'confidential',
          code: 'C',
          label: 'Confidential',
          definition: 'Confidential, customer content, source code, financial or legal data.',
          score: 0.55,
        },
        { id: 'regulated', code: 'R', label: 'Regulated', definition: 'Personal data, payment data or credentials.', score: 0.8 },
        {
          id: 'special',
          code: 'S',
          label: 'Special category',
          definition: 'Health, biometric or children’s data; or regulated data leaving to a provider without a processor agreement.',
          score: 1,
        },
      ],
      unknown: 'neutral',
      neutral: 'internal',
    },
    {
      id: 'identityReach',
      code: 'IR',
      label: 'Identity reach',
      description: 'How many principals, keys and agents can invoke the assets, and whether any is external or anonymous.',
      source:
        'can-invoke edges into the assets; holds-credential edges to credentials that authenticate to them; connects-to / calls edges from agents; identity attributes type and external.',
      values: [
        { id: 'none', code: 'N', label: 'None recorded', definition: 'No principal is recorded as able to invoke the assets.', score: 0 },
        { id: 'few', code: 'F', label: 'Few internal', definition: 'One to three internal principals.', score: 0.3 },
        { id: 'many', code: 'M', label: 'Many internal', definition: 'More than three internal principals.', score: 0.55 },
        { id: 'external', code: 'E', label: 'External', definition: 'At least one external principal (a partner, a vendor, a guest).', score: 0.8 },
        { id: 'anonymous', code: 'A', label: 'Anonymous', definition: 'An anonymous principal, or a public endpoint with no authentication.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'few',
    },
    {
      id: 'businessCriticality',
      code: 'BC',
      label: 'Business criticality',
      description: 'How much the business depends on the assets.',
      source: 'attributes.businessCriticality of the assets, else of the applications and agents that use them (inherited).',
      values: [
        { id: 'low', code: 'L', label: 'Low', definition: 'An experiment or convenience.', score: 0.1 },
        { id: 'medium', code: 'M', label: 'Medium', definition: 'A supporting system.', score: 0.4 },
        { id: 'high', code: 'H', label: 'High', definition: 'An important business system.', score: 0.7 },
        { id: 'critical', code: 'C', label: 'Critical', definition: 'The business stops or is harmed when it fails.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'medium',
    },
    {
      id: 'regulatoryTier',
      code: 'RT',
      label: 'Regulatory tier',
      description: 'The EU AI Act tier of the assets, raised one step (minimal → limited → high-risk; GPAI → high-risk) by a regulated sector flag.',
      source:
        'attributes.euAiActTier (or annexIIIArea, which implies high-risk) of the assets or the applications using them; labels.sector in health, finance, insurance, employment, education, critical-infrastructure, law-enforcement, public-sector.',
      values: [
        { id: 'minimal', code: 'M', label: 'Minimal risk', definition: 'EU AI Act minimal-risk.', score: 0 },
        { id: 'limited', code: 'L', label: 'Limited risk', definition: 'EU AI Act limited-risk (transparency duties).', score: 0.3 },
        { id: 'gpai', code: 'G', label: 'General-purpose', definition: 'A general-purpose AI model.', score: 0.5 },
        { id: 'high-risk', code: 'H', label: 'High risk', definition: 'EU AI Act high-risk, Annex III area, or GPAI with systemic risk.', score: 0.8 },
        { id: 'prohibited', code: 'P', label: 'Prohibited', definition: 'An EU AI Act prohibited practice.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'limited',
    },
    {
      id: 'toxicPath',
      code: 'TP',
      label: 'Toxic combination',
      description: 'Whether the finding is, or its assets are part of, a toxic-combination path.',
      source: 'findings whose assetIds hold more than one id (path rules): the finding itself, or another open path finding that includes one of its assets.',
      values: [
        { id: 'none', code: 'N', label: 'None', definition: 'No path finding includes the assets.', score: 0 },
        { id: 'member', code: 'M', label: 'On a path', definition: 'Another open path finding includes one of the assets.', score: 0.6 },
        { id: 'path', code: 'P', label: 'Is a path', definition: 'The finding is itself a toxic-combination path.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'none',
    },
    {
      id: 'governance',
      code: 'GV',
      label: 'Governance gaps',
      description: 'How incomplete the governance record of the assets is: owner, approval, purpose, risk tier, documentation.',
      source:
        'owner; attributes.approved; attributes.purpose; attributes.euAiActTier / riskTier; attributes.modelCard (models); the checks that apply to the asset kind.',
      values: [
        { id: 'complete', code: 'C', label: 'Complete', definition: 'Every applicable governance fact is recorded.', score: 0 },
        { id: 'partial', code: 'P', label: 'Partial', definition: 'Up to a third of the applicable facts are missing.', score: 0.35 },
        { id: 'minimal', code: 'M', label: 'Minimal', definition: 'More than a third but not all are missing.', score: 0.7 },
        { id: 'absent', code: 'A', label: 'Absent', definition: 'No applicable governance fact is recorded (shadow AI).', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'partial',
    },
    {
      id: 'exploitability',
      code: 'EX',
      label: 'Other open findings',
      description: 'Exploitability of the other open findings on the same assets: weaknesses chain.',
      source: 'other findings (state open, in-remediation, retest-pending, deferred) on any of the finding’s assets, by severity.',
      values: [
        { id: 'none', code: 'N', label: 'None', definition: 'No other open finding on the assets.', score: 0 },
        { id: 'low', code: 'L', label: 'Low', definition: 'Only low or info findings.', score: 0.3 },
        { id: 'medium', code: 'M', label: 'Medium', definition: 'At least one medium finding.', score: 0.6 },
        { id: 'high', code: 'H', label: 'High', definition: 'A high or critical finding, or three or more medium ones.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'none',
    },
    {
      id: 'providerConcentration',
      code: 'PC',
      label: 'Provider concentration',
      description: 'Share of the critical and high-criticality systems that depend on the same third-party provider as these assets.',
      source:
        'calls / uses-model / hosted-by / authenticates-to edges to provider assets and model.provider; businessCriticality of the systems using each provider.',
      values: [
        { id: 'none', code: 'N', label: 'No provider', definition: 'The assets depend on no third-party provider.', score: 0 },
        { id: 'low', code: 'L', label: 'Low', definition: 'Under 25% of critical systems share the provider.', score: 0.3 },
        { id: 'medium', code: 'M', label: 'Medium', definition: '25% to 50% share the provider.', score: 0.6 },
        { id: 'high', code: 'H', label: 'High', definition: 'More than 50% share the provider.', score: 1 },
      ],
      unknown: 'neutral',
      neutral: 'low',
    },
    {
      id: 'exceptionState',
      code: 'ES',
      label: 'Exception state',
      description: 'Whether the risk is accepted under an exception or deferred (multiplies the score; the finding stays listed).',
      source: 'finding.state and finding.exceptionId.',
      values: [
        { id: 'accepted', code: 'A', label: 'Accepted', definition: 'Accepted under an exception: shown at 60% of its score, never hidden.', score: 0.6 },
        { id: 'deferred', code: 'D', label: 'Deferred', definition: 'Deferred with a re-evaluation trigger: 80% of its score.', score: 0.8 },
        { id: 'none', code: 'N', label: 'No exception', definition: 'Open, in remediation or awaiting retest.', score: 1 },
      ],
      unknown: 'worst',
    },
  ],
  compose: {
    parts: [
      {
        id: 'rule',
        label: 'Rule (likelihood × impact)',
        method: 'lookup',
        weight: 0.45,
        factors: ['likelihood', 'impact'],
        table: {
          low: { low: 0.1, medium: 0.3, high: 0.5 },
          medium: { low: 0.25, medium: 0.5, high: 0.75 },
          high: { low: 0.4, medium: 0.7, high: 1 },
        },
      },
      {
        id: 'context',
        label: 'Context of the assets',
        method: 'weighted-sum',
        weight: 0.55,
        factors: [
          { factor: 'deploymentSurface', weight: 6 },
          { factor: 'dataExposure', weight: 6 },
          { factor: 'identityReach', weight: 4 },
          { factor: 'businessCriticality', weight: 4 },
          { factor: 'regulatoryTier', weight: 3 },
          { factor: 'toxicPath', weight: 4 },
          { factor: 'governance', weight: 3 },
          { factor: 'exploitability', weight: 3 },
          { factor: 'providerConcentration', weight: 2 },
        ],
      },
    ],
    multipliers: ['confidence', 'exceptionState'],
  },
  caps: [
    {
      id: 'local-no-data',
      reason: 'Local-only assets that handle public data only stay below high.',
      when: [
        { factor: 'deploymentSurface', atMost: 'local' },
        { factor: 'dataExposure', atMost: 'none' },
      ],
      max: 6.9,
    },
  ],
  gates: [
    {
      id: 'public-toxic-path',
      reason: 'A toxic-combination path reachable from the internet is at least high.',
      when: [
        { factor: 'toxicPath', atLeast: 'path' },
        { factor: 'deploymentSurface', atLeast: 'public-authenticated' },
        { factor: 'confidence', atLeast: 'medium' },
        { factor: 'exceptionState', atLeast: 'none' },
      ],
      min: 7,
    },
    {
      id: 'prohibited-practice',
      reason: 'A finding on an EU AI Act prohibited practice is critical.',
      when: [
        { factor: 'regulatoryTier', atLeast: 'prohibited' },
        { factor: 'exceptionState', atLeast: 'none' },
      ],
      min: 9,
    },
  ],
  bands: { critical: 9, high: 7, medium: 4, low: 0.1 },
});
