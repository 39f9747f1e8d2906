import { createIdentityResolver, defaultIdentity as ids } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('provider aliases', () => {
  it.each([
    ['Azure OpenAI', 'azure-openai'],
    ['azure_openai', 'azure-openai'],
    ['AzureOpenAI', 'azure-openai'],
    ['AZURE-OPENAI', 'azure-openai'],
    ['Azure OpenAI Service', 'azure-openai'],
    ['OpenAI', 'openai'],
    ['open_ai', 'openai'],
    ['Amazon Bedrock', 'aws-bedrock'],
    ['bedrock-runtime', 'aws-bedrock'],
    ['Vertex AI', 'google-vertex-ai'],
    ['vertex_ai', 'google-vertex-ai'],
    ['Google GenAI', 'google'],
    ['Hugging Face', 'huggingface'],
    ['HuggingFace', 'huggingface'],
    ['Mistral AI', 'mistral'],
    ['mistralai', 'mistral'],
    ['Together.ai', 'together'],
    ['Weights & Biases', 'weights-and-biases'],
    ['wandb', 'weights-and-biases'],
    ['Some New Vendor', 'some-new-vendor'],
  ])('%s → %s', (raw, key) => {
    expect(ids.normalizeProvider(raw)).toBe(key);
    expect(ids.assetId('provider', raw)).toBe(`provider:${key}`);
  });

  it('lets users add aliases that win over built-ins', () => {
    const custom = createIdentityResolver({ providers: [{ key: 'acme-llm', name: 'Acme LLM', aliases: ['acme ai', 'openai proxy'] }] });
    expect(custom.normalizeProvider('Acme AI')).toBe('acme-llm');
    expect(custom.normalizeProvider('OpenAI-Proxy')).toBe('acme-llm');
    expect(custom.normalizeProvider('OpenAI')).toBe('openai');
  });
});

describe('model identifiers', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'openai/gpt-4o', 'openai', '2024-08-06'],
    ['gpt-4o', 'openai/gpt-4o', 'openai', undefined],
    ['GPT-4o', 'openai/gpt-4o', 'openai', undefined],
    ['gpt-4o-mini-2024-07-18', 'openai/gpt-4o-mini', 'openai', '2024-07-18'],
    ['gpt-4-0613', 'openai/gpt-4', 'openai', '0613'],
    ['gpt-3.5-turbo-0125', 'openai/gpt-3.5-turbo', 'openai', '0125'],
    ['text-embedding-3-small', 'openai/text-embedding-3-small', 'openai', undefined],
    ['text-embedding-ada-002', 'openai/text-embedding-ada-002', 'openai', undefined],
    ['o3-mini', 'openai/o3-mini', 'openai', undefined],
    ['claude-3-5-sonnet-20241022', 'anthropic/claude-3-5-sonnet', 'anthropic', '20241022'],
    ['claude-3-5-sonnet-latest', 'anthropic/claude-3-5-sonnet', 'anthropic', 'latest'],
    ['claude-3-5-sonnet@20240620', 'anthropic/claude-3-5-sonnet', 'anthropic', '20240620'],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic/claude-3-5-sonnet', 'anthropic', '20241022-v2:0'],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic/claude-3-7-sonnet', 'anthropic', '20250219-v1:0'],
    ['meta.llama3-1-70b-instruct-v1:0', 'meta/llama3-1-70b-instruct', 'meta', 'v1:0'],
    ['models/gemini-1.5-pro-002', 'google/gemini-1.5-pro', 'google', '002'],
    ['gemini-1.5-pro-002', 'google/gemini-1.5-pro', 'google', '002'],
    ['gemini-2.0-flash', 'google/gemini-2.0-flash', 'google', undefined],
    ['vertex_ai/gemini-1.5-pro', 'google/gemini-1.5-pro', 'google', undefined],
    ['meta-llama/Llama-3.1-8B-Instruct', 'meta/llama-3.1-8b-instruct', 'meta', undefined],
    ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral/mistral-7b-instruct-v0.3', 'mistral', undefined],
    ['mistral-large-2407', 'mistral/mistral-large-2407', 'mistral', undefined],
    ['command-r-plus', 'cohere/command-r-plus', 'cohere', undefined],
    ['grok-2-1212', 'xai/grok-2-1212', 'xai', undefined],
    ['deepseek-ai/DeepSeek-R1', 'deepseek/deepseek-r1', 'deepseek', undefined],
    ['Qwen/Qwen2.5-72B-Instruct', 'alibaba/qwen2.5-72b-instruct', 'alibaba', undefined],
    ['sentence-transformers/all-MiniLM-L6-v2', 'huggingface/sentence-transformers/all-minilm-l6-v2', 'huggingface', undefined],
    ['llama3.1:8b', 'meta/llama3.1:8b', 'meta', undefined],
    ['groq/llama3-70b-8192', 'meta/llama3-70b-8192', 'meta', undefined],
    ['mlflow/prod-registry/churn-classifier', 'mlflow/prod-registry/churn-classifier', 'mlflow', undefined],
  ])('%s → %s', (raw, key, provider, version) => {
    const m = ids.parseModelId(raw);
    expect(m.key).toBe(key);
    expect(m.provider).toBe(provider);
    expect(m.version).toBe(version);
    expect(ids.assetId('model', raw)).toBe(`model:${key}`);
  });

  it('keeps the Hugging Face repository of org/name ids', () => {
    expect(ids.parseModelId('meta-llama/Llama-3.1-8B-Instruct').huggingfaceRepo).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(ids.parseModelId('openai/gpt-4o').huggingfaceRepo).toBeUndefined();
  });

  it('records the provider a model was routed through', () => {
    expect(ids.parseModelId('anthropic.claude-3-haiku-20240307-v1:0').via).toBe('aws-bedrock');
    expect(ids.parseModelId('groq/llama3-70b-8192').via).toBe('groq');
  });
});

