import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudHostsFetch } from '../src/upstreams/create-host-mapping-fetch.js';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';

const TOKEN = 'ya29.google-rules-token';
const VERTEX_TOKEN = 'ya29.vertex-rules-token';
const PROJECT = 'my-gemini-project';
const GEMINI_BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });

let upstream: FakeUpstream;
let cloudFetch: typeof fetch;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { vertex: VERTEX_TOKEN },
    geminiOAuth: { tokens: TOKEN, quotaProjects: [PROJECT] },
  });
  cloudFetch = createCloudHostsFetch(upstream);
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function gemini(headers: Record<string, string>) {
  const response = await cloudFetch(
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flash:generateContent',
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: GEMINI_BODY },
  );
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

describe('fake Gemini API with a Google sign-in (Bearer)', () => {
  it('answers a Bearer token that names a project the user may bill', async () => {
    const answer = await gemini({ authorization: `Bearer ${TOKEN}`, 'x-goog-user-project': PROJECT });
    expect(answer.status).toBe(200);
    expect(upstream.lastRequest('gemini')).toMatchObject({ credential: TOKEN, authorized: true });
  });

  it('refuses a Bearer token without x-goog-user-project (403, quota project required)', async () => {
    const answer = await gemini({ authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ status: 'PERMISSION_DENIED' });
    expect(JSON.stringify(answer.body)).toContain('requires a quota project');
  });

  it('refuses a project the user may not bill (403 USER_PROJECT_DENIED)', async () => {
    const answer = await gemini({ authorization: `Bearer ${TOKEN}`, 'x-goog-user-project': 'someone-elses' });
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).toContain('USER_PROJECT_DENIED');
  });

  it('refuses an unknown or expired token (401 UNAUTHENTICATED)', async () => {
    const answer = await gemini({ authorization: 'Bearer ya29.expired', 'x-goog-user-project': PROJECT });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ status: 'UNAUTHENTICATED' });
  });
});

async function vertex(url: string, body: Record<string, unknown>) {
  const response = await cloudFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${VERTEX_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const CLAUDE = {
  anthropic_version: 'vertex-2023-10-16',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'hi' }],
};
const claudeUrl = (host: string, location: string) =>
  `https://${host}/v1/projects/p/locations/${location}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`;

describe('fake Vertex AI holds requests to their regional host and to anthropic_version', () => {
  it('serves a location on its regional host, and global on aiplatform.googleapis.com', async () => {
    expect((await vertex(claudeUrl('europe-west4-aiplatform.googleapis.com', 'europe-west4'), CLAUDE)).status).toBe(
      200,
    );
    expect((await vertex(claudeUrl('aiplatform.googleapis.com', 'global'), CLAUDE)).status).toBe(200);
  });

  it('refuses a location the regional host does not serve', async () => {
    const wrong = await vertex(claudeUrl('us-central1-aiplatform.googleapis.com', 'europe-west4'), CLAUDE);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('INVALID_ARGUMENT');
    const global = await vertex(claudeUrl('us-central1-aiplatform.googleapis.com', 'global'), CLAUDE);
    expect(global.status).toBe(400);
  });

  it('refuses Claude without anthropic_version, or with the first-party API version', async () => {
    const url = claudeUrl('us-east5-aiplatform.googleapis.com', 'us-east5');
    const { anthropic_version: _omitted, ...without } = CLAUDE;
    const missing = await vertex(url, without);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('anthropic_version: Field required');
    const firstParty = await vertex(url, { ...CLAUDE, anthropic_version: '2023-06-01' });
    expect(firstParty.status).toBe(400);
  });
});
