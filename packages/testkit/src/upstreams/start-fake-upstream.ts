import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBehaviorQueues } from './behavior-queues.js';
import { bodyRuleFailure, countTokensReply } from './body-rules.js';
import { checkCredentials } from './check-credentials.js';
import { bedrockModelFailure, bedrockSignatureFailure, type BedrockRealm } from './bedrock-rules.js';
import { isRecord, randomId, type HttpReply } from './dialect.js';
import { matchRoute } from './match-route.js';
import { vertexFailure } from './vertex-rules.js';
import { runBehavior } from './run-behavior.js';
import { sendReply } from './send-reply.js';
import { codexRateLimitHeaders, codexUsageReply, DEFAULT_CODEX_USAGE } from './codex-usage.js';
import { codeAssistSetupReply, modelsReply, preconditionFailure } from './service-replies.js';
import type {
  FakeUpstream,
  FakeUpstreamBaseUrls,
  FakeUpstreamOptions,
  RecordedRequest,
  UpstreamProvider,
} from './types.js';

const DEFAULT_CODE_ASSIST_PROJECT = 'fake-codeassist-project';

function baseUrlsFor(url: string): FakeUpstreamBaseUrls {
  const vertexRoot = `${url}/vertex`;
  const vertexLocation = `${vertexRoot}/v1/projects/fake-project/locations/us-central1`;
  return {
    openai: `${url}/openai/v1`,
    codex: `${url}/chatgpt/backend-api/codex`,
    anthropic: `${url}/anthropic/v1`,
    anthropicSdk: `${url}/anthropic`,
    gemini: `${url}/gemini/v1beta`,
    codeAssist: `${url}/codeassist`,
    mistral: `${url}/mistral/v1`,
    azure: `${url}/azure/openai`,
    azureV1: `${url}/azure/openai/v1`,
    vertex: vertexRoot,
    vertexGoogle: `${vertexLocation}/publishers/google`,
    vertexAnthropic: `${vertexLocation}/publishers/anthropic/models`,
    bedrock: `${url}/bedrock`,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return raw.toString('utf8');
  }
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Starts one HTTP server on 127.0.0.1 (ephemeral port) that speaks the wire format of every
 * provider upstream Switchboard talks to, each under its own path prefix (see `baseUrls`).
 *
 * ```ts
 * const upstream = await startFakeUpstream({ expectedCredentials: { anthropic: 'sk-ant-test' } });
 * upstream.enqueue('anthropic', { kind: 'error', status: 529 }, { kind: 'cut', afterChunks: 2 });
 * const anthropic = createAnthropic({ apiKey: 'sk-ant-test', baseURL: upstream.baseUrls.anthropic });
 * // first call: 529 overloaded_error; second: two deltas, then the connection ends mid-stream;
 * // later calls: "[anthropic:<model>] you said: <last user text>"
 * upstream.lastRequest('anthropic')?.headers['x-api-key'];
 * await upstream.close();
 * ```
 */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const queues = createBehaviorQueues(options.defaultBehavior);
  const requests: RecordedRequest[] = [];
  const lifetime = new AbortController();
  const codeAssistProjectId = options.codeAssistProjectId ?? DEFAULT_CODE_ASSIST_PROJECT;

  const bedrockRealm: BedrockRealm = {
    region: options.bedrockRegion ?? 'us-east-1',
    secrets: options.awsSecretAccessKeys ?? {},
  };

  async function bedrockFailure(
    request: IncomingMessage,
    url: URL,
    headers: Record<string, string>,
    rawBody: string,
    requestId: string,
    model: string,
  ): Promise<HttpReply | undefined> {
    const received = (request.url ?? '/').split('?')[0] ?? '/';
    const prefix = headers['x-forwarded-host'] ? headers['x-forwarded-prefix'] : undefined;
    const rawPath = prefix && received.startsWith(prefix) ? received.slice(prefix.length) : received;
    const query = Object.fromEntries(url.searchParams);
    return (
      (await bedrockSignatureFailure(
        { method: request.method ?? 'POST', rawPath, query, headers, rawBody, requestId, model },
        bedrockRealm,
      )) ?? bedrockModelFailure({ headers, model, requestId }, bedrockRealm)
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const route = matchRoute(method, url.pathname);
    if (!route) {
      sendReply(response, {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { message: `The fake upstream has no route for ${method} ${url.pathname}` } }),
      });
      return;
    }

    const body = parseJson(raw);
    const query = Object.fromEntries(url.searchParams);
    const headers = flattenHeaders(request);
    const bodyModel = isRecord(body) && typeof body['model'] === 'string' ? body['model'] : undefined;
    const model = route.urlModel ?? bodyModel ?? 'unknown';
    const stream = route.urlStream ?? (isRecord(body) && body['stream'] === true);
    const requestId = randomId('req_', 16);
    const createdAt = Math.floor(Date.now() / 1000);

    const check = checkCredentials({
      provider: route.provider,
      headers,
      query,
      requestId,
      model,
      expected: options.expectedCredentials?.[route.provider],
      expectedChatGptAccountId: options.expectedChatGptAccountId,
      geminiOAuth: options.geminiOAuth,
    });
    if (options.recordRequests !== false) {
      requests.push({
        provider: route.provider,
        protocol: route.protocol,
        method,
        path: url.pathname,
        query,
        headers,
        body,
        rawBody: raw.toString('utf8'),
        model,
        stream,
        credential: check.credential,
        authorized: check.failure === undefined,
      });
    }
    if (check.failure) return sendReply(response, check.failure);
    if (route.provider === 'codex') {
      const usage = options.codexUsage ?? DEFAULT_CODEX_USAGE;
      if (route.protocol === 'codex-usage') return sendReply(response, codexUsageReply(usage, Date.now()));
      for (const [name, value] of Object.entries(codexRateLimitHeaders(usage, Date.now())))
        response.setHeader(name, value);
    }
    if (route.protocol === 'models')
      return sendReply(response, modelsReply(route.provider, options.models?.[route.provider], createdAt));
    if (route.protocol === 'codeassist-setup')
      return sendReply(response, codeAssistSetupReply(route.method, codeAssistProjectId));
    const refused =
      (route.provider === 'bedrock'
        ? await bedrockFailure(request, url, headers, raw.toString('utf8'), requestId, model)
        : undefined) ??
      vertexFailure(route, url.pathname, headers, body, { requestId, model }) ??
      preconditionFailure(route, headers, body, { requestId, model, codeAssistProjectId }) ??
      bodyRuleFailure(route, body as Record<string, unknown>, { requestId, model });
    if (refused) return sendReply(response, refused);
    if (route.protocol === 'anthropic-count-tokens')
      return sendReply(response, countTokensReply(body as Record<string, unknown>, requestId));

    const exchange = new AbortController();
    response.on('close', () => exchange.abort());
    await runBehavior({
      behavior:
        options.script?.({ provider: route.provider, protocol: route.protocol, model, body }) ??
        queues.take(route.provider),
      protocol: route.protocol,
      context: { provider: route.provider, model, requestId, createdAt, body },
      stream,
      response,
      query,
      chunkDelayMs: options.chunkDelayMs ?? 0,
      signal: AbortSignal.any([lifetime.signal, exchange.signal]),
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // A client that went away mid-answer is expected here; anything else ends the exchange.
      if (!response.headersSent && !response.destroyed) {
        sendReply(response, {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: '{"error":{"message":"fake upstream failure"}}',
        });
      } else {
        response.socket?.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    baseUrls: baseUrlsFor(url),
    get requests() {
      return requests;
    },
    enqueue(target, ...behaviors) {
      queues.enqueue(target, behaviors);
    },
    setDefaultBehavior(target, behavior) {
      queues.setDefault(target, behavior);
    },
    lastRequest(provider?: UpstreamProvider) {
      for (let index = requests.length - 1; index >= 0; index -= 1) {
        const recorded = requests[index];
        if (recorded && (provider === undefined || recorded.provider === provider)) return recorded;
      }
      return undefined;
    },
    reset() {
      requests.length = 0;
      queues.reset();
    },
    async close() {
      lifetime.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
