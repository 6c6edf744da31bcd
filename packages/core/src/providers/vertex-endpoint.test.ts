import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES } from '../catalog/provider-profiles.js';
import { vertexBaseUrl, vertexLocation, vertexLocationBase } from './vertex-endpoint.js';

const profile = BUILTIN_PROVIDER_PROFILES.vertex;

describe('Vertex endpoint', () => {
  it('uses the regional host of the location, and aiplatform.googleapis.com for global', () => {
    expect(vertexBaseUrl(profile.apiBase, 'europe-west4')).toBe('https://europe-west4-aiplatform.googleapis.com/v1');
    expect(vertexBaseUrl(profile.apiBase, 'global')).toBe('https://aiplatform.googleapis.com/v1');
    expect(vertexBaseUrl('http://127.0.0.1:9/vertex/v1', 'us-east5')).toBe('http://127.0.0.1:9/vertex/v1');
  });

  it('takes project and location from config.toml, then GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION', () => {
    const environment = { GOOGLE_CLOUD_PROJECT: 'env-project', GOOGLE_CLOUD_LOCATION: 'asia-northeast1' };
    expect(vertexLocationBase({ profile, environment })).toBe(
      'https://asia-northeast1-aiplatform.googleapis.com/v1/projects/env-project/locations/asia-northeast1',
    );
    const configured = { ...profile, settings: { project: 'p', location: 'global' } };
    expect(vertexLocationBase({ profile: configured, environment })).toBe(
      'https://aiplatform.googleapis.com/v1/projects/p/locations/global',
    );
    expect(vertexLocation({ profile, environment: {} })).toBe('us-central1');
  });

  it('refuses a missing project and a location that is not one, naming the setting', () => {
    expect(() => vertexLocationBase({ profile, environment: {} })).toThrow(/No Google Cloud project/);
    expect(() => vertexLocation({ profile: { ...profile, settings: { location: 'Europe West' } } })).toThrow(
      /not a Vertex AI location/,
    );
  });
});
