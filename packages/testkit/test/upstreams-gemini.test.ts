import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { APICallError, generateText, streamText, tool } from 'ai';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream, ignoreStreamError } from './upstreams-helpers.js';

const KEY = 'AIzaFakeGeminiKey0001';
const GOOGLE_TOKEN = 'ya29.fake-google-access-token';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { gemini: KEY, codeassist: GOOGLE_TOKEN },
    codeAssistProjectId: 'proj-123',
  });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function gemini(apiKey = KEY) {
  return createGoogleGenerativeAI({ apiKey, baseURL: upstream.baseUrls.gemini });
}

describe('fake Gemini (generativelanguage), driven by @ai-sdk/google', () => {
  it('generates and streams (alt=sse) with the key in x-goog-api-key', async () => {
    const generated = await generateText({ model: gemini()('gemini-2.5-pro'), prompt: 'hi' });
    expect(generated.text).toBe('[gemini:gemini-2.5-pro] you said: hi');
    expect(generated.usage.outputTokens).toBeGreaterThan(0);

    const streamed = await collectFullStream(streamText({ model: gemini()('gemini-2.5-flash'), prompt: 'yo' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[gemini:gemini-2.5-flash] you said: yo');
    expect(streamed.finishReason).toBe('stop');
    const recorded = upstream.lastRequest('gemini');
    expect(recorded).toMatchObject({ model: 'gemini-2.5-flash', stream: true, query: { alt: 'sse' } });
    expect(recorded?.headers['x-goog-api-key']).toBe(KEY);
  });

  it('streams data lines without [DONE], with usageMetadata', async () => {
    const response = await fetch(
      `${upstream.baseUrls.gemini}/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=${KEY}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'raw' }] }] }),
      },
    );
    const raw = await response.text();
    expect(raw).not.toContain('[DONE]');
    const events = raw
      .split('\r\n\r\n')
      .filter((block) => block !== '')
      .map(
        (block) =>
          JSON.parse(block.replace(/^data: /, '')) as {
            candidates: { finishReason?: string }[];
            usageMetadata: Record<string, number>;
          },
      );
    expect(events.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
    expect(events.at(-1)?.usageMetadata['candidatesTokenCount']).toBeGreaterThan(0);
    expect(upstream.lastRequest('gemini')?.credential).toBe(KEY);
  });

  it('answers a function call as a functionCall part', async () => {
    upstream.enqueue('gemini', { kind: 'tool-call', name: 'lookup', arguments: { id: 42 } });
    const streamed = await collectFullStream(
      streamText({
        model: gemini()('gemini-2.5-pro'),
        prompt: 'find',
        tools: { lookup: tool({ inputSchema: z.object({ id: z.number() }) }) },
      }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.toolCalls).toEqual([{ toolName: 'lookup', input: { id: 42 } }]);
  });

  it('answers an invalid key with HTTP 400 API_KEY_INVALID', async () => {
    const error = await generateText({
      model: gemini('AIza-wrong')('gemini-2.5-pro'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(400);
    expect(apiError.message).toBe('API key not valid. Please pass a valid API key.');
    const body = JSON.parse(apiError.responseBody ?? '{}') as {
      error: { status: string; details: { reason?: string }[] };
    };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details[0]?.reason).toBe('API_KEY_INVALID');
  });

  it('refuses a body that is not JSON with 400 INVALID_ARGUMENT, "Invalid JSON payload received."', async () => {
    const response = await fetch(`${upstream.baseUrls.gemini}/models/gemini-2.5-pro:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
      body: '{"contents":[{"role":"user","parts":[{"text":"x"}]}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received. Unexpected token.' },
    });
  });

  it('refuses a Google sign-in token (wrong scopes for generativelanguage)', async () => {
    const response = await fetch(`${upstream.baseUrls.gemini}/models/gemini-2.5-pro:generateContent`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GOOGLE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { status: 'PERMISSION_DENIED', details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }] },
    });
  });

  it('maps 429 (RESOURCE_EXHAUSTED + retry-after) and 503 (UNAVAILABLE)', async () => {
    upstream.enqueue('gemini', { kind: 'error', status: 429, retryAfterSeconds: 5 }, { kind: 'error', status: 503 });
    const rateLimited = (await generateText({ model: gemini()('gemini-2.5-pro'), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(rateLimited.statusCode).toBe(429);
    expect(rateLimited.isRetryable).toBe(true);
    expect(rateLimited.responseHeaders?.['retry-after']).toBe('5');
    expect(JSON.parse(rateLimited.responseBody ?? '{}')).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED' },
    });
    const unavailable = (await generateText({ model: gemini()('gemini-2.5-pro'), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(unavailable.statusCode).toBe(503);
    expect(JSON.parse(unavailable.responseBody ?? '{}')).toMatchObject({ error: { status: 'UNAVAILABLE' } });
  });

  it('reports an in-band error chunk and a cut as stream errors', async () => {
    upstream.enqueue('gemini', { kind: 'stream-error', afterChunks: 1 }, { kind: 'cut', afterChunks: 2 });
    const errored = await collectFullStream(
      streamText({ model: gemini()('gemini-2.5-pro'), prompt: 'a b', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(errored.text).toBe('[gemini:gemini-2.5-pro] ');
    expect(errored.errors.length).toBeGreaterThan(0);
    const cut = await collectFullStream(
      streamText({ model: gemini()('gemini-2.5-pro'), prompt: 'a b', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(cut.text).toBe('[gemini:gemini-2.5-pro] you ');
    expect(cut.errors.length).toBeGreaterThan(0);
  });
});

describe('fake Code Assist (Gemini CLI wire format)', () => {
  const post = (method: string, body: unknown, token = GOOGLE_TOKEN, query = '') =>
    fetch(`${upstream.baseUrls.codeAssist}/v1internal:${method}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('loadCodeAssist returns the tier and project id, then generateContent answers wrapped in { response }', async () => {
    const loaded = (await (
      await post('loadCodeAssist', { metadata: { ideType: 'IDE_UNSPECIFIED', pluginType: 'GEMINI' } })
    ).json()) as {
      cloudaicompanionProject: string;
      currentTier: { id: string };
    };
    expect(loaded.cloudaicompanionProject).toBe('proj-123');
    expect(loaded.currentTier.id).toBe('free-tier');

    const generated = (await (
      await post('generateContent', {
        model: 'gemini-2.5-pro',
        project: loaded.cloudaicompanionProject,
        user_prompt_id: 'p1',
        request: { contents: [{ role: 'user', parts: [{ text: 'hello' }] }] },
      })
    ).json()) as {
      response: {
        candidates: { content: { parts: { text: string }[] } }[];
        usageMetadata: { totalTokenCount: number };
      };
    };
    expect(generated.response.candidates[0]?.content.parts[0]?.text).toBe(
      '[codeassist:gemini-2.5-pro] you said: hello',
    );
    expect(generated.response.usageMetadata.totalTokenCount).toBeGreaterThan(0);
  });

  it('streams SSE chunks each wrapped in { response } and refuses a bad token or a foreign project', async () => {
    const streamed = await post(
      'streamGenerateContent',
      {
        model: 'gemini-2.5-flash',
        project: 'proj-123',
        request: { contents: [{ role: 'user', parts: [{ text: 'stream me' }] }] },
      },
      GOOGLE_TOKEN,
      '?alt=sse',
    );
    const text = (await streamed.text())
      .split('\r\n\r\n')
      .filter((block) => block !== '')
      .map(
        (block) =>
          JSON.parse(block.replace(/^data: /, '')) as {
            response: { candidates: { content: { parts: { text?: string }[] } }[] };
          },
      )
      .map((event) => event.response.candidates[0]?.content.parts[0]?.text ?? '')
      .join('');
    expect(text).toBe('[codeassist:gemini-2.5-flash] you said: stream me');

    const unauthenticated = await post(
      'generateContent',
      { model: 'gemini-2.5-pro', project: 'proj-123', request: { contents: [] } },
      'ya29.expired',
    );
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });

    const foreign = await post('generateContent', {
      model: 'gemini-2.5-pro',
      project: 'someone-else',
      request: { contents: [] },
    });
    expect(foreign.status).toBe(403);
  });
});
