import type { z } from 'zod';
import type { AgentFrameworkSchema, ModelFormatSchema, RuntimeImageSchema, VectorStoreSchema } from './schema';

/** Agent frameworks and the calls that declare agents and tools. */
export const AGENT_FRAMEWORKS: z.input<typeof AgentFrameworkSchema>[] = [
  { id: 'langgraph', name: 'LangGraph', constructors: ['create_react_agent', 'createReactAgent', 'create_supervisor'], toolDecorators: ['@tool', 'tool('] },
  {
    id: 'langchain',
    name: 'LangChain',
    constructors: ['create_tool_calling_agent', 'create_openai_functions_agent', 'AgentExecutor', 'createToolCallingAgent', 'create_agent'],
    toolDecorators: ['@tool', 'tool('],
  },
  { id: 'crewai', name: 'CrewAI', constructors: ['Agent'], toolDecorators: ['@tool'] },
  { id: 'autogen', name: 'AutoGen', constructors: ['AssistantAgent', 'UserProxyAgent', 'ConversableAgent'], toolDecorators: [] },
  { id: 'openai-agents', name: 'OpenAI Agents SDK', constructors: ['Agent'], toolDecorators: ['@function_tool', 'tool('] },
  {
    id: 'semantic-kernel',
    name: 'Semantic Kernel',
    constructors: ['ChatCompletionAgent', 'AzureAIAgent', 'OpenAIAssistantAgent'],
    toolDecorators: ['@kernel_function', '[KernelFunction'],
  },
  { id: 'pydantic-ai', name: 'PydanticAI', constructors: ['Agent'], toolDecorators: ['.tool', '.tool_plain'] },
  { id: 'mastra', name: 'Mastra', constructors: ['Agent'], toolDecorators: ['createTool('] },
  {
    id: 'llamaindex',
    name: 'LlamaIndex agents',
    constructors: ['ReActAgent', 'FunctionAgent', 'AgentWorkflow', 'FunctionCallingAgent'],
    toolDecorators: ['FunctionTool.from_defaults'],
  },
  { id: 'smolagents', name: 'smolagents', constructors: ['CodeAgent', 'ToolCallingAgent'], toolDecorators: ['@tool'] },
  { id: 'claude-agent-sdk', name: 'Claude Agent SDK', constructors: ['ClaudeSDKClient', 'ClaudeAgentOptions'], toolDecorators: ['@tool'] },
  { id: 'langchain4j', name: 'LangChain4j', constructors: ['AiServices'], toolDecorators: ['@Tool'] },
];

/** Vector store products. */
export const VECTOR_STORES: z.input<typeof VectorStoreSchema>[] = [
  { product: 'pinecone', name: 'Pinecone', hosting: 'managed', hosts: ['.pinecone.io'] },
  { product: 'qdrant', name: 'Qdrant', hosting: 'self-hosted', hosts: ['.cloud.qdrant.io'] },
  { product: 'weaviate', name: 'Weaviate', hosting: 'self-hosted', hosts: ['.weaviate.network', '.weaviate.cloud'] },
  { product: 'chroma', name: 'Chroma', hosting: 'embedded' },
  { product: 'milvus', name: 'Milvus', hosting: 'self-hosted' },
  { product: 'faiss', name: 'FAISS', hosting: 'embedded' },
  { product: 'lancedb', name: 'LanceDB', hosting: 'embedded' },
  { product: 'pgvector', name: 'pgvector', hosting: 'self-hosted' },
  { product: 'upstash-vector', name: 'Upstash Vector', hosting: 'managed' },
  { product: 'redis-vector', name: 'Redis Stack vector search', hosting: 'self-hosted' },
  { product: 'elasticsearch', name: 'Elasticsearch vector search', hosting: 'self-hosted' },
  { product: 'opensearch', name: 'OpenSearch vector search', hosting: 'self-hosted' },
];

