import { access, readFile } from 'node:fs/promises';
import type { Environment } from '../config/environment.js';
import { readCloudEnvironment } from '../config/cloud-environment.js';
import { SwitchboardError } from '../errors.js';
import type { ServiceAccountKey } from './parse-service-account-key.js';

/** The scope Vertex AI takes (https://cloud.google.com/vertex-ai/docs/authentication). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** An access token Google issued. */
export interface GoogleToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt?: number;
}

/** Where Application Default Credentials were found, in google-auth-library's order. */
export type AdcSource = 'GOOGLE_APPLICATION_CREDENTIALS' | 'gcloud' | 'metadata-server';

/** A token from Application Default Credentials and who it belongs to (nothing secret). */
export interface AdcToken extends GoogleToken {
  source: AdcSource;
  /** The service account's email, or a description of the credential. */
  account: string;
  projectId?: string;
}

/** Tokens for Vertex through google-auth-library: service-account keys and ADC. */
export interface GoogleTokenSource {
  /** A token for `key` by the JWT-bearer grant (RFC 7523), as Google issues to service accounts. */
  serviceAccountToken(key: ServiceAccountKey): Promise<GoogleToken>;
  /** A token from Application Default Credentials; the library caches and renews it. */
  adcToken(options?: { force?: boolean }): Promise<AdcToken>;
}

/** Options of {@link createGoogleTokenSource}. */
export interface GoogleTokenSourceOptions {
  /** Every request the library makes goes through it (proxy, CA, tests' peers). */
  fetch: typeof fetch;
  environment: Environment;
}

type Library = typeof import('google-auth-library');
type AuthClient = Awaited<ReturnType<InstanceType<Library['GoogleAuth']>['getClient']>>;

/**
 * Google's own library (google-auth-library) gets the tokens, given Switchboard's fetch as its
 * transport (gaxios `fetchImplementation`). It is imported on the first Vertex sign-in or
 * request: it costs every other command's startup otherwise.
 */
export function createGoogleTokenSource(options: GoogleTokenSourceOptions): GoogleTokenSource {
  let library: Promise<Library> | undefined;
  const load = () => (library ??= import('google-auth-library'));
  // The library builds its own gaxios from these defaults: Switchboard's fetch carries every call.
  const transporterOptions = { fetchImplementation: options.fetch };
  let adc: Promise<{ client: AuthClient; source: AdcSource; account: string; projectId?: string }> | undefined;

  async function openAdc() {
    const google = await load();
    const cloud = readCloudEnvironment(options.environment);
    // The same order as the library's (GOOGLE_APPLICATION_CREDENTIALS, gcloud's file, the
    // metadata server), decided from this process's environment as Switchboard read it.
    let source: AdcSource = 'metadata-server';
    let keyFilename: string | undefined;
    if (cloud.googleApplicationCredentials) {
      source = 'GOOGLE_APPLICATION_CREDENTIALS';
      keyFilename = cloud.googleApplicationCredentials;
    } else if (cloud.gcloudAdcFile && (await exists(cloud.gcloudAdcFile))) {
      source = 'gcloud';
      keyFilename = cloud.gcloudAdcFile;
    }
    const auth = new google.GoogleAuth({
      scopes: [CLOUD_PLATFORM_SCOPE],
      ...(keyFilename ? { keyFilename } : {}),
      clientOptions: { transporterOptions },
    });
    const client = await auth.getClient().catch((error: unknown) => {
      throw adcError(error, source, keyFilename);
    });
    const email = client instanceof google.JWT ? client.email : undefined;
    // gcloud's file names no project, only the quota project (`gcloud auth application-default
    // set-quota-project`); asking the library would run gcloud or probe for a metadata server.
    const projectId =
      source === 'gcloud' && keyFilename
        ? await quotaProjectOf(keyFilename)
        : await auth.getProjectId().catch(() => undefined);
    const account =
      email ??
      (source === 'gcloud'
        ? 'gcloud application-default credentials'
        : source === 'metadata-server'
          ? 'the metadata server’s service account'
          : 'GOOGLE_APPLICATION_CREDENTIALS');
    return { client, source, account, ...(projectId ? { projectId } : {}) };
  }

  return {
    async serviceAccountToken(key) {
      const google = await load();
      const client = new google.JWT({
        email: key.clientEmail,
        key: key.privateKey,
        ...(key.privateKeyId ? { keyId: key.privateKeyId } : {}),
        scopes: [CLOUD_PLATFORM_SCOPE],
        transporterOptions,
      });
      try {
        const credentials = await client.authorize();
        return tokenOf(credentials.access_token, credentials.expiry_date);
      } catch (error) {
        throw googleRefusal(error, `the service-account key of ${key.clientEmail}`);
      }
    },
    async adcToken({ force = false } = {}) {
      if (force) adc = undefined;
      const opened = adc ?? (adc = openAdc());
      let current: Awaited<typeof opened>;
      try {
        current = await opened;
      } catch (error) {
        adc = undefined;
        throw error;
      }
      try {
        const { token } = await current.client.getAccessToken();
        const expiry = current.client.credentials.expiry_date;
        return {
          ...tokenOf(token, expiry),
          source: current.source,
          account: current.account,
          ...(current.projectId ? { projectId: current.projectId } : {}),
        };
      } catch (error) {
        adc = undefined;
        throw googleRefusal(error, `Application Default Credentials (${current.source})`);
      }
    },
  };
}

