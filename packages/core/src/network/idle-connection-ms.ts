/**
 * How long a pooled upstream connection may sit idle before it is closed rather than reused: the
 * default keep-alive timeout of undici (Node's `fetch`). Shorter than the idle timeout of most
 * servers, so a connection is rarely reused just as its server closes it. Node's `Agent` also
 * reads the server's own hint (`Keep-Alive: timeout=N`, less a one-second margin) only when it
 * has a `timeout` of its own (`Agent.prototype.keepSocketAlive`): without one, idle connections
 * are kept until the server closes them, and a request sent on one just then fails.
 */
export const IDLE_CONNECTION_MS = 4_000;
