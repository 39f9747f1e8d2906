import { z } from 'zod';

const ecosystems = ['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem'] as const;
const categories = ['ai-sdk', 'agent-framework', 'vector-store-client', 'mcp-sdk', 'ml-runtime', 'gateway-client', 'observability', 'other'] as const;

/** A provider's API hosts and the environment variables that point at it. */
export const ProviderHostSchema = z
  .object({
    provider: z.string().min(1).describe('Provider key (as in the core identity tables).'),
    hosts: z.array(z.string().min(3)).describe('Host names or host suffixes (a leading dot means any subdomain).'),
    envVars: z.array(z.string()).default([]).describe('Environment variables that carry its key or endpoint.'),
    kind: z.enum(['provider', 'gateway', 'vector-store']).default('provider'),
  })
  .strict();

/** An AI package of one ecosystem with what it tells us. */
export const SdkPackageSchema = z
  .object({
    ecosystem: z.enum(ecosystems),
    name: z.string().min(1).describe('Package name as the ecosystem spells it (maven: group:artifact).'),
    imports: z.array(z.string().min(1)).default([]).describe('Import names or module prefixes in code.'),
    category: z.enum(categories),
    provider: z.string().optional().describe('Provider the SDK calls.'),
    vectorStore: z.string().optional().describe('Vector store product the client talks to.'),
    agentFramework: z.string().optional(),
    gateway: z.string().optional(),
  })
  .strict();

/** A hard-coded key format. */
export const KeyFormatSchema = z
  .object({
    id: z.string().min(1),
    provider: z.string().min(1),
    description: z.string(),
    pattern: z.string().min(1).describe('Regular expression (ASCII, one line). Capture group 1 is the secret.'),
    flags: z.string().default(''),
    literals: z.array(z.string().min(2)).min(1).describe('Every match contains one of these (compared case-insensitively).'),
  })
  .strict();

/** A client constructor or call that reveals a provider. */
export const ClientSymbolSchema = z
  .object({
    symbol: z.string().min(2).describe('Identifier followed by `(` or `{` in code.'),
    provider: z.string().min(1),
  })
  .strict();

/** An agent framework and how its agents are declared. */
export const AgentFrameworkSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    constructors: z.array(z.string().min(2)).describe('Calls that create an agent (`Agent(`, `create_react_agent(`).'),
    toolDecorators: z.array(z.string()).default([]).describe('Decorators or helpers that declare a tool.'),
  })
  .strict();

/** A vector store product. */
export const VectorStoreSchema = z
  .object({
    product: z.string().min(1),
    name: z.string(),
    hosting: z.enum(['managed', 'self-hosted', 'embedded']),
    hosts: z.array(z.string()).default([]),
  })
  .strict();

/** A container image of an AI runtime, vector database or gateway. */
export const RuntimeImageSchema = z
  .object({
    image: z.string().min(1).describe('Image name without tag (registry prefix included when not Docker Hub).'),
    kind: z.enum(['model-endpoint', 'vector-store', 'gateway']),
    product: z.string().min(1),
  })
  .strict();

/** A model file format. */
export const ModelFormatSchema = z
  .object({
    extension: z.string().regex(/^\.[a-z0-9]+$/),
    format: z.string(),
    kind: z.enum(['model', 'dataset']),
    pickle: z.boolean().default(false),
  })
  .strict();

/** A model identifier pattern: literal prefixes that start a model id. */
export const ModelPrefixSchema = z
  .object({
    prefix: z.string().min(2).describe('Lower-case start of a model id, e.g. `gpt-4`, `claude-`.'),
    provider: z.string().min(1),
  })
  .strict();

/**
 * Everything detection depends on, as versioned data. Extend it with {@link extendCatalog}.
 *
 * @example
 * ```ts
 * const c = DetectionCatalogSchema.parse(json);
 * ```
 */
export const DetectionCatalogSchema = z
  .object({
    version: z.string(),
    providers: z.array(ProviderHostSchema),
    packages: z.array(SdkPackageSchema),
    keyFormats: z.array(KeyFormatSchema),
    clients: z.array(ClientSymbolSchema),
    agentFrameworks: z.array(AgentFrameworkSchema),
    vectorStores: z.array(VectorStoreSchema),
    runtimeImages: z.array(RuntimeImageSchema),
    modelFormats: z.array(ModelFormatSchema),
    modelPrefixes: z.array(ModelPrefixSchema),
  })
  .strict();

/** The detection catalog. See {@link DetectionCatalogSchema}. */
export type DetectionCatalog = z.output<typeof DetectionCatalogSchema>;
/** User additions to the catalog: every list optional. */
export type CatalogExtension = Partial<Omit<z.input<typeof DetectionCatalogSchema>, 'version'>>;
/** One provider host entry. */
export type ProviderHost = z.output<typeof ProviderHostSchema>;
/** One SDK package entry. */
export type SdkPackage = z.output<typeof SdkPackageSchema>;
/** One key format entry. */
export type KeyFormat = z.output<typeof KeyFormatSchema>;
/** One runtime image entry. */
export type RuntimeImage = z.output<typeof RuntimeImageSchema>;
/** One agent framework entry. */
export type AgentFramework = z.output<typeof AgentFrameworkSchema>;
