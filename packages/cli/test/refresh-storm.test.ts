import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb, startSb } from './helpers/sb-process.js';
import { signInByBrowser } from './helpers/logins.js';
import { createTestHome, signInConfig, type TestHome } from './helpers/switchboard-home.js';
import { jsonLines } from './helpers/json-lines.js';

const PROCESSES = 8;

let server: OAuthServer;
let home: TestHome;

// Tokens live 310 s: 10 s after login the token enters the 5-minute refresh window, and a
// freshly refreshed one stays outside it for 10 s, so every process that arrives after the one
// refresh adopts its token instead of refreshing again (with a TTL under 5 minutes, each late
// process would rightly refresh once more).
const TOKEN_TTL_SECONDS = 310;
const REFRESH_WINDOW_SECONDS = 300;

beforeAll(async () => {
  // Refresh tokens rotate, and re-using a rotated one revokes the whole grant: the
  // multi-process race that logs people out of other tools.
  server = await startOAuthServer({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS, rotateRefreshTokens: true });
  home = await createTestHome(signInConfig('openai', server));
});
afterAll(async () => {
  await home?.remove();
  await server?.close();
});

describe('refresh storm: 8 `sb auth token openai` processes on a token due for refresh', () => {
  it(
    'serves exactly one refresh grant, all 8 print the same valid token, and the session survives',
    { timeout: 120_000 },
    async () => {
      await signInByBrowser(home.environment, 'openai', 'ada');
      const status = JSON.parse(
        (await runSb(['auth', 'status', 'openai', '--json'], { environment: home.environment })).stdout,
      ) as {
        providers: { expiresAt: string }[];
      };
      const dueAt = Date.parse(status.providers[0]!.expiresAt) - REFRESH_WINDOW_SECONDS * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 500));
      const original = (await runSb(['auth', 'status', 'openai', '--json'], { environment: home.environment })).stdout;
      expect(server.grantsServed().refresh_token).toBe(0);

      const processes = Array.from({ length: PROCESSES }, () =>
        startSb(['auth', 'token', 'openai'], { environment: home.environment, input: '' }),
      );
      const results = await Promise.all(processes.map((running) => running.result));

      for (const result of results)
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const tokens = results.map((result) => result.stdout);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).toMatch(/^\S+\n$/);
      expect(server.grantsServed().refresh_token).toBe(1);
      expect(await server.isTokenActive(tokens[0]!.trim())).toBe(true);

      const after = await runSb(['auth', 'status', 'openai', '--json'], { environment: home.environment });
      expect(after.code).toBe(0);
      expect(after.stdout).not.toBe(original);
      expect(JSON.parse(after.stdout)).toMatchObject({
        providers: [{ provider: 'openai', loggedIn: true, refreshable: true }],
      });

      // The event log tells the same story from all eight processes: one refresh, the rest
      // adopted it (or found it fresh), none failed, and no token in any line.
      const log = await runSb(['auth', 'log', '--json', '--provider', 'openai'], { environment: home.environment });
      expect(log.code).toBe(0);
      const events = jsonLines<{ kind: string; pid: number; process: string }>(log.stdout);
      const kinds = events.map((event) => event.kind);
      expect(kinds.slice(0, 2)).toEqual(['login.started', 'login.succeeded']);
      expect(kinds.filter((kind) => kind === 'refresh.succeeded')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'refresh.failed')).toHaveLength(0);
      expect(kinds.filter((kind) => kind === 'refresh.adopted').length).toBeLessThanOrEqual(PROCESSES - 1);
      expect(events.every((event) => event.process === 'cli' && Number.isInteger(event.pid))).toBe(true);
      expect(log.stdout).not.toContain(tokens[0]!.trim());
      const stats = await runSb(['auth', 'stats', '--json'], { environment: home.environment });
      expect(JSON.parse(stats.stdout)).toMatchObject({
        providers: [{ provider: 'openai', refreshes: { successRate: 1 }, logins: { attempts: 1, succeeded: 1 } }],
      });
    },
  );
});
