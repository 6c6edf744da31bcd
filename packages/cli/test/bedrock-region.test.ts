import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnswerText } from '@switchboard/testkit';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';

const CANARY = 'BEDROCKCANARY5e7d';
const ACCESS_KEY_ID = 'AKIABEDROCKREGION01';
const SECRET = `aws-secret-${CANARY}-0001`;
const API_KEY = `ABSK-${CANARY}-0002`;
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const ONLY_BEDROCK = '[routing]\nprefer = ["bedrock"]\nfallback = false';

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

/** A home whose fake Bedrock plays the eu-west-1 host and checks every signature with the secret. */
async function euHome(extra = '') {
  const home = await createUpstreamHome([ONLY_BEDROCK, extra].join('\n'), {
    bedrockRegion: 'eu-west-1',
    awsSecretAccessKeys: { [ACCESS_KEY_ID]: SECRET },
    expectedCredentials: { bedrock: [ACCESS_KEY_ID, API_KEY] },
  });
  homes.push(home);
  return home;
}

function expectNoLeak(home: UpstreamHome) {
  const output = home.results.map((result) => result.stdout + result.stderr).join('\n');
  expect(output).not.toContain(CANARY);
}

describe('sb with Bedrock in another region than us-east-1', () => {
  it('signs for the region of config.toml and asks for its inference profile', async () => {
    const home = await euHome('[providers.bedrock.settings]\nregion = "eu-west-1"');
    await home.login('bedrock', `${ACCESS_KEY_ID}:${SECRET}`, 'aws');
    const result = await home.sb(['ask', '--model', 'claude-sonnet-4-5', 'bonjour']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${defaultAnswerText('bedrock', `eu.${SONNET}`, 'bonjour')}\n`);
    expect(home.upstream.lastRequest('bedrock')?.headers['authorization']).toMatch(
      /\/eu-west-1\/bedrock\/aws4_request/,
    );
    expectNoLeak(home);
  });

  it('takes AWS_REGION from the environment when config.toml names none', async () => {
    const home = await euHome();
    await home.login('bedrock', `${ACCESS_KEY_ID}:${SECRET}`, 'aws');
    const result = await home.sb(['ask', '--model', 'claude-sonnet-4-5', 'hallo'], {
      environment: { AWS_REGION: 'eu-west-1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${defaultAnswerText('bedrock', `eu.${SONNET}`, 'hallo')}\n`);
    expectNoLeak(home);
  });

  it('fails with one clear line when the signing region does not match the endpoint', async () => {
    const home = await euHome();
    await home.login('bedrock', `${ACCESS_KEY_ID}:${SECRET}`, 'aws');
    const result = await home.sb(['ask', '--model', 'claude-sonnet-4-5', 'x']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/region/i);
    expectNoLeak(home);
  });

  it('uses a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK as a Bearer token', async () => {
    const home = await euHome('[providers.bedrock.settings]\nregion = "eu-west-1"');
    const result = await home.sb(['ask', '--model', 'claude-sonnet-4-5', 'key'], {
      environment: { AWS_BEARER_TOKEN_BEDROCK: API_KEY },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${defaultAnswerText('bedrock', `eu.${SONNET}`, 'key')}\n`);
    expect(home.upstream.lastRequest('bedrock')?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expectNoLeak(home);
  });

  it('refuses an access key pair given as a Bedrock API key, pointing at --method aws', async () => {
    const home = await euHome();
    const result = await home.sb(['auth', 'login', 'bedrock', '--with-api-key'], {
      input: `${ACCESS_KEY_ID}:${SECRET}\n`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--method aws');
    expectNoLeak(home);
  });
});
