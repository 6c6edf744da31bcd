import { readCloudEnvironment } from '../config/cloud-environment.js';
import { SwitchboardError } from '../errors.js';
import { baseUrl } from './adapter-context.js';
import type { AdapterCallContext } from './types.js';

type VertexContext = Pick<AdapterCallContext, 'profile' | 'environment'>;

/** Location used when neither config.toml nor `GOOGLE_CLOUD_LOCATION` names one. */
export const DEFAULT_VERTEX_LOCATION = 'us-central1';

const LOCATION_PATTERN = /^(?:global|[a-z]+(?:-[a-z]+)*\d*(?:-[a-z0-9]+)?)$/;

/** `[providers.vertex.settings] location`, else `GOOGLE_CLOUD_LOCATION`, else us-central1. */
export function vertexLocation(context: VertexContext): string {
  const location =
    context.profile.settings?.['location'] ??
    readCloudEnvironment(context.environment).googleCloudLocation ??
    DEFAULT_VERTEX_LOCATION;
  if (!LOCATION_PATTERN.test(location)) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `"${location}" is not a Vertex AI location (e.g. us-central1, global).`,
      {
        provider: 'vertex',
        hint: 'Set location under [providers.vertex.settings] in config.toml; see docs/providers/vertex.md.',
      },
    );
  }
  return location;
}

/**
 * `[providers.vertex.settings] project`, else `GOOGLE_CLOUD_PROJECT`, else the project the
 * credential names (a service-account key or ADC file); INVALID_CONFIG when none does.
 */
export function vertexProject(context: VertexContext, credentialProject?: string): string {
  const project =
    context.profile.settings?.['project'] ??
    readCloudEnvironment(context.environment).googleCloudProject ??
    credentialProject;
  if (!project) {
    throw new SwitchboardError('INVALID_CONFIG', 'No Google Cloud project is configured for Vertex AI.', {
      provider: 'vertex',
      hint: 'Set project under [providers.vertex.settings] in config.toml (or GOOGLE_CLOUD_PROJECT); see docs/providers/vertex.md.',
    });
  }
  return project;
}

/**
 * The Vertex AI API base for `location`: the regional host `{location}-aiplatform.googleapis.com`,
 * or `aiplatform.googleapis.com` for the `global` location
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations). An api_base without
 * `{location}` (a private endpoint, a test peer) is used as it is.
 */
export function vertexBaseUrl(apiBase: string, location: string): string {
  const host = apiBase.replaceAll('{location}-', location === 'global' ? '' : `${location}-`);
  return baseUrl(host.replaceAll('{location}', location));
}

/** `{api base}/projects/{project}/locations/{location}`. */
export function vertexLocationBase(context: VertexContext, credentialProject?: string): string {
  const location = vertexLocation(context);
  const project = vertexProject(context, credentialProject);
  return `${vertexBaseUrl(context.profile.apiBase, location)}/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}`;
}
