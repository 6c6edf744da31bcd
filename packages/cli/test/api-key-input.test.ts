import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSb } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

const CANARY = 'sk-CANARY-5b1e09';
let home: TestHome;
beforeEach(async () => {
  home = await createTestHome();
});
afterEach(async () => {
  await home.remove();
});

describe('an API key with control characters', () => {
  it('sb auth login --with-api-key refuses it in one line (exit 2), stores nothing, never echoes it', async () => {
    for (const key of [`${CANARY}\u001b[31m`, `\u001b[200~${CANARY}\u001b[201~`, `${CANARY}\u0000x`]) {
      const result = await runSb(['auth', 'login', 'openai', '--with-api-key'], {
        environment: home.environment,
        input: `${key}\n`,
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/That OpenAI API key contains control characters .*; paste the key alone\.$/m);
      expect(result.stderr + result.stdout).not.toContain(CANARY);
    }
    const status = await runSb(['auth', 'status', 'openai'], { environment: home.environment });
    expect(status.code).toBe(3);
  });

  it('an environment key with control characters is refused by name, never printed', async () => {
    const result = await runSb(['auth', 'token', 'openai'], {
      environment: { ...home.environment, OPENAI_API_KEY: `${CANARY}\u001b]0;title\u0007` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/OPENAI_API_KEY environment variable contains control characters/);
    expect(result.stderr + result.stdout).not.toContain(CANARY);
  });
});
