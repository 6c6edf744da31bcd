import { SwitchboardError } from '../errors.js';
import { fetchJson } from './adapter-context.js';
import type { NormalizeProviderErrorOptions } from './normalize-provider-error.js';

/** The origin the Gemini provider is pointed at; the Code Assist fetch rewrites every request to it. */
export const CODE_ASSIST_PLACEHOLDER_BASE = 'https://code-assist.switchboard.invalid/v1beta';

const CLIENT_METADATA = { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' };

/** Options of {@link resolveCodeAssistProject}. */
export interface CodeAssistProjectOptions {
  fetch: typeof fetch;
  /** Code Assist base, e.g. `https://cloudcode-pa.googleapis.com/v1internal`; methods are `${apiBase}:method`. */
  apiBase: string;
  accessToken: string;
  /** A project the user configured (Workspace accounts need one). */
  configuredProject?: string | undefined;
  errors: Omit<NormalizeProviderErrorOptions, 'signal'>;
  signal?: AbortSignal | undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function projectIdOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  const id = record(value)['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The Code Assist project of a Google sign-in, as Gemini CLI finds it: `loadCodeAssist` names
 * the project (or the user's configured one is used); an account not set up yet is onboarded
 * on its default tier with `onboardUser`.
 */
export async function resolveCodeAssistProject(options: CodeAssistProjectOptions): Promise<string> {
  const call = (method: string, body: unknown) =>
    fetchJson({
      fetch: options.fetch,
      url: `${options.apiBase}:${method}`,
      method: 'POST',
      headers: { authorization: `Bearer ${options.accessToken}` },
      body,
      errors: options.errors,
      signal: options.signal,
    });
  const configured = options.configuredProject ? { cloudaicompanionProject: options.configuredProject } : {};
  const loaded = record(
    await call('loadCodeAssist', {
      ...configured,
      metadata: {
        ...CLIENT_METADATA,
        ...(options.configuredProject ? { duetProject: options.configuredProject } : {}),
      },
    }),
  );
  const project = projectIdOf(loaded['cloudaicompanionProject']) ?? options.configuredProject;
  if (project && loaded['currentTier'] !== undefined) return project;

  const tiers = Array.isArray(loaded['allowedTiers']) ? loaded['allowedTiers'].map(record) : [];
  const tier = tiers.find((candidate) => candidate['isDefault'] === true) ?? tiers[0];
  const tierId = typeof tier?.['id'] === 'string' ? tier['id'] : 'free-tier';
  const operation = record(await call('onboardUser', { tierId, ...configured, metadata: CLIENT_METADATA }));
  const onboarded = projectIdOf(record(operation['response'])['cloudaicompanionProject']) ?? project;
  if (operation['done'] === true && onboarded) return onboarded;
  throw new SwitchboardError(
    'PROVIDER_UNAVAILABLE',
    'Google is still setting up Gemini Code Assist for this account. Try again in a minute, or set providers.google.settings.project.',
    { provider: 'google' },
  );
}

function headersWithoutApiKey(headers: RequestInit['headers'], accessToken: string): Headers {
  const result = new Headers(headers);
  result.delete('x-goog-api-key');
  result.set('authorization', `Bearer ${accessToken}`);
  return result;
}

/** Rewrites each SSE `data:` line `{ response: {…}, traceId }` to the bare `{…}` Gemini sends. */
function unwrapEventStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  const rewrite = (line: string): string => {
    if (!line.startsWith('data:')) return line;
    const payload = line.slice(5).trim();
    try {
      const parsed = record(JSON.parse(payload));
      return parsed['response'] === undefined ? line : `data: ${JSON.stringify(parsed['response'])}`;
    } catch {
      return line;
    }
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        if (lines.length > 0) controller.enqueue(encoder.encode(lines.map(rewrite).join('\n') + '\n'));
      },
      flush(controller) {
        buffer += decoder.decode();
        if (buffer !== '') controller.enqueue(encoder.encode(rewrite(buffer)));
      },
    }),
  );
}

/** Headers of a rewritten body: its length and encoding are no longer those of the original. */
function rewrittenHeaders(headers: Headers): Headers {
  const result = new Headers(headers);
  result.delete('content-length');
  result.delete('content-encoding');
  return result;
}

/** Options of {@link createCodeAssistFetch}. */
export interface CodeAssistFetchOptions {
  fetch: typeof fetch;
  apiBase: string;
  accessToken: string;
  /** The project of this session, resolved once per request (and cached by the caller). */
  project: () => Promise<string>;
}

/**
 * A `fetch` for `@ai-sdk/google` that turns its generativelanguage requests into Code Assist
 * calls. The AI SDK has no Code Assist provider, but Code Assist carries the very same
 * GenerateContent request and response, only enveloped: the request goes to
 * `${apiBase}:streamGenerateContent?alt=sse` as `{ model, project, request }` with the
 * session's Bearer token, and each answer comes back as `{ response: … }`. Rewriting just the
 * envelope keeps all of the SDK's Gemini handling (tools, reasoning, usage, errors).
 */
export function createCodeAssistFetch(options: CodeAssistFetchOptions): typeof fetch {
  const codeAssistFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const match = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (!match) return options.fetch(input, init);
    const [, model = '', method = ''] = match;
    const request = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : {};
    const project = await options.project();
    const target = `${options.apiBase}:${method}${url.searchParams.get('alt') === 'sse' ? '?alt=sse' : ''}`;
    const response = await options.fetch(target, {
      ...init,
      headers: headersWithoutApiKey(init?.headers, options.accessToken),
      body: JSON.stringify({ model: decodeURIComponent(model), project, request }),
    });
    if (!response.ok || !response.body) return response;
    if (method === 'streamGenerateContent') {
      return new Response(unwrapEventStream(response.body), {
        status: response.status,
        statusText: response.statusText,
        headers: rewrittenHeaders(response.headers),
      });
    }
    const payload = record(JSON.parse(await response.text()));
    return new Response(JSON.stringify(payload['response'] ?? payload), {
      status: response.status,
      statusText: response.statusText,
      headers: rewrittenHeaders(response.headers),
    });
  };
  return codeAssistFetch as typeof fetch;
}
