import { describe, expect, test } from 'vitest';
import { structuredType } from '../../src/repo/configs';
import { manifestType } from '../../src/repo/manifests';

describe('structuredType', () => {
  test.each([
    ['.vscode/mcp.json', 'mcp-config'],
    ['app/.vscode/settings.json', 'mcp-config'],
    ['.cursor/mcp.json', 'mcp-config'],
    ['.mcp.json', 'mcp-config'],
    ['config/claude_desktop_config.json', 'mcp-config'],
    ['.codeium/windsurf/mcp_config.json', 'mcp-config'],
    ['.gemini/settings.json', 'mcp-config'],
    ['.roo/mcp.json', 'mcp-config'],
    ['.codex/config.toml', 'mcp-config'],
    ['tools/mcp.json', 'mcp-config'],
    ['CLAUDE.md', 'assistant'],
    ['pkg/CLAUDE.local.md', 'assistant'],
    ['AGENTS.md', 'assistant'],
    ['GEMINI.md', 'assistant'],
    ['.cursorrules', 'assistant'],
    ['.cursor/rules/style.mdc', 'assistant'],
    ['.cursor/rules/style.md', 'assistant'],
    ['.github/copilot-instructions.md', 'assistant'],
    ['.github/instructions/ts.instructions.md', 'assistant'],
    ['.windsurfrules', 'assistant'],
    ['.windsurf/rules/a.md', 'assistant'],
    ['.clinerules', 'assistant'],
    ['.clinerules/testing', 'assistant'],
    ['.claude/agents/reviewer.md', 'assistant'],
    ['.claude/commands/fix.md', 'assistant'],
    ['analysis.ipynb', 'notebook'],
    ['infra/main.tf', 'terraform'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.gpu', 'dockerfile'],
    ['compose.yaml', 'compose'],
    ['docker-compose.override.yml', 'compose'],
    ['Modelfile', 'modelfile'],
    ['k8s/deploy.yaml', 'yaml'],
  ])('%s is %s', (rel, type) => {
    expect(structuredType(rel)).toBe(type);
  });

  test.each([
    'README.md',
    'docs/AGENTS.md.bak',
    'settings.json',
    '.vscode/launch.json',
    'config.toml',
    'src/rules.ts',
    'myrules',
    '.cursor/rules/nested/deep.txt',
    'src/app.py',
    'package.json',
  ])('%s has no structured reading', (rel) => {
    expect(structuredType(rel)).toBeUndefined();
  });
});

describe('manifestType', () => {
  test.each([
    ['package.json', 'npm'],
    ['web/package-lock.json', 'npm-lock'],
    ['requirements.txt', 'requirements'],
    ['api/requirements-dev.txt', 'requirements'],
    ['REQUIREMENTS.TXT', 'requirements'],
    ['requirements/base.in', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['src/App.csproj', 'csproj'],
    ['lib/Tool.FSPROJ', 'csproj'],
    ['my.gemspec', 'gemspec'],
    ['Cargo.toml', 'cargo'],
    ['Gemfile', 'gemfile'],
  ])('%s is %s', (rel, type) => {
    expect(manifestType(rel)).toBe(type);
  });

  test.each(['constructor', 'src/toString', '__proto__', 'hasOwnProperty', 'notes.txt', 'setup.in.bak', 'x.proj', 'README.md'])('%s is no manifest', (rel) => {
    expect(manifestType(rel)).toBeUndefined();
  });
});