describe('packages as purls', () => {
  it.each([
    ['npm', 'openai', '4.52.0', 'npm/openai', 'pkg:npm/openai@4.52.0'],
    ['npm', '@anthropic-ai/sdk', undefined, 'npm/@anthropic-ai/sdk', 'pkg:npm/%40anthropic-ai/sdk'],
    ['npm', '@LangChain/OpenAI', undefined, 'npm/@langchain/openai', 'pkg:npm/%40langchain/openai'],
    ['pypi', 'LangChain_OpenAI', '0.1.0', 'pypi/langchain-openai', 'pkg:pypi/langchain-openai@0.1.0'],
    ['pypi', 'sentence.transformers', undefined, 'pypi/sentence-transformers', 'pkg:pypi/sentence-transformers'],
    ['pypi', 'Pinecone-Client', undefined, 'pypi/pinecone-client', 'pkg:pypi/pinecone-client'],
    [
      'maven',
      'dev.langchain4j:langchain4j-open-ai',
      '0.35.0',
      'maven/dev.langchain4j/langchain4j-open-ai',
      'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0',
    ],
    [
      'golang',
      'github.com/sashabaranov/go-openai',
      'v1.20.0',
      'golang/github.com/sashabaranov/go-openai',
      'pkg:golang/github.com/sashabaranov/go-openai@v1.20.0',
    ],
    ['nuget', 'Azure.AI.OpenAI', '2.0.0', 'nuget/azure.ai.openai', 'pkg:nuget/azure.ai.openai@2.0.0'],
    ['cargo', 'async_openai', undefined, 'cargo/async-openai', 'pkg:cargo/async-openai'],
    ['gem', 'ruby-openai', '7.0.0', 'gem/ruby-openai', 'pkg:gem/ruby-openai@7.0.0'],
  ] as const)('%s %s', (eco, name, version, key, purl) => {
    const p = ids.packageIdentity(eco, name, version);
    expect(p.key).toBe(key);
    expect(p.purl).toBe(purl);
    expect(ids.assetId('library', key)).toBe(`library:${key}`);
  });
});

