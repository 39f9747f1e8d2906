import { z } from 'zod';
import { DataClassSchema, SurfaceClassSchema } from './vocab';

// Every kind's attributes are an open object: the known fields below are typed and validated;
// other fields are kept as they are (use a namespaced key such as `x_acme_tier` for your own).

const exposure = z.enum(['public', 'internal', 'private', 'local']).describe('Who can reach it over the network.');
const authentication = z.enum(['none', 'api-key', 'oauth', 'oidc', 'iam', 'mtls', 'basic', 'unknown']).describe('How callers authenticate.');
const euAiActTier = z
  .enum(['prohibited', 'high-risk', 'limited-risk', 'minimal-risk', 'gpai', 'gpai-systemic', 'undetermined'])
  .describe('EU AI Act risk tier.');
const criticality = z.enum(['critical', 'high', 'medium', 'low']).describe('Business criticality.');
const strings = z.array(z.string());

/** Attributes of a `provider` (a third-party AI service). */
export const ProviderAttributesSchema = z.looseObject({
  displayName: z.string().optional(),
  category: z.enum(['llm', 'embedding', 'vector-db', 'ml-platform', 'gateway', 'observability', 'saas', 'other']).optional(),
  hosts: strings.optional().describe('API hosts of the provider.'),
  approved: z.boolean().optional().describe('Registered and approved for use (false or absent means shadow).'),
  processorAgreement: z.boolean().optional().describe('A data processing agreement is in place.'),
  residency: strings.optional().describe('Regions where data is processed.'),
  retentionDays: z.number().nonnegative().optional(),
  trainsOnCustomerData: z.boolean().optional(),
});

/** Attributes of a `model`. */
export const ModelAttributesSchema = z.looseObject({
  provider: z.string().optional().describe('Canonical id key of the provider that makes the model.'),
  family: z.string().optional(),
  version: z.string().optional().describe('Snapshot or version, e.g. 2024-08-06.'),
  versions: strings.optional().describe('Every snapshot seen.'),
  surface: SurfaceClassSchema.optional(),
  task: z.string().optional(),
  modality: strings.optional(),
  license: z.string().optional(),
  format: z.string().optional().describe('Weights format: gguf, safetensors, onnx, pickle, ...'),
  pickle: z.boolean().optional().describe('Weights use a pickle-based format.'),
  huggingfaceRepo: z.string().optional(),
  pinned: z.boolean().optional().describe('Referenced by an exact version or digest.'),
  deprecated: z.boolean().optional(),
  trustRemoteCode: z.boolean().optional(),
  modelCard: z.boolean().optional().describe('A model card is available.'),
  modelCardUrl: z.string().optional(),
  purpose: z.string().optional(),
  euAiActTier: euAiActTier.optional(),
  hashes: z.record(z.string(), z.string()).optional(),
});

/** Attributes of a `model-endpoint` (a deployed inference endpoint). */
export const ModelEndpointAttributesSchema = z.looseObject({
  url: z.string().optional(),
  provider: z.string().optional(),
  platform: z.string().optional().describe('sagemaker, vertex-ai, azure-ml, bedrock, ollama, vllm, ...'),
  region: z.string().optional(),
  exposure: exposure.optional(),
  authentication: authentication.optional(),
  rateLimit: z.boolean().optional(),
  contentFilter: z.boolean().optional(),
  logging: z.boolean().optional(),
});

/** Attributes of an `application` (a repository, service or package that uses AI). */
export const ApplicationAttributesSchema = z.looseObject({
  repository: z.string().optional().describe('Normalised repository key, e.g. github.com/acme/bot.'),
  path: z.string().optional().describe('Folder inside the repository for monorepo packages.'),
  languages: strings.optional(),
  purpose: z.string().optional(),
  surface: SurfaceClassSchema.optional(),
  exposure: exposure.optional(),
  authentication: authentication.optional(),
  businessCriticality: criticality.optional(),
  euAiActTier: euAiActTier.optional(),
  annexIIIArea: z.string().optional(),
  riskTier: z.string().optional(),
  approved: z.boolean().optional(),
  guardrails: z.boolean().optional(),
  rateLimit: z.boolean().optional(),
  promptLogging: z.boolean().optional(),
  retentionDays: z.number().nonnegative().optional(),
});

/** Attributes of an `agent`. */
export const AgentAttributesSchema = z.looseObject({
  framework: z.string().optional().describe('langgraph, crewai, autogen, openai-agents, ...'),
  purpose: z.string().optional(),
  humanApproval: z.boolean().optional().describe('A human approves consequential actions.'),
  autonomy: z.enum(['none', 'human-in-the-loop', 'human-on-the-loop', 'full']).optional(),
  tools: strings.optional(),
  memory: z.boolean().optional(),
  exposure: exposure.optional(),
  ingestsUntrustedContent: z.boolean().optional(),
});

/** Attributes of an `mcp-server`. */
export const McpServerAttributesSchema = z.looseObject({
  transport: z.enum(['stdio', 'http', 'sse', 'streamable-http', 'websocket']).optional(),
  registry: z.enum(['npm', 'pypi', 'oci', 'url', 'cmd', 'local']).optional(),
  package: z.string().optional(),
  version: z.string().optional(),
  pinned: z.boolean().optional(),
  url: z.string().optional(),
  command: z.string().optional(),
  args: strings.optional(),
  envKeys: strings.optional().describe('Names of environment variables passed; values are never kept.'),
  official: z.boolean().optional(),
  authentication: authentication.optional(),
  capabilities: strings.optional(),
});

