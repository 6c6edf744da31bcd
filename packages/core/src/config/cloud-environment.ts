import { join } from 'node:path';
import type { Environment } from './environment.js';

/** Cloud settings a process environment carries (the variables the AWS and Google tools read). */
export interface CloudEnvironment {
  /** `AWS_REGION`, else `AWS_DEFAULT_REGION` (the AWS SDK reads them in this order). */
  readonly awsRegion: string | undefined;
  /** `GOOGLE_CLOUD_PROJECT` (gcloud, google-auth-library and Vertex SDKs read it). */
  readonly googleCloudProject: string | undefined;
  /** `GOOGLE_CLOUD_LOCATION` (the Vertex SDKs' location variable). */
  readonly googleCloudLocation: string | undefined;
  /** `GOOGLE_APPLICATION_CREDENTIALS`: the first place Application Default Credentials are looked for. */
  readonly googleApplicationCredentials: string | undefined;
  /**
   * Where `gcloud auth application-default login` writes its file: `$CLOUDSDK_CONFIG`, else
   * `%APPDATA%\gcloud` on Windows, else `~/.config/gcloud` (google-auth-library's
   * `_getWellKnownCredentialFilePath`); undefined without a home.
   */
  readonly gcloudAdcFile: string | undefined;
}

/** Reads the AWS region and Google Cloud project/location variables; empty values count as unset. */
export function readCloudEnvironment(environment: Environment | undefined): CloudEnvironment {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = environment?.[name]?.trim();
      if (value) return value;
    }
    return undefined;
  };
  return {
    awsRegion: pick('AWS_REGION', 'AWS_DEFAULT_REGION'),
    googleCloudProject: pick('GOOGLE_CLOUD_PROJECT'),
    googleCloudLocation: pick('GOOGLE_CLOUD_LOCATION'),
    googleApplicationCredentials: pick('GOOGLE_APPLICATION_CREDENTIALS'),
    gcloudAdcFile: gcloudAdcFile(pick('CLOUDSDK_CONFIG'), pick('APPDATA'), pick('HOME', 'USERPROFILE')),
  };
}

const ADC_FILE = 'application_default_credentials.json';

function gcloudAdcFile(
  configDirectory: string | undefined,
  appData: string | undefined,
  home: string | undefined,
): string | undefined {
  if (configDirectory) return join(configDirectory, ADC_FILE);
  if (appData) return join(appData, 'gcloud', ADC_FILE);
  return home ? join(home, '.config', 'gcloud', ADC_FILE) : undefined;
}
