import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES } from '../catalog/provider-profiles.js';
import { bedrockBaseUrl, bedrockModelId, bedrockRegion, inferenceProfileGeography } from './bedrock-endpoint.js';

const profile = BUILTIN_PROVIDER_PROFILES.bedrock;

describe('bedrockRegion', () => {
  it('takes the session region, then config.toml, then AWS_REGION / AWS_DEFAULT_REGION, then us-east-1', () => {
    const aws = { provider: 'bedrock', method: 'aws', accessKeyId: 'AKIA1', secretAccessKey: 's' } as const;
    const environment = { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'ap-south-1' };
    const settings = { ...profile, settings: { region: 'us-west-2' } };
    expect(bedrockRegion({ credential: { ...aws, region: 'eu-west-3' }, profile: settings, environment })).toBe(
      'eu-west-3',
    );
    expect(bedrockRegion({ credential: aws, profile: settings, environment })).toBe('us-west-2');
    expect(bedrockRegion({ credential: aws, profile, environment })).toBe('eu-central-1');
    expect(bedrockRegion({ credential: aws, profile, environment: { AWS_DEFAULT_REGION: 'ap-south-1' } })).toBe(
      'ap-south-1',
    );
    expect(bedrockRegion({ credential: aws, profile, environment: {} })).toBe('us-east-1');
  });

  it('refuses a value that is not a region, naming the setting', () => {
    expect(() =>
      bedrockRegion({ credential: null, profile: { ...profile, settings: { region: 'Frankfurt' } }, environment: {} }),
    ).toThrow(/"Frankfurt" is not an AWS region/);
  });
});

describe('bedrockBaseUrl', () => {
  it('puts the region (and its partition suffix) in the built-in host', () => {
    expect(bedrockBaseUrl(profile.apiBase, 'eu-west-1')).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com');
    expect(bedrockBaseUrl(profile.apiBase, 'cn-north-1')).toBe('https://bedrock-runtime.cn-north-1.amazonaws.com.cn');
  });

  it('uses an api_base without placeholders as it is', () => {
    expect(bedrockBaseUrl('https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com/', 'eu-west-1')).toBe(
      'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com',
    );
  });
});

describe('bedrockModelId', () => {
  const sonnet = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

  it('prefixes models that need an inference profile with the region geography', () => {
    expect(bedrockModelId(sonnet, 'us-east-1')).toBe(`us.${sonnet}`);
    expect(bedrockModelId(sonnet, 'eu-west-1')).toBe(`eu.${sonnet}`);
    expect(bedrockModelId(sonnet, 'ap-southeast-1')).toBe(`apac.${sonnet}`);
    expect(bedrockModelId(sonnet, 'sa-east-1')).toBe(`global.${sonnet}`);
    expect(inferenceProfileGeography('us-gov-west-1')).toBe('us-gov');
  });

  it('leaves on-demand models and explicit profile ids alone', () => {
    expect(bedrockModelId('amazon.nova-pro-v1:0', 'eu-west-1')).toBe('amazon.nova-pro-v1:0');
    expect(bedrockModelId(`global.${sonnet}`, 'eu-west-1')).toBe(`global.${sonnet}`);
  });

  it('follows inference_profile and per-model overrides from config.toml', () => {
    expect(bedrockModelId(sonnet, 'eu-west-1', { inference_profile: 'global' })).toBe(`global.${sonnet}`);
    expect(bedrockModelId(sonnet, 'eu-west-1', { inference_profile: 'none' })).toBe(sonnet);
    const arn = 'arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/abc123';
    expect(bedrockModelId(sonnet, 'eu-west-1', { [sonnet]: arn })).toBe(arn);
  });
});
