// @ts-nocheck: an example application for the scanner to read; its dependencies are not installed here.
// support-agent: answers customer chats, looks up orders in the CRM, opens GitHub issues for
// bugs and can refund a payment through Stripe. Exposed on the public help-centre widget.
import { Agent, MCPServerStdio, MCPServerStreamableHttp, run } from '@openai/agents';

const MODEL = 'gpt-4o-2024-08-06';
// Left over from a prototype; the scanner should flag it (the value is a fake, redacted form).
const FALLBACK_KEY = 'sk-proj-EXAMPLEONLYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

const github = new MCPServerStdio({ name: 'github', fullCommand: 'npx -y @modelcontextprotocol/server-github@2025.4.8' });
const stripe = new MCPServerStdio({ name: 'stripe', fullCommand: 'npx -y @stripe/mcp --tools=refunds.create,customers.read' });
const crm = new MCPServerStreamableHttp({ name: 'crm', url: 'https://mcp.acme.internal/crm' });

export const supportAgent = new Agent({
  name: 'Acme support',
  model: MODEL,
  instructions:
    'You help Acme customers with orders and billing. You may refund up to 200 EUR when the order ' +
    'was not delivered. Open a GitHub issue for reproducible product bugs.',
  mcpServers: [github, stripe, crm],
});

export async function answer(chatMessage: string): Promise<string> {
  process.env.OPENAI_API_KEY ??= FALLBACK_KEY;
  await Promise.all([github.connect(), stripe.connect(), crm.connect()]);
  const result = await run(supportAgent, chatMessage);
  return String(result.finalOutput ?? '');
}
