/**
 * Data tables that drive identity normalisation. They are plain data: extend them through
 * {@link IdentityTables} in `createIdentityResolver()` rather than editing code.
 */

/** A provider's canonical key with the spellings that mean it. */
export interface ProviderAlias {
  /** Canonical provider key used in `provider:<key>` ids. */
  key: string;
  /** Display name. */
  name: string;
  /** Other spellings; compared after lower-casing and removing everything but letters and digits. */
  aliases: string[];
}

/** A rule mapping model identifiers to a provider and family. */
export interface ModelFamily {
  /** Provider key of the model's maker. */
  provider: string;
  /** Family name, e.g. `gpt-4o`, `claude-3-5-sonnet`. */
  family: string;
  /** Regular expression (source) that a normalised model name must match, anchored at the start. */
  pattern: string;
}

/** The tables identity normalisation uses. */
export interface IdentityTables {
  /** Provider spellings. */
  providers: ProviderAlias[];
  /** Model families, tried in order; the first match wins. */
  modelFamilies: ModelFamily[];
  /** Hugging Face organisations mapped to provider keys (e.g. `meta-llama` → `meta`). */
  huggingFaceOrgs: Record<string, string>;
  /** Hosts of git forges whose paths are case-insensitive. */
  caseInsensitiveGitHosts: string[];
}

/** The built-in provider table. Version: 2026.11. */
export const DEFAULT_PROVIDERS: ProviderAlias[] = [
  { key: 'openai', name: 'OpenAI', aliases: ['openai', 'open ai', 'openai api', 'chatgpt'] },
  {
    key: 'azure-openai',
    name: 'Azure OpenAI',
    aliases: ['azure openai', 'azure_openai', 'azureopenai', 'azure-openai', 'azure openai service', 'aoai', 'azure ai openai'],
  },
  { key: 'anthropic', name: 'Anthropic', aliases: ['anthropic', 'claude', 'anthropic api'] },
  {
    key: 'google',
    name: 'Google AI (Gemini API)',
    aliases: ['google', 'google ai', 'gemini', 'google genai', 'google-genai', 'google ai studio', 'generativelanguage'],
  },
  { key: 'google-vertex-ai', name: 'Google Vertex AI', aliases: ['vertex', 'vertex ai', 'vertexai', 'google vertex ai', 'gcp vertex ai'] },
  { key: 'aws-bedrock', name: 'Amazon Bedrock', aliases: ['bedrock', 'aws bedrock', 'amazon bedrock', 'bedrock runtime', 'bedrock-runtime'] },
  { key: 'aws-sagemaker', name: 'Amazon SageMaker', aliases: ['sagemaker', 'aws sagemaker', 'amazon sagemaker'] },
  { key: 'azure-ml', name: 'Azure Machine Learning', aliases: ['azure ml', 'azureml', 'azure machine learning'] },
  { key: 'azure-ai-foundry', name: 'Azure AI Foundry', aliases: ['azure ai foundry', 'azure ai studio', 'azure ai inference'] },
  { key: 'mistral', name: 'Mistral AI', aliases: ['mistral', 'mistral ai', 'mistralai'] },
  { key: 'cohere', name: 'Cohere', aliases: ['cohere', 'cohere ai'] },
  { key: 'huggingface', name: 'Hugging Face', aliases: ['huggingface', 'hugging face', 'hf', 'hugging face hub', 'hf inference'] },
  { key: 'groq', name: 'Groq', aliases: ['groq'] },
  { key: 'xai', name: 'xAI', aliases: ['xai', 'x ai', 'grok'] },
  { key: 'replicate', name: 'Replicate', aliases: ['replicate'] },
  { key: 'openrouter', name: 'OpenRouter', aliases: ['openrouter', 'open router'] },
  { key: 'perplexity', name: 'Perplexity', aliases: ['perplexity', 'perplexity ai', 'pplx'] },
  { key: 'together', name: 'Together AI', aliases: ['together', 'together ai', 'togetherai', 'together.ai'] },
  { key: 'fireworks', name: 'Fireworks AI', aliases: ['fireworks', 'fireworks ai', 'fireworksai'] },
  { key: 'deepseek', name: 'DeepSeek', aliases: ['deepseek', 'deep seek'] },
  { key: 'meta', name: 'Meta', aliases: ['meta', 'meta ai', 'meta llama', 'facebook'] },
  { key: 'microsoft', name: 'Microsoft', aliases: ['microsoft'] },
  { key: 'amazon', name: 'Amazon', aliases: ['amazon', 'aws'] },
  { key: 'alibaba', name: 'Alibaba Cloud (Qwen)', aliases: ['alibaba', 'qwen', 'dashscope', 'alibaba cloud'] },
  { key: 'ai21', name: 'AI21 Labs', aliases: ['ai21', 'ai21 labs'] },
  { key: 'voyage', name: 'Voyage AI', aliases: ['voyage', 'voyage ai', 'voyageai'] },
  { key: 'ollama', name: 'Ollama', aliases: ['ollama'] },
  { key: 'databricks', name: 'Databricks', aliases: ['databricks', 'databricks model serving', 'mosaic ai'] },
  { key: 'langsmith', name: 'LangSmith', aliases: ['langsmith', 'langchain smith'] },
  { key: 'langfuse', name: 'Langfuse', aliases: ['langfuse'] },
  { key: 'pinecone', name: 'Pinecone', aliases: ['pinecone', 'pinecone io'] },
  { key: 'weights-and-biases', name: 'Weights & Biases', aliases: ['wandb', 'weights and biases', 'weights & biases', 'w&b'] },
  { key: 'stability', name: 'Stability AI', aliases: ['stability', 'stability ai', 'stabilityai'] },
  { key: 'elevenlabs', name: 'ElevenLabs', aliases: ['elevenlabs', 'eleven labs'] },
  { key: 'nvidia', name: 'NVIDIA', aliases: ['nvidia', 'nvidia nim', 'nim'] },
  { key: 'ibm-watsonx', name: 'IBM watsonx', aliases: ['watsonx', 'ibm watsonx', 'watson'] },
];

