import { readFile } from 'node:fs/promises';
import { completeBrowserLogin, type OAuthServer } from '@switchboard/testkit';
import {
  createCatalog,
  jsonBodyOf,
  loadConfig,
  type CreateRuntimeOptions,
  type ForwardRequest,
  type LoginEvent,
  type SwitchboardError,
} from '../src/index.js';
import { createHarness, type HarnessOptions, type RuntimeHarness } from './runtime-fixtures.js';

/** {@link createHarness} whose runtimes also know the models config.toml adds (the built-in catalog has none on the chat wire). */
export async function createForwardHarness(options: HarnessOptions): Promise<RuntimeHarness> {
  const created = await createHarness(options);
  const runtime = created.runtime.bind(created);
  created.runtime = async (overrides: Partial<CreateRuntimeOptions> = {}) => {
    const raw = (await loadConfig(created.home.paths.config)).raw as Record<string, unknown>;
    return runtime({
      catalog: createCatalog({ customModels: raw['models'], configPath: created.home.paths.config }),
      ...overrides,
    });
  };
  return created;
}

/** config.toml of a home whose Anthropic OAuth logins go to the test OAuth server `server`. */
export const anthropicOAuthConfig = (server: OAuthServer): string =>
  `[providers.anthropic.oauth]\nissuer = "${server.issuer}"\nclient_id = "${server.publicClientId}"\nredirect_port = 0`;

/** Signs the harness's home in to Anthropic by OAuth at the test server (its config from {@link anthropicOAuthConfig}). */
export async function loginAnthropicOAuth(h: RuntimeHarness): Promise<void> {
  await h.home.auth.login('anthropic', {
    method: 'oauth',
    flow: 'browser',
    noBrowser: true,
    onEvent: (event: LoginEvent) => {
      if (event.type === 'open_url') void completeBrowserLogin(event.url, { login: 'erin', followCallback: true });
    },
  });
}

/** A catalog model served by OpenAI chat completions (no built-in model uses that transport). */
export const CHAT_MODEL = 'forward-chat';
export const CHAT_MODEL_CONFIG = [
  `[models."${CHAT_MODEL}"]`,
  'provider = "openai"',
  'transport = "openai-chat"',
  'methods = ["api-key"]',
  'upstream_id = "gpt-upstream-chat-1"',
  'context_window = 128000',
  'price = { input = 1, output = 2 }',
].join('\n');

export const encodeError = (error: SwitchboardError) =>
  `event: error\ndata: ${JSON.stringify({ code: error.code })}\n\n`;

export function chatRequest(model: string, text: string, extra: Record<string, unknown> = {}): ForwardRequest {
  const stream = extra['stream'] === true;
  return {
    model,
    messages: [{ role: 'user', content: text }],
    wire: 'openai-chat',
    stream,
    body: jsonBodyOf({ model, messages: [{ role: 'user', content: text }], ...extra }),
    encodeError,
  };
}

export function messagesRequest(
  model: string,
  text: string,
  stream: boolean,
  headers: Record<string, string> = {},
): ForwardRequest {
  return {
    model,
    messages: [{ role: 'user', content: text }],
    wire: 'anthropic-messages',
    stream,
    headers,
    body: jsonBodyOf({ model, max_tokens: 256, messages: [{ role: 'user', content: text }], stream }),
    encodeError,
  };
}

/** The usage log's lines, parsed. */
export async function usageLines(h: RuntimeHarness): Promise<Array<Record<string, unknown>>> {
  return (await readFile(h.home.paths.usageLog, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
