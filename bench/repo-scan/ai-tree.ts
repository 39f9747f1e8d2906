// Lays out a large tree of real AI source code for bench/repo-scan: the published packages of 21
// AI SDKs and frameworks (and the AI packages they pull in), installed from the npm registry into a
// temporary folder and copied as `packages/<name>` folders (their own `node_modules` left out), so
// that the scanners see them as one monorepo of AI code rather than as installed dependencies.
//
//   npx tsx --tsconfig tsconfig.scripts.json bench/repo-scan/ai-tree.ts <destination folder>
//
// Nothing of it is committed. Versions are pinned; the AI packages they pull in are whatever npm
// resolves for these versions (the script prints the list it copied).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PINNED = [
  'openai@7.57.0',
  '@anthropic-ai/sdk@1.12.0',
  '@google/generative-ai@0.24.1',
  '@google/genai@2.32.0',
  'langchain@1.5.14',
  '@langchain/core@1.4.0',
  '@langchain/openai@1.6.0',
  '@langchain/anthropic@1.5.11',
  '@langchain/community@1.1.29',
  '@langchain/langgraph@1.7.3',
  'llamaindex@0.12.1',
  'ai@6.0.326',
  '@ai-sdk/openai@3.0.141',
  '@modelcontextprotocol/sdk@1.32.2',
  'chromadb@3.5.0',
  '@pinecone-database/pinecone@8.2.0',
  '@qdrant/js-client-rest@1.18.0',
  'weaviate-client@3.12.1',
  '@mastra/core@0.24.9',
  '@huggingface/inference@4.13.30',
  '@huggingface/transformers@4.3.1',
  'cohere-ai@8.1.0',
  '@mistralai/mistralai@2.7.0',
  'groq-sdk@1.6.0',
  'replicate@1.4.0',
  'ollama@0.6.4',
];
/** What is copied out of node_modules: whole scopes and single packages. */
const COPY = [
  'openai',
  '@anthropic-ai',
  '@langchain',
  '@ai-sdk',
  '@mistralai',
  '@huggingface',
  '@mastra',
  'cohere-ai',
  '@google',
  'langchain',
  'llamaindex',
  '@llamaindex',
  '@modelcontextprotocol',
  'chromadb',
  '@pinecone-database',
  '@qdrant',
  'weaviate-client',
  'groq-sdk',
  'replicate',
  'ollama',
  'ai',
  'js-tiktoken',
];

const dest = process.argv[2];
if (!dest) {
  console.error('usage: ai-tree.ts <destination folder>');
  process.exit(2);
}
const out = resolve(dest);
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`${out} exists and is not empty`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'aispm-ai-tree-'));
try {
  execFileSync('npm', ['init', '-y'], { cwd: work, stdio: 'ignore' });
  execFileSync('npm', ['install', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', ...PINNED], { cwd: work, stdio: 'inherit' });
  const nm = join(work, 'node_modules');
  mkdirSync(join(out, 'packages'), { recursive: true });
  for (const name of COPY) {
    if (!existsSync(join(nm, name))) continue;
    cpSync(join(nm, name), join(out, 'packages', name), { recursive: true, filter: (p) => !p.slice(nm.length).includes('/node_modules') });
  }
  let files = 0;
  let bytes = 0;
  const copied: string[] = [];
  const count = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) count(p);
      else if (e.isFile()) {
        files++;
        bytes += statSync(p).size;
        if (e.name === 'package.json' && /packages\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(p)) {
          const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
          if (pkg.name) copied.push(`${pkg.name}@${pkg.version}`);
        }
      }
    }
  };
  count(out);
  console.log(`${out}: ${files} files, ${(bytes / 1048576).toFixed(0)} MiB`);
  console.log(copied.sort().join(' '));
} finally {
  rmSync(work, { recursive: true, force: true });
}