/** Container images of AI runtimes, vector databases and gateways. */
export const RUNTIME_IMAGES: z.input<typeof RuntimeImageSchema>[] = [
  { image: 'ollama/ollama', kind: 'model-endpoint', product: 'ollama' },
  { image: 'vllm/vllm-openai', kind: 'model-endpoint', product: 'vllm' },
  { image: 'ghcr.io/huggingface/text-generation-inference', kind: 'model-endpoint', product: 'tgi' },
  { image: 'ghcr.io/huggingface/text-embeddings-inference', kind: 'model-endpoint', product: 'tei' },
  { image: 'localai/localai', kind: 'model-endpoint', product: 'localai' },
  { image: 'ghcr.io/ggml-org/llama.cpp', kind: 'model-endpoint', product: 'llama.cpp' },
  { image: 'ghcr.io/ggerganov/llama.cpp', kind: 'model-endpoint', product: 'llama.cpp' },
  { image: 'nvcr.io/nim', kind: 'model-endpoint', product: 'nvidia-nim' },
  { image: 'nvcr.io/nvidia/tritonserver', kind: 'model-endpoint', product: 'triton' },
  { image: 'pytorch/torchserve', kind: 'model-endpoint', product: 'torchserve' },
  { image: 'tensorflow/serving', kind: 'model-endpoint', product: 'tf-serving' },
  { image: 'ghcr.io/open-webui/open-webui', kind: 'model-endpoint', product: 'open-webui' },
  { image: 'qdrant/qdrant', kind: 'vector-store', product: 'qdrant' },
  { image: 'chromadb/chroma', kind: 'vector-store', product: 'chroma' },
  { image: 'semitechnologies/weaviate', kind: 'vector-store', product: 'weaviate' },
  { image: 'cr.weaviate.io/semitechnologies/weaviate', kind: 'vector-store', product: 'weaviate' },
  { image: 'milvusdb/milvus', kind: 'vector-store', product: 'milvus' },
  { image: 'pgvector/pgvector', kind: 'vector-store', product: 'pgvector' },
  { image: 'ankane/pgvector', kind: 'vector-store', product: 'pgvector' },
  { image: 'redis/redis-stack', kind: 'vector-store', product: 'redis-vector' },
  { image: 'redis/redis-stack-server', kind: 'vector-store', product: 'redis-vector' },
  { image: 'ghcr.io/berriai/litellm', kind: 'gateway', product: 'litellm' },
  { image: 'ghcr.io/berriai/litellm-database', kind: 'gateway', product: 'litellm' },
  { image: 'portkeyai/gateway', kind: 'gateway', product: 'portkey' },
];

/** Model and dataset file formats. */
export const MODEL_FORMATS: z.input<typeof ModelFormatSchema>[] = [
  { extension: '.gguf', format: 'gguf', kind: 'model' },
  { extension: '.ggml', format: 'ggml', kind: 'model' },
  { extension: '.safetensors', format: 'safetensors', kind: 'model' },
  { extension: '.onnx', format: 'onnx', kind: 'model' },
  { extension: '.pt', format: 'pytorch', kind: 'model', pickle: true },
  { extension: '.pth', format: 'pytorch', kind: 'model', pickle: true },
  { extension: '.ckpt', format: 'checkpoint', kind: 'model', pickle: true },
  { extension: '.bin', format: 'pytorch-bin', kind: 'model', pickle: true },
  { extension: '.pkl', format: 'pickle', kind: 'model', pickle: true },
  { extension: '.pickle', format: 'pickle', kind: 'model', pickle: true },
  { extension: '.joblib', format: 'joblib', kind: 'model', pickle: true },
  { extension: '.h5', format: 'keras-h5', kind: 'model' },
  { extension: '.keras', format: 'keras', kind: 'model' },
  { extension: '.tflite', format: 'tflite', kind: 'model' },
  { extension: '.mlmodel', format: 'coreml', kind: 'model' },
  { extension: '.parquet', format: 'parquet', kind: 'dataset' },
  { extension: '.arrow', format: 'arrow', kind: 'dataset' },
];
