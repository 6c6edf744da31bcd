import { resolveProviderId } from '@switchboard/core';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError } from './describe-failure.js';

/** `/logout <provider>`: removes the session (revoking its tokens where the provider can) and says so. */
export async function logoutProvider(context: ControllerContext, name: string): Promise<void> {
  let provider;
  try {
    provider = resolveProviderId(name);
  } catch (error) {
    return context.notice(asSwitchboardError(error).message, 'error');
  }
  const profileName = context.snapshot().config.providers[provider].name;
  try {
    const result = await context.services.auth.logout(provider);
    if (!result.removed) context.notice(`You were not logged in to ${profileName}.`, 'info');
    else context.notice(`Logged out of ${profileName}${result.revoked ? ' (tokens revoked)' : ''}.`, 'success');
  } catch (error) {
    context.notice(`Logout of ${profileName} failed: ${asSwitchboardError(error).message}`, 'error');
  }
  await context.refresh().catch(() => undefined);
}