/** Capabilities a tool may have. */
export const TOOL_CAPABILITIES = [
  'read',
  'write',
  'delete',
  'execute',
  'shell',
  'filesystem',
  'network',
  'payment',
  'email',
  'database',
  'browser',
  'private-data',
  'untrusted-content',
  'external-communication',
] as const;

/** Attributes of a `tool` (a function an agent or MCP server exposes). */
export const ToolAttributesSchema = z.looseObject({
  server: z.string().optional(),
  description: z.string().optional(),
  capabilities: z.array(z.enum(TOOL_CAPABILITIES)).optional(),
  requiresApproval: z.boolean().optional(),
});

/** Attributes of a `dataset`. */
export const DatasetAttributesSchema = z.looseObject({
  format: z.string().optional(),
  location: z.string().optional(),
  size: z.string().optional(),
  license: z.string().optional(),
  usage: z.enum(['training', 'fine-tuning', 'evaluation', 'retrieval', 'other']).optional(),
  classification: z.string().optional(),
  sensitiveData: strings.optional(),
  retentionDays: z.number().nonnegative().optional(),
});

/** Attributes of a `vector-store`. */
export const VectorStoreAttributesSchema = z.looseObject({
  product: z.string().optional().describe('pinecone, qdrant, weaviate, chroma, pgvector, ...'),
  hosting: z.enum(['managed', 'self-hosted', 'embedded']).optional(),
  url: z.string().optional(),
  collection: z.string().optional(),
  exposure: exposure.optional(),
  authentication: authentication.optional(),
  encryption: z.boolean().optional(),
});

/** Attributes of a `prompt`. */
export const PromptAttributesSchema = z.looseObject({
  role: z.enum(['system', 'user', 'template', 'assistant-config']).optional(),
  location: z.string().optional(),
  variables: strings.optional(),
  hash: z.string().optional(),
});

/** Attributes of a `library` (an AI SDK or framework dependency). */
export const LibraryAttributesSchema = z.looseObject({
  ecosystem: z.enum(['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem', 'conda', 'other']).optional(),
  package: z.string().optional(),
  purl: z.string().optional(),
  version: z.string().optional(),
  versions: strings.optional(),
  category: z.enum(['ai-sdk', 'agent-framework', 'vector-store-client', 'mcp-sdk', 'ml-runtime', 'gateway-client', 'observability', 'other']).optional(),
  pinned: z.boolean().optional(),
});

/** Attributes of a `saas-ai-feature` (an AI capability inside a SaaS product). */
export const SaasAiFeatureAttributesSchema = z.looseObject({
  vendor: z.string().optional(),
  product: z.string().optional(),
  feature: z.string().optional(),
  enabled: z.boolean().optional(),
  trainsOnCustomerData: z.boolean().optional(),
  approved: z.boolean().optional(),
  users: z.number().int().nonnegative().optional(),
});

/** Attributes of an `identity` (a user, group, service account or role). */
export const IdentityAttributesSchema = z.looseObject({
  type: z.enum(['user', 'group', 'service-account', 'role', 'workload', 'anonymous', 'external']).optional(),
  external: z.boolean().optional(),
  directory: z.string().optional(),
  email: z.string().optional(),
});

/** Attributes of a `credential`. The secret itself is never stored. */
export const CredentialAttributesSchema = z.looseObject({
  provider: z.string().optional(),
  type: z.string().optional().describe('api-key, service-account-key, token, ...'),
  fingerprint: z.string().optional().describe('Keyed fingerprint of the secret (never the secret).'),
  prefix: z.string().max(4).optional().describe('At most the first four characters.'),
  location: z.string().optional(),
  placeholder: z.boolean().optional().describe('A documentation example or obviously fake value.'),
  hardcoded: z.boolean().optional(),
  shared: z.boolean().optional(),
  createdAt: z.string().optional(),
  rotatedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  scopes: strings.optional(),
});

/** Attributes of a `subscription` (a paid plan or account with an AI provider). */
export const SubscriptionAttributesSchema = z.looseObject({
  provider: z.string().optional(),
  plan: z.string().optional(),
  account: z.string().optional(),
  costCenter: z.string().optional(),
  monthlySpend: z.number().nonnegative().optional(),
  currency: z.string().optional(),
  approved: z.boolean().optional(),
});

/** Attributes of a `gateway` (an AI gateway or proxy). */
export const GatewayAttributesSchema = z.looseObject({
  product: z.string().optional().describe('litellm, portkey, kong, cloudflare-ai-gateway, ...'),
  url: z.string().optional(),
  logging: z.boolean().optional(),
  contentFilter: z.boolean().optional(),
  rateLimit: z.boolean().optional(),
  budget: z.boolean().optional(),
  exposure: exposure.optional(),
  authentication: authentication.optional(),
});

/** The attribute schema of each asset kind. */
export const ATTRIBUTE_SCHEMAS = {
  provider: ProviderAttributesSchema,
  model: ModelAttributesSchema,
  'model-endpoint': ModelEndpointAttributesSchema,
  application: ApplicationAttributesSchema,
  agent: AgentAttributesSchema,
  'mcp-server': McpServerAttributesSchema,
  tool: ToolAttributesSchema,
  dataset: DatasetAttributesSchema,
  'vector-store': VectorStoreAttributesSchema,
  prompt: PromptAttributesSchema,
  library: LibraryAttributesSchema,
  'saas-ai-feature': SaasAiFeatureAttributesSchema,
  identity: IdentityAttributesSchema,
  credential: CredentialAttributesSchema,
  subscription: SubscriptionAttributesSchema,
  gateway: GatewayAttributesSchema,
} as const;

/** Shorthand for the data classes array used by assets and edges. */
export const DataClassesSchema = z.array(DataClassSchema);