describe('MCP servers', () => {
  it.each([
    [{ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] }, 'npm/@modelcontextprotocol/server-github', undefined],
    [
      { command: 'npx', args: ['--yes', '@modelcontextprotocol/server-filesystem@2025.1.14', '/data'] },
      'npm/@modelcontextprotocol/server-filesystem',
      '2025.1.14',
    ],
    [
      { command: 'C:\\Program Files\\nodejs\\npx.cmd', args: ['-y', '@modelcontextprotocol/server-github'] },
      'npm/@modelcontextprotocol/server-github',
      undefined,
    ],
    [{ command: 'uvx', args: ['mcp-server-git', '--repository', '.'] }, 'pypi/mcp-server-git', undefined],
    [
      { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_TOKEN', 'ghcr.io/github/github-mcp-server'] },
      'oci/ghcr.io/github/github-mcp-server',
      undefined,
    ],
    [{ url: 'https://mcp.example.com:443/sse/' }, 'url/mcp.example.com/sse', undefined],
    [{ package: 'Mcp_Server_Fetch', registry: 'pypi' }, 'pypi/mcp-server-fetch', undefined],
    [{ command: 'node', args: ['./build/index.js'] }, 'cmd/node ./build/index.js', undefined],
  ] as const)('%j', (spec, key, version) => {
    const m = ids.mcpServerIdentity(spec);
    expect(m.key).toBe(key);
    expect(m.version).toBe(version);
    expect(ids.normalizeKey('mcp-server', key)).toBe(key);
  });
});

describe('repositories', () => {
  it.each([
    'git@github.com:Acme/Support-Bot.git',
    'https://github.com/acme/support-bot',
    'https://github.com/acme/support-bot.git',
    'https://www.github.com/Acme/support-bot/',
    'ssh://git@github.com/acme/support-bot.git',
    'git+https://github.com/Acme/support-bot.git',
    'git://github.com/acme/support-bot',
    'github.com/acme/support-bot',
    'https://user:token@github.com/acme/support-bot.git',
  ])('%s is one application', (url) => {
    expect(ids.normalizeRepository(url)).toBe('github.com/acme/support-bot');
    expect(ids.assetId('application', url)).toBe('application:git/github.com/acme/support-bot');
  });

  it('keeps case on hosts whose paths are case-sensitive', () => {
    expect(ids.normalizeRepository('https://git.acme.internal/Team/Bot.git')).toBe('git.acme.internal/Team/Bot');
  });

  it('folds Azure DevOps spellings', () => {
    expect(ids.normalizeRepository('git@ssh.dev.azure.com:v3/Acme/Proj/Bot')).toBe('dev.azure.com/acme/proj/bot');
    expect(ids.normalizeRepository('https://dev.azure.com/acme/proj/_git/bot')).toBe('dev.azure.com/acme/proj/bot');
  });
});

describe('normalisation is idempotent', () => {
  const kinds = ['provider', 'model', 'library', 'mcp-server', 'application', 'agent', 'dataset'] as const;
  const samples = [
    'gpt-4o-2024-08-06',
    'meta-llama/Llama-3.1-8B-Instruct',
    'Azure OpenAI',
    'npm/@modelcontextprotocol/server-github',
    'pypi/LangChain_OpenAI',
    'git@github.com:Acme/Bot.git',
    'claude-3-5-sonnet@20240620',
    'sentence-transformers/all-MiniLM-L6-v2',
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
  ];
  it('for real-world spellings', () => {
    for (const kind of kinds) {
      for (const s of samples) {
        let once: string;
        try {
          once = ids.normalizeKey(kind, s);
        } catch {
          continue;
        }
        expect(ids.normalizeKey(kind, once)).toBe(once);
      }
    }
  });
  it('for arbitrary strings (property)', () => {
    const text = fc.stringMatching(/^[A-Za-z0-9@:._/ -]{1,40}$/).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...kinds), text, (kind, s) => {
        let once: string;
        try {
          once = ids.normalizeKey(kind, s);
        } catch {
          return true;
        }
        expect(ids.normalizeKey(kind, once)).toBe(once);
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseModelId memoisation', () => {
  it('a repeated id gives an equal, separate result; changing one result does not change the next', () => {
    const r = createIdentityResolver();
    const first = r.parseModelId('us.anthropic.claude-3-5-sonnet-20241022-v2:0');
    (first as { version?: string }).version = 'tampered';
    const second = r.parseModelId('us.anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(second).not.toBe(first);
    expect(second.version).not.toBe('tampered');
    expect(second).toEqual(createIdentityResolver().parseModelId('us.anthropic.claude-3-5-sonnet-20241022-v2:0'));
  });

  it('a provider hint is not served from results parsed without it', () => {
    const r = createIdentityResolver();
    const plain = r.parseModelId('my-model');
    const hinted = r.parseModelId('my-model', { provider: 'OpenAI' });
    expect(hinted).toEqual(createIdentityResolver().parseModelId('my-model', { provider: 'OpenAI' }));
    expect(r.parseModelId('my-model')).toEqual(plain);
  });
});