function tokenOf(token: string | null | undefined, expiry: number | null | undefined): GoogleToken {
  if (!token)
    throw new SwitchboardError('AUTH_FAILED', 'Google answered without an access token.', { provider: 'vertex' });
  return { accessToken: token, ...(typeof expiry === 'number' ? { expiresAt: expiry } : {}) };
}

async function quotaProjectOf(path: string): Promise<string | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as { quota_project_id?: unknown };
    return typeof value.quota_project_id === 'string' && value.quota_project_id ? value.quota_project_id : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The OAuth error Google's token endpoint answered with (`{error, error_description}`), if any. */
function oauthErrorOf(error: unknown): { status?: number; code?: string; description?: string } {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  const data = response?.data;
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return {
    ...(response?.status === undefined ? {} : { status: response.status }),
    ...(typeof fields['error'] === 'string' ? { code: fields['error'] } : {}),
    ...(typeof fields['error_description'] === 'string' ? { description: fields['error_description'] } : {}),
  };
}

/** A refusal by Google's token endpoint as AUTH_FAILED, a transport failure as NETWORK. */
function googleRefusal(error: unknown, what: string): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const refusal = oauthErrorOf(error);
  if (refusal.code !== undefined || (refusal.status !== undefined && refusal.status < 500)) {
    const reason = [refusal.code, refusal.description].filter(Boolean).join(': ') || `HTTP ${refusal.status}`;
    return new SwitchboardError('AUTH_FAILED', `Google refused ${what} (${reason}).`, {
      provider: 'vertex',
      isRetryable: false,
      hint: 'See docs/providers/vertex.md#troubleshooting.',
    });
  }
  return new SwitchboardError('NETWORK', `Could not reach Google to get a token for ${what}.`, {
    provider: 'vertex',
    isRetryable: true,
    cause: error,
  });
}

function adcError(error: unknown, source: AdcSource, keyFilename: string | undefined): SwitchboardError {
  if (source === 'metadata-server')
    return new SwitchboardError(
      'LOGIN_REQUIRED',
      'No Application Default Credentials found: GOOGLE_APPLICATION_CREDENTIALS is not set, gcloud has no application-default login, and no metadata server answered.',
      {
        provider: 'vertex',
        hint: 'Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a key file (see docs/providers/vertex.md#application-default-credentials).',
      },
    );
  const origin = source === 'gcloud' ? 'gcloud’s application-default file' : 'GOOGLE_APPLICATION_CREDENTIALS';
  // Not the library's message: a JSON parse error quotes the start of the file, which may be a key.
  const problem =
    (error as { code?: string }).code === 'ENOENT'
      ? 'it does not exist'
      : 'it is not a credentials file google-auth-library can use';
  return new SwitchboardError('INVALID_CONFIG', `${origin} names ${keyFilename}, but ${problem}.`, {
    provider: 'vertex',
    hint: 'See docs/providers/vertex.md#application-default-credentials.',
  });
}
