/**
 * An agent session: one run of a coding agent (`sb run -- claude`) or any gateway client that
 * names itself, so its usage can be told apart (`sb usage --by agent`).
 */
export interface AgentSession {
  /** What a person calls it (`claude`, `review-bot`). */
  name: string;
  /** Tells two runs of the same agent apart; the name itself when the client gave none. */
  id: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i;
const ID = /^[a-z0-9]{1,32}$/i;

/**
 * Reads `name` or `name.id` (as `sb run` appends it to the gateway token, or a client sends it
 * in `x-switchboard-session`); undefined when it is not one.
 */
export function parseAgentSession(text: string): AgentSession | undefined {
  const [name = '', id, extra] = text.split('.');
  if (extra !== undefined || !NAME.test(name)) return undefined;
  if (id === undefined) return { name, id: name };
  return ID.test(id) ? { name, id } : undefined;
}

/** `name.id`, the form {@link parseAgentSession} reads. */
export function formatAgentSession(session: AgentSession): string {
  return session.id === session.name ? session.name : `${session.name}.${session.id}`;
}
