import { z } from 'zod';
import type { ConnectorManifest } from './manifest';

/** One documented config field. */
export interface ConfigField {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
  secret: boolean;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  format?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  const t = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  if (t === 'array' && s.items) return `${typeOf(s.items)}[]`;
  return s.format ? `${t} (${s.format})` : t;
}

/**
 * The documented fields of a connector's config, read from its schema when the schema can
 * produce JSON Schema (zod can); `undefined` otherwise.
 *
 * @example
 * ```ts
 * configFields(mlflowConnector.manifest)?.map((f) => f.name); // ['trackingUri', 'token', ...]
 * ```
 */
export function configFields(manifest: ConnectorManifest): ConfigField[] | undefined {
  let schema: JsonSchema;
  try {
    if (manifest.config['~standard'].vendor !== 'zod') return undefined;
    schema = z.toJSONSchema(manifest.config as unknown as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return undefined;
  }
  const required = new Set(schema.required ?? []);
  const secrets = new Set(manifest.secrets);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    type: typeOf(s),
    required: required.has(name) && s.default === undefined,
    ...(s.default !== undefined ? { default: s.default } : {}),
    ...(s.description ? { description: s.description } : {}),
    secret: secrets.has(`/${name}`),
  }));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Renders the reference page of a connector from its manifest (Markdown). The docs generator
 * and the scaffolder both use it, so pages always match manifests.
 *
 * @example
 * ```ts
 * writeFileSync('docs/reference/connectors/mlflow.md', renderConnectorReference(mlflowConnector.manifest));
 * ```
 */
export function renderConnectorReference(manifest: ConnectorManifest): string {
  const m = manifest;
  const lines: string[] = [
    `# ${m.title} (\`${m.id}\`)`,
    '',
    '<!-- Generated from the connector manifest by scripts/gen-connector-docs.ts. Do not edit by hand. -->',
    '',
    m.description,
    '',
    '| | |',
    '|---|---|',
    `| id | \`${m.id}\` |`,
    `| version | ${m.version} |`,
    `| stability | ${m.stability} |`,
    `| owners | ${m.owners.map(cell).join(', ')} |`,
    `| incremental | ${m.incremental ? 'yes: resumes from the state saved by the last run' : 'no: every run reads everything'} |`,
    `| emits asset kinds | ${m.emits.kinds.map((k) => `\`${k}\``).join(', ')} |`,
    `| emits relationships | ${m.emits.relationships.length > 0 ? m.emits.relationships.map((k) => `\`${k}\``).join(', ') : 'none'} |`,
    ...(m.homepage ? [`| upstream API | ${m.homepage} |`] : []),
    '',
    '## Configuration',
    '',
  ];
  const fields = configFields(m);
  if (fields) {
    lines.push('| field | type | required | default | secret | description |', '|---|---|---|---|---|---|');
    for (const f of fields) {
      lines.push(
        `| \`${f.name}\` | ${f.type} | ${f.required ? 'yes' : 'no'} | ${f.default !== undefined ? `\`${cell(JSON.stringify(f.default))}\`` : ''} | ${f.secret ? 'yes' : ''} | ${cell(f.description ?? '')} |`,
      );
    }
  } else {
    lines.push(`The configuration schema (${m.config['~standard'].vendor}) cannot be rendered as a table; see the connector's source.`);
  }
  if (m.secrets.length > 0) {
    lines.push(
      '',
      `Secret fields (${m.secrets.map((s) => `\`${s}\``).join(', ')}) are redacted by the runtime in every log, error and recording. Keep them out of config files: the CLI expands \`\${NAME}\` from the environment.`,
    );
  }
  if (m.configExample) {
    lines.push('', 'Example source entry of `aispm.config.yaml`:', '', '```yaml', 'sources:', `  - type: ${m.id}`, '    options:');
    for (const [k, v] of Object.entries(m.configExample)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    lines.push('```');
  }
  lines.push('', '## Permissions', '');
  if (m.permissions.length === 0) lines.push('None beyond read access to the source.');
  else for (const p of m.permissions) lines.push(`- **${p.name}**${p.optional ? ' (optional)' : ''}: ${p.reason}`);
  const r = m.retry;
  const rl = m.rateLimit;
  lines.push(
    '',
    '## Rate limit and retries',
    '',
    `- Rate: ${rl.requestsPerSecond ? `${rl.requestsPerSecond} requests/s, bursts of ${rl.burst}` : 'unlimited'}; at most ${rl.concurrency} calls in flight.`,
    `- Retries: up to ${r.maxAttempts} attempts on HTTP ${r.retryOn.join(', ')}, timeouts (${r.timeoutMs} ms) and network errors; exponential backoff from ${r.initialDelayMs} ms (×${r.multiplier}, capped at ${r.maxDelayMs} ms, jitter ${r.jitter}); \`Retry-After\` honoured up to ${r.maxRetryAfterMs} ms.`,
    '',
    '## Failures',
    '',
    'Failures are classified `config` (fix the configuration), `auth` (credentials refused), `permission` (a permission above is missing), `transient` (retry later) or `system`. A failing connector ends its own source; the rest of the run goes on.',
    '',
  );
  return lines.join('\n');
}
