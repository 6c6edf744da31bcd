import { parseSessionRef } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth token <provider|provider/name>`: prints a valid access token (refreshed if needed) or the API key,
 * and nothing else on stdout — like `gh auth token`, for `$(sb auth token openai)`.
 */
export async function runAuthToken(io: CliIo, providerName: string): Promise<number> {
  const ref = parseSessionRef(providerName);
  const { auth } = await openCliSwitchboard(io);
  const token = await auth.getAccessToken(ref.provider, { session: ref.name });
  io.stdout.write(`${token}\n`);
  return 0;
}
