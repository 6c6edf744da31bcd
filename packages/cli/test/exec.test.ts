import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';

const CANARY = 'EXECCANARY77aa01c4';
const mistralKey = `mistral-${CANARY}-0001`;
const anthropicKey = `sk-ant-${CANARY}-0002`;
const awsSecret = `aws-${CANARY}-0003`;
const codexSignature = `codexsig${CANARY}`;

// The child prints its whole environment as JSON: what it got, and nothing else, is asserted.
const PRINT_ENVIRONMENT = ['--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'];

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.${codexSignature}`;
}

/** Mistral and Claude API keys, Bedrock AWS keys, and a ChatGPT sign-in imported from Codex. */
async function loggedInHome() {
  const home = await createUpstreamHome();
  homes.push(home);
  await home.login('mistral', mistralKey);
  await home.login('claude', anthropicKey);
  await home.login('bedrock', `AKIAEXECTESTFAKE01:${awsSecret}`, 'aws');
  const codexHome = join(home.home.environment.HOME!, '.codex');
  await mkdir(codexHome, { recursive: true });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  await writeFile(
    join(codexHome, 'auth.json'),
    JSON.stringify({
      OPENAI_API_KEY: null,
      tokens: {
        id_token: fakeJwt({ email: 'ada@example.com', exp }),
        access_token: fakeJwt({ exp }),
        refresh_token: `rt_${CANARY}`,
        account_id: 'acct-1',
      },
    }),
  );
  expect((await home.sb(['auth', 'import', '--from', 'codex'])).code).toBe(0);
  return home;
}

describe('sb exec', () => {
  it('gives the child every usable credential in its conventional variables, and no subscription token', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['exec', ...PRINT_ENVIRONMENT]);
    expect(result.code).toBe(0);
    const environment = JSON.parse(result.stdout) as Record<string, string>;
    expect(environment['MISTRAL_API_KEY']).toBe(mistralKey);
    expect(environment['ANTHROPIC_API_KEY']).toBe(anthropicKey);
    expect(environment['CLAUDE_API_KEY']).toBe(anthropicKey);
    expect(environment['AWS_ACCESS_KEY_ID']).toBe('AKIAEXECTESTFAKE01');
    expect(environment['AWS_SECRET_ACCESS_KEY']).toBe(awsSecret);
    // The ChatGPT sign-in is not an API key: not exported, under any name.
    expect(environment['OPENAI_API_KEY']).toBeUndefined();
    expect(Object.values(environment).some((value) => value.includes(codexSignature))).toBe(false);
    expect(result.stderr).toBe(
      'sb: not exported: openai (ChatGPT is signed in with a subscription token, which is not an API key)\n',
    );
    // The environment sb itself was given is passed on.
    expect(environment['SWITCHBOARD_HOME']).toBe(home.home.home);
  });

  it('exports an API key stored beside a ChatGPT plan; provider/name picks one session', async () => {
    const home = await loggedInHome();
    const openaiKey = `sk-proj-${CANARY}-0004`;
    await home.login('openai/key', openaiKey);
    const result = await home.sb(['exec', '--provider', 'openai', ...PRINT_ENVIRONMENT]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Record<string, string>)['OPENAI_API_KEY']).toBe(openaiKey);
    expect(result.stderr).toBe('');
    // The plan itself, named: not a key, so nothing is exported for it.
    const plan = await home.sb(['exec', '--provider', 'openai/ada', ...PRINT_ENVIRONMENT]);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as Record<string, string>)['OPENAI_API_KEY']).toBeUndefined();
    expect(plan.stderr).toBe(
      'sb: not exported: openai/ada (ChatGPT is signed in with a subscription token, which is not an API key)\n',
    );
    const missing = await home.sb(['exec', '--provider', 'openai/nobody', ...PRINT_ENVIRONMENT]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('sb auth login chatgpt --name nobody');
  });

  it('--session runs the command as an agent session through the gateway: no provider key, its usage metered and limited', async () => {
    const home = await loggedInHome();
    const ask = `
const { OPENAI_BASE_URL: base, OPENAI_API_KEY: key, MISTRAL_API_KEY: mistral } = process.env;
const statuses = [];
for (let index = 0; index < 2; index += 1) {
  const response = await fetch(base + '/chat/completions', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mistral-large-3', messages: [{ role: 'user', content: 'ping' }] }),
  });
  statuses.push(response.status);
}
process.stdout.write(JSON.stringify({ statuses, mistral: mistral ?? null, key }) + '\\n');
`;
    const result = await home.sb([
      'exec',
      '--session',
      'nightly',
      '--max-tokens',
      '20',
      '--',
      process.execPath,
      '--input-type=module',
      '-e',
      ask,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout) as { statuses: number[]; mistral: string | null; key: string };
    // The second request finds the session's 20 tokens used up.
    expect(seen.statuses).toEqual([200, 429]);
    expect(seen.mistral).toBeNull();
    expect(seen.key).not.toContain(CANARY);
    const usage = JSON.parse((await home.sb(['usage', '--by', 'agent', '--json'])).stdout) as {
      summary: { byAgent: { agent: string }[] };
    };
    expect(usage.summary.byAgent.map((row) => row.agent.split('.')[0])).toEqual(['nightly']);
    const both = await home.sb(['exec', '--session', 'x', '--provider', 'mistral', ...PRINT_ENVIRONMENT]);
    expect(both.code).toBe(2);
  });

  it('--provider exports only those providers', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['exec', '--provider', 'mistral', 'claude', ...PRINT_ENVIRONMENT]);
    expect(result.code).toBe(0);
    const environment = JSON.parse(result.stdout) as Record<string, string>;
    expect(environment['MISTRAL_API_KEY']).toBe(mistralKey);
    expect(environment['ANTHROPIC_API_KEY']).toBe(anthropicKey);
    expect(Object.keys(environment).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    expect(result.stderr).toBe('');
    // sb printed nothing of its own: stdout is exactly the child's.
    expect(result.stdout.startsWith('{')).toBe(true);
  });

  it("the child's exit code is sb's; a provider without a login is exit 3 and nothing runs", async () => {
    const home = await loggedInHome();
    const failed = await home.sb(['exec', '--provider', 'mistral', '--', process.execPath, '-e', 'process.exit(7)']);
    expect(failed.code).toBe(7);
    const missing = await home.sb([
      'exec',
      '--provider',
      'gemini',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write("ran")',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('sb auth login gemini');
    const notFound = await home.sb(['exec', '--provider', 'mistral', '--', 'no-such-command-sb-test']);
    expect(notFound.code).toBe(127);
    expect(notFound.stderr).toBe('sb: command not found: no-such-command-sb-test\n');
  });

  it('never prints a secret itself', async () => {
    const home = await loggedInHome();
    await home.sb(['exec', '--', process.execPath, '-e', '0']);
    await home.sb(['exec', '--provider', 'openai', '--', process.execPath, '-e', '0']);
    const own = home.results.map((result) => result.stdout + result.stderr).join('\n') + (await home.home.readLogs());
    expect(own).not.toContain(CANARY);
  });
});
