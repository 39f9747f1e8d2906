import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceSchema } from '../../../test/support/reference-schemas';
import { runCli } from '../src/main';
import { baselineSarifRules, sarifOptionsForRun, toSarif } from '../src/output/sarif';
import { ACME_CONFIG, acmeRun, REPO_ROOT } from './fixtures/results/acme-run';

// The published SARIF schema is draft-04; Ajv 8 reads it once `id` is renamed `$id` (no other
// draft-04-only keyword is used in it).
function sarifValidator() {
  const raw = referenceSchema('sarif-2.1.0.schema.json');
  const { $schema: _s, id, ...rest } = raw;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

type Result = {
  ruleId: string;
  level: string;
  locations: Array<{
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations?: Array<{ fullyQualifiedName: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; status: string; justification: string }>;
  properties: { findingId: string; state: string };
};

describe('SARIF output', () => {
  let log: ReturnType<typeof toSarif>;
  let results: Result[];
  beforeAll(async () => {
    const { result, run } = await acmeRun();
    log = toSarif(result, { ...sarifOptionsForRun(run, REPO_ROOT), automationId: 'aispm/acme/' });
    results = log.runs[0]!.results as unknown as Result[];
  });

  it('is valid against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one rule per rule id with help text, framework tags and security-severity', () => {
    const rules = log.runs[0]!.tool.driver.rules as Array<{
      id: string;
      help: { text: string; markdown: string };
      properties: { tags: string[]; 'security-severity': string };
    }>;
    expect(rules.map((r) => r.id)).toEqual([
      'aispm:agent-write-tool-without-approval',
      'aispm:credential-hardcoded',
      'aispm:mcp-server-unpinned',
      'aispm:provider-unapproved',
    ]);
    const cred = rules[1]!;
    expect(cred.properties['security-severity']).toBe('9.5');
    expect(cred.properties.tags).toEqual(['ai', 'iso-27001-2022', 'iso-27001-2022:A.8.24', 'owasp-llm-2025', 'owasp-llm-2025:LLM02:2025', 'security']);
    expect(cred.help.text).toContain('Framework controls: iso-27001-2022:A.8.24, owasp-llm-2025:LLM02:2025');
    expect(cred.help.markdown).toContain('- `owasp-llm-2025:LLM02:2025`');
  });

  it('maps severity to level and leaves fixed findings out', () => {
    expect(results.map((r) => [r.ruleId, r.level, r.properties.state])).toEqual([
      ['aispm:agent-write-tool-without-approval', 'error', 'open'],
      ['aispm:credential-hardcoded', 'error', 'open'],
      ['aispm:mcp-server-unpinned', 'warning', 'accepted'],
      ['aispm:provider-unapproved', 'note', 'open'],
    ]);
  });

  it('puts file and line from provenance into a repository-relative physical location', () => {
    const cred = results.find((r) => r.ruleId === 'aispm:credential-hardcoded')!;
    expect(cred.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/estates/acme/apps/support-agent/src/agent.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8 },
    });
    expect(cred.locations[0]!.logicalLocations?.map((l) => l.fullyQualifiedName)).toEqual(['credential:openai/support-agent-fallback']);
  });

  it('uses the asset provenance when the evidence has none, and logical locations for every asset of a path', () => {
    const path = results.find((r) => r.ruleId === 'aispm:agent-write-tool-without-approval')!;
    expect(path.locations[0]!.physicalLocation?.artifactLocation.uri).toBe('examples/estates/acme/apps/support-agent/src/agent.ts');
    expect(path.locations[0]!.physicalLocation?.region).toEqual({ startLine: 14, startColumn: 14 });
    expect(path.locations[0]!.logicalLocations?.map((l) => l.fullyQualifiedName)).toEqual([
      'agent:github.com/acme/support-agent/Acme support',
      'mcp-server:npm/@stripe/mcp',
      'tool:stripe/refunds.create',
    ]);
  });

  it('falls back to the configuration file when nothing has a file', () => {
    const p = results.find((r) => r.ruleId === 'aispm:provider-unapproved')!;
    expect(p.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/estates/acme/aispm.config.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    expect(p.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName).toBe('provider:unlisted-ai');
  });

  it('without a fallback, a result with no file keeps only logical locations', async () => {
    const { result } = await acmeRun();
    const only = toSarif(result).runs[0]!.results as unknown as Result[];
    const p = only.find((r) => r.ruleId === 'aispm:provider-unapproved')!;
    expect(p.locations).toEqual([
      {
        logicalLocations: [
          { fullyQualifiedName: 'provider:unlisted-ai', name: 'provider:unlisted-ai', kind: 'resource', properties: { assetKind: 'provider' } },
        ],
      },
    ]);
  });

  it('carries the finding fingerprint and suppresses accepted findings with the exception id', () => {
    const acc = results.find((r) => r.ruleId === 'aispm:mcp-server-unpinned')!;
    expect(acc.partialFingerprints['aispmFindingFingerprint/v1']).toMatch(/^[0-9a-f]{64}$/);
    expect(acc.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Accepted under exception exc-2026-014' }]);
    expect(results.filter((r) => r.suppressions).length).toBe(1);
  });

  it('is deterministic', async () => {
    const a = await acmeRun();
    const b = await acmeRun();
    expect(JSON.stringify(toSarif(a.result))).toBe(JSON.stringify(toSarif(b.result)));
  });

  it('is a format of aispm scan with URIs relative to the working folder', async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => {}, cwd: REPO_ROOT, env: {} };
    const code = await runCli(['scan', '--config', ACME_CONFIG, '--format', 'sarif', '--no-record', '--quiet', '--now', '2026-11-21T08:00:00Z'], io);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].automationDetails).toEqual({ id: 'aispm/acme/' });
    const validate = sarifValidator();
    expect(validate(doc)).toBe(true);
  });
  it('describes baseline rules from the rule pack: description, why it matters and how to fix', async () => {
    const rules = await baselineSarifRules();
    const info = rules['aispm:credential-hardcoded'];
    expect(info?.title).toBeTruthy();
    expect(info?.remediation).toMatch(/\n1\. /);
    const { result } = await acmeRun();
    const log = toSarif(result, { rules });
    const d = (log.runs[0]!.tool.driver.rules as Array<{ id: string; help: { text: string } }>).find((r) => r.id === 'aispm:credential-hardcoded')!;
    expect(d.help.text).toContain(`Why it matters: ${info?.rationale}`);
    expect(d.help.text).toContain('How to fix: ');
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
  });
});

describe('CI guide', () => {
  it('has a GitHub Actions workflow that uploads SARIF and gates with --fail-on', async () => {
    const { parse } = await import('yaml');
    const md = readFileSync(fileURLToPath(new URL('../../../docs/guides/ci.md', import.meta.url)), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    const wf = parse(block) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }> }>;
    };
    const steps = Object.values(wf.jobs)[0]!.steps;
    expect(wf.permissions['security-events']).toBe('write');
    const sarifStep = steps.find((s) => s.run?.includes('--format sarif'));
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(sarifStep?.run).toContain('--out aispm.sarif');
    expect(upload?.with?.sarif_file).toBe('aispm.sarif');
    expect(steps.some((s) => /--fail-on high/.test(s.run ?? ''))).toBe(true);
    expect(steps.some((s) => /--format markdown >> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? ''))).toBe(true);
  });
});
