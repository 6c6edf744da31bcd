import { readCloudEnvironment } from '../config/cloud-environment.js';
import { SwitchboardError } from '../errors.js';
import { baseUrl } from './adapter-context.js';
import type { AdapterCallContext } from './types.js';

/** Region used when neither the session, config.toml nor the environment names one. */
export const DEFAULT_BEDROCK_REGION = 'us-east-1';

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * The one region a Bedrock request uses, for its host AND its SigV4 scope (a request signed for
 * another region than its host's is refused with 403). Order: the region chosen at sign-in,
 * `[providers.bedrock.settings] region`, `AWS_REGION` / `AWS_DEFAULT_REGION`, us-east-1.
 */
export function bedrockRegion(context: Pick<AdapterCallContext, 'credential' | 'profile' | 'environment'>): string {
  const credential = context.credential;
  const fromSession = credential?.method === 'aws' ? credential.region : undefined;
  const region =
    fromSession ??
    context.profile.settings?.['region'] ??
    readCloudEnvironment(context.environment).awsRegion ??
    DEFAULT_BEDROCK_REGION;
  if (!REGION_PATTERN.test(region)) {
    throw new SwitchboardError('INVALID_CONFIG', `"${region}" is not an AWS region (e.g. us-east-1, eu-west-1).`, {
      provider: 'bedrock',
      hint: 'Set region under [providers.bedrock.settings] in config.toml; see docs/providers/bedrock.md.',
    });
  }
  return region;
}

// The DNS suffix of each AWS partition, as the AWS SDK's endpoint rules name them.
const PARTITION_SUFFIXES: readonly (readonly [string, string])[] = [
  ['cn-', 'amazonaws.com.cn'],
  ['us-iso-', 'c2s.ic.gov'],
  ['us-isob-', 'sc2s.sgov.gov'],
];

/**
 * The Bedrock runtime base URL for `region`: `api_base` with `{region}` (and `{dns_suffix}`)
 * filled in. The built-in value is `https://bedrock-runtime.{region}.{dns_suffix}`; an api_base
 * without placeholders (a VPC endpoint, a test peer) is used as it is.
 */
export function bedrockBaseUrl(apiBase: string, region: string): string {
  const suffix = PARTITION_SUFFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'amazonaws.com';
  return baseUrl(apiBase.replaceAll('{region}', region).replaceAll('{dns_suffix}', suffix));
}

/** Geography prefixes of Bedrock's system-defined cross-Region inference profiles. */
export const INFERENCE_PROFILE_GEOGRAPHIES = ['us', 'us-gov', 'eu', 'apac', 'jp', 'au', 'global'] as const;

/**
 * The geography prefix of the cross-Region inference profiles a source region may call
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html):
 * US regions and Canada → `us.`, GovCloud → `us-gov.`, Europe → `eu.`, Asia Pacific → `apac.`,
 * any other region → `global.` (whose destinations are all commercial regions).
 */
export function inferenceProfileGeography(region: string): string {
  if (region.startsWith('us-gov-')) return 'us-gov';
  if (region.startsWith('us-') || region.startsWith('ca-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return 'global';
}

/**
 * Base model ids Bedrock serves on demand only through an inference profile: Claude 3.7 and
 * every Claude 4 and later model ("ValidationException: Invocation of model ID … with on-demand
 * throughput isn't supported. Retry your request with the ID or ARN of an inference profile").
 */
export function requiresInferenceProfile(modelId: string): boolean {
  return /^anthropic\.claude-(?:3-7-|(?:opus|sonnet|haiku|fable)-(?:[4-9]|\d\d))/.test(modelId);
}

const ALREADY_PROFILED = new RegExp(`^(?:${INFERENCE_PROFILE_GEOGRAPHIES.join('|')})\\.|^arn:`);

/**
 * The model id to send: a per-model override from `[providers.bedrock.settings]` (keyed by the
 * catalog's base model id: a profile id or an application inference profile ARN) wins; else a
 * base id that needs an inference profile gets the prefix of `inference_profile` (a geography,
 * or `none`) or of the region's geography; any other id is sent as it is.
 */
export function bedrockModelId(upstreamId: string, region: string, settings: Record<string, string> = {}): string {
  const override = settings[upstreamId];
  if (override) return override;
  if (ALREADY_PROFILED.test(upstreamId) || !requiresInferenceProfile(upstreamId)) return upstreamId;
  const geography = settings['inference_profile'] ?? inferenceProfileGeography(region);
  return geography === 'none' ? upstreamId : `${geography}.${upstreamId}`;
}
