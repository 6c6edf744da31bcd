import { createCloudHostsFetch, startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES, type AdapterCallContext } from '../src/index.js';
import { createVertexRuntime } from '../src/providers/create-vertex-runtime.js';
import { userRequest } from './providers-fixtures.js';

const TOKEN = 'ya29.PLANTED-CANARY-vertex-location';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ expectedCredentials: { vertex: TOKEN } });
});
afterAll(async () => {
  await upstream.close();
});

function context(location: string, transport: 'vertex-anthropic' | 'vertex-gemini', upstreamId: string) {
  return {
    route: { model: upstreamId, provider: 'vertex', method: 'service-account', upstreamId, transport },
    profile: { ...BUILTIN_PROVIDER_PROFILES.vertex, settings: { project: 'my-project', location } },
    credential: { provider: 'vertex', method: 'service-account', accessToken: TOKEN },
    // The runtime builds the real regional host; the fake judges the request by it.
    fetch: createCloudHostsFetch(upstream),
    environment: {},
  } satisfies AdapterCallContext;
}

describe('Vertex runtime reaches the host of its location', () => {
  it.each([
    ['europe-west4', 'europe-west4-aiplatform.googleapis.com'],
    ['global', 'aiplatform.googleapis.com'],
  ])('Claude in %s goes to %s with the Vertex anthropic_version', async (location, host) => {
    const result = await createVertexRuntime().generate(
      userRequest('hi'),
      context(location, 'vertex-anthropic', 'claude-sonnet-4-5@20250929'),
    );
    expect(result.text).toBe('[vertex:claude-sonnet-4-5@20250929] you said: hi');
    const request = upstream.lastRequest('vertex');
    expect(request?.headers['x-forwarded-host']).toBe(host);
    expect(request?.path).toContain(`/projects/my-project/locations/${location}/publishers/anthropic/`);
    expect(request?.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16' });
  });

  it('sends Gemini to the regional host too', async () => {
    await createVertexRuntime().generate(
      userRequest('hallo'),
      context('europe-west3', 'vertex-gemini', 'gemini-4-carbon'),
    );
    expect(upstream.lastRequest('vertex')?.headers['x-forwarded-host']).toBe('europe-west3-aiplatform.googleapis.com');
  });
});