/** The built-in model family table, most specific first. Version: 2026.11. */
export const DEFAULT_MODEL_FAMILIES: ModelFamily[] = [
  { provider: 'openai', family: 'gpt-4o-mini', pattern: 'gpt-4o-mini' },
  { provider: 'openai', family: 'gpt-4o', pattern: 'gpt-4o' },
  { provider: 'openai', family: 'gpt-4.1', pattern: 'gpt-4\\.1' },
  { provider: 'openai', family: 'gpt-4', pattern: 'gpt-4' },
  { provider: 'openai', family: 'gpt-5', pattern: 'gpt-5' },
  { provider: 'openai', family: 'gpt-oss', pattern: 'gpt-oss' },
  { provider: 'openai', family: 'gpt-3.5', pattern: 'gpt-3\\.5' },
  { provider: 'openai', family: 'o-series', pattern: 'o[1-9](-|$)' },
  { provider: 'openai', family: 'chatgpt', pattern: 'chatgpt-' },
  { provider: 'openai', family: 'text-embedding', pattern: 'text-embedding-(3|ada)' },
  { provider: 'openai', family: 'dall-e', pattern: 'dall-e' },
  { provider: 'openai', family: 'gpt-image', pattern: 'gpt-image' },
  { provider: 'openai', family: 'whisper', pattern: 'whisper' },
  { provider: 'openai', family: 'tts', pattern: 'tts-1' },
  { provider: 'openai', family: 'omni-moderation', pattern: '(omni-|text-)moderation' },
  { provider: 'anthropic', family: 'claude', pattern: 'claude' },
  { provider: 'google', family: 'gemini', pattern: 'gemini' },
  { provider: 'google', family: 'gemma', pattern: 'gemma' },
  { provider: 'google', family: 'palm', pattern: '(text|chat)-bison' },
  { provider: 'google', family: 'text-embedding', pattern: '(text-embedding-00|text-multilingual-embedding|gemini-embedding|embedding-00)' },
  { provider: 'mistral', family: 'mistral', pattern: '(mistral|mixtral|codestral|pixtral|ministral|magistral|devstral|open-mistral|open-mixtral)' },
  { provider: 'cohere', family: 'command', pattern: 'command' },
  { provider: 'cohere', family: 'embed', pattern: 'embed-(english|multilingual|v)' },
  { provider: 'cohere', family: 'rerank', pattern: 'rerank' },
  { provider: 'meta', family: 'llama', pattern: '(meta-)?llama' },
  { provider: 'xai', family: 'grok', pattern: 'grok' },
  { provider: 'deepseek', family: 'deepseek', pattern: 'deepseek' },
  { provider: 'alibaba', family: 'qwen', pattern: '(qwen|qwq)' },
  { provider: 'microsoft', family: 'phi', pattern: 'phi-' },
  { provider: 'amazon', family: 'titan', pattern: '(amazon\\.)?titan' },
  { provider: 'amazon', family: 'nova', pattern: '(amazon\\.)?nova-' },
  { provider: 'ai21', family: 'jamba', pattern: 'jamba' },
  { provider: 'voyage', family: 'voyage', pattern: 'voyage-' },
  { provider: 'stability', family: 'stable-diffusion', pattern: '(stable-diffusion|sdxl|sd3)' },
];

/** Hugging Face organisations whose models belong to a known provider. */
export const DEFAULT_HF_ORGS: Record<string, string> = {
  'meta-llama': 'meta',
  facebook: 'meta',
  mistralai: 'mistral',
  google: 'google',
  microsoft: 'microsoft',
  qwen: 'alibaba',
  'deepseek-ai': 'deepseek',
  openai: 'openai',
  cohereforai: 'cohere',
  coherelabs: 'cohere',
  stabilityai: 'stability',
  nvidia: 'nvidia',
  'ibm-granite': 'ibm-watsonx',
  ai21labs: 'ai21',
  'xai-org': 'xai',
};

/** The built-in tables. */
export const DEFAULT_IDENTITY_TABLES: IdentityTables = {
  providers: DEFAULT_PROVIDERS,
  modelFamilies: DEFAULT_MODEL_FAMILIES,
  huggingFaceOrgs: DEFAULT_HF_ORGS,
  caseInsensitiveGitHosts: ['github.com', 'gitlab.com', 'bitbucket.org', 'dev.azure.com', 'ssh.dev.azure.com'],
};
