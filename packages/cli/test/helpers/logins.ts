import { completeBrowserLogin, completeDeviceLogin } from '@switchboard/testkit';
import { expect } from 'vitest';
import { runSb, startSb } from './sb-process.js';

/** Signs `provider` in through `sb auth login --no-browser --json` and the headless user. */
export async function signInByBrowser(
  environment: Record<string, string>,
  provider: string,
  login: string,
  extraArgs: readonly string[] = [],
): Promise<void> {
  const running = startSb(['auth', 'login', provider, '--no-browser', '--json', ...extraArgs], { environment });
  const openUrl = await running.nextJson((line) => line.event === 'open_url');
  await completeBrowserLogin(String(openUrl.url), { login, followCallback: true });
  const result = await running.result;
  expect(result.code, result.stderr).toBe(0);
}

/** Signs `provider` in through `sb auth login --method device --json` and the headless user. */
export async function signInByDevice(
  environment: Record<string, string>,
  provider: string,
  login: string,
): Promise<void> {
  const running = startSb(['auth', 'login', provider, '--method', 'device', '--json'], { environment });
  const code = await running.nextJson((line) => line.event === 'device_code');
  await completeDeviceLogin(String(code.verification_uri), String(code.user_code), { login });
  const result = await running.result;
  expect(result.code, result.stderr).toBe(0);
}

/** Stores an API key through `sb auth login <provider> --with-api-key`. */
export async function logInWithApiKey(
  environment: Record<string, string>,
  provider: string,
  key: string,
): Promise<void> {
  const result = await runSb(['auth', 'login', provider, '--with-api-key'], { environment, input: key });
  expect(result.code, result.stderr).toBe(0);
}

/** The token `sb auth token <provider>` prints. */
export async function tokenOf(environment: Record<string, string>, provider: string): Promise<string> {
  const result = await runSb(['auth', 'token', provider], { environment });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}
