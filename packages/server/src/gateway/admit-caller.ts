import { parseAgentSession, type AgentSession } from '@switchboard/core';
import { AGENT_SESSION_HEADER } from './create-token-check.js';
import { GatewayRequestError } from './gateway-request-error.js';

/** The 401 of a request whose key the gateway does not accept (a team server's personal keys, or the local token). */
export function callerRefused(team: boolean): GatewayRequestError {
  return new GatewayRequestError(
    'AUTH_FAILED',
    team
      ? 'Missing, wrong or revoked API key. Send one of your personal API keys of this Switchboard team server (Authorization: Bearer … or x-api-key).'
      : 'Missing or wrong Switchboard gateway token. Send the token `sb serve --print-token` prints as the API key (Authorization: Bearer … or x-api-key).',
    { apiCode: 'invalid_api_key' },
  );
}

/**
 * The agent session an accepted request belongs to: the one its key names (`<token>.<name>.<id>`),
 * else the one `x-switchboard-session` names (`named`), else none.
 * @throws GatewayRequestError 400 when the header names no valid session.
 */
export function agentSessionOf(
  fromKey: AgentSession | undefined,
  named: string | null | undefined,
): AgentSession | undefined {
  if (named == null) return fromKey;
  const agentSession = fromKey ?? parseAgentSession(named.trim());
  if (!agentSession)
    throw new GatewayRequestError(
      'INVALID_REQUEST',
      `${AGENT_SESSION_HEADER} must be a name (letters, digits, - and _) or name.id.`,
    );
  return agentSession;
}
