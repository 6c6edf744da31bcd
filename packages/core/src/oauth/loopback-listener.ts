import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SwitchboardError } from '../errors.js';
import { scrubServerText } from './map-oauth-error.js';
import { renderCallbackPage } from './render-callback-page.js';

/** Options of {@link startLoopbackListener}. */
export interface LoopbackListenerOptions {
  /** Preferred port; 0 or absent = an ephemeral port. */
  port?: number;
  /** Ports tried, in order, when `port` is taken. */
  fallbackPorts?: number[];
  /** Callback path. Default `/callback`. */
  path?: string;
  /** The `state` sent in the authorization request; a callback with another one fails the login. */
  expectedState: string;
  /** Cancels the wait (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** How long to wait for the callback. Default 5 minutes (→ `TIMEOUT`). */
  timeoutMs?: number;
  /** Provider id, for hints in errors. */
  provider?: string;
}

/** A listening loopback callback server. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port><path>`: send it as redirect_uri. */
  redirectUri: string;
  port: number;
  /**
   * Resolves with the callback URL (redirect_uri + the callback's query) once a callback
   * with the expected state arrives; rejects on error=…, state mismatch, timeout or cancel.
   * The server is closed once it settles.
   */
  callback: Promise<URL>;
  /** Stops listening (idempotent); a pending `callback` rejects with `CANCELLED`. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Connections still open this long after closing (a browser's keep-alive) are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Starts the loopback redirect listener of the authorization code flow (RFC 8252 §7.3).
 *
 * Binds 127.0.0.1 only (never all interfaces), on `port`, then each of `fallbackPorts`
 * when taken, or an ephemeral port. Serves only `path` (404 elsewhere), validates `state`
 * (a mismatch answers 400 and fails the login with `OAUTH_STATE_MISMATCH`), shows a small
 * success or error page, and always closes the server when done.
 * @throws SwitchboardError `OAUTH_FAILED` when every configured port is taken.
 */
export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const path = options.path ?? '/callback';
  const server = createServer();
  const port = await listenOnFirstFreePort(server, candidatePorts(options), options.provider);
  const redirectUri = `http://127.0.0.1:${port}${path}`;

  let settled = false;
  let resolveCallback!: (url: URL) => void;
  let rejectCallback!: (error: SwitchboardError) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  // The caller may attach its handler later (after opening the browser).
  callback.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    });
    return closing;
  };

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => {
    settle(
      new SwitchboardError(
        'TIMEOUT',
        `No sign-in arrived within ${formatDuration(timeoutMs)}. Run the login again, or use the device or paste-code method if the browser cannot reach this machine.`,
        { provider: options.provider, isRetryable: false },
      ),
    );
  }, timeoutMs);
  timer.unref();
  const onAbort = (): void =>
    settle(new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider: options.provider }));

  function settle(outcome: URL | SwitchboardError): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof URL) resolveCallback(outcome);
    else rejectCallback(outcome);
    void close();
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', redirectUri);
    if (url.pathname !== path) {
      respond(response, 404, {
        ok: false,
        title: 'Not found',
        message: 'This address only receives the sign-in callback.',
      });
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      respond(response, 405, {
        ok: false,
        title: 'Method not allowed',
        message: 'The sign-in callback is a GET request.',
      });
      return;
    }
    if (settled) {
      respond(response, 409, {
        ok: false,
        title: 'Already finished',
        message: 'This login has already finished. You can close this tab.',
      });
      return;
    }
    const parameters = url.searchParams;
    if (parameters.get('state') !== options.expectedState) {
      respond(response, 400, {
        ok: false,
        title: 'Sign-in rejected',
        message:
          'This sign-in response does not belong to the login in progress (state mismatch). Start the login again.',
      });
      settle(
        new SwitchboardError(
          'OAUTH_STATE_MISMATCH',
          'The sign-in callback did not carry the state of this login (state mismatch), so it was rejected. Start the login again and finish it in the browser tab it opens.',
          { provider: options.provider, isRetryable: false },
        ),
      );
      return;
    }
    const error = parameters.get('error');
    if (error !== null) {
      const safeError = /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'unknown_error';
      const rawDescription = parameters.get('error_description');
      const description = rawDescription ? scrubServerText(rawDescription) : '';
      respond(response, 400, {
        ok: false,
        title: 'Sign-in failed',
        message: `The provider returned an error (${safeError})${description ? `: ${description}` : ''}. You can close this tab and return to the terminal.`,
      });
      settle(
        new SwitchboardError(
          'OAUTH_FAILED',
          `The sign-in failed at the provider (${safeError})${description ? `: "${description}"` : ''}. Run the login again.`,
          { provider: options.provider, isRetryable: false },
        ),
      );
      return;
    }
    if (!parameters.get('code')) {
      respond(response, 400, {
        ok: false,
        title: 'Sign-in failed',
        message: 'The callback carried no authorization code. Start the login again.',
      });
      settle(
        new SwitchboardError(
          'OAUTH_FAILED',
          'The sign-in callback carried no authorization code. Run the login again.',
          { provider: options.provider, isRetryable: false },
        ),
      );
      return;
    }
    respond(response, 200, {
      ok: true,
      title: 'Signed in',
      message: 'You are signed in to Switchboard. You can close this tab and return to the terminal.',
    });
    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = url.search;
    settle(callbackUrl);
  });

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri,
    port,
    callback,
    close: () => {
      settle(new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider: options.provider }));
      return close();
    },
  };
}

function candidatePorts(options: LoopbackListenerOptions): number[] {
  if (!options.port) return [0];
  return [...new Set([options.port, ...(options.fallbackPorts ?? [])])];
}

async function listenOnFirstFreePort(server: Server, ports: number[], provider: string | undefined): Promise<number> {
  for (const port of ports) {
    const bound = await new Promise<number | undefined>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(undefined);
        else reject(error);
      };
      const onListening = (): void => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      // 127.0.0.1 only: the callback carries an authorization code.
      server.listen({ port, host: '127.0.0.1', exclusive: true });
    });
    if (bound !== undefined) return bound;
  }
  throw new SwitchboardError(
    'OAUTH_FAILED',
    `Cannot receive the sign-in callback: port${ports.length > 1 ? 's' : ''} ${ports.join(', ')} on 127.0.0.1 ${ports.length > 1 ? 'are' : 'is'} in use (is another login running?). Close the other program, or use the paste-code or device login method.`,
    { provider, isRetryable: false },
  );
}

function respond(
  response: ServerResponse,
  status: number,
  page: { ok: boolean; title: string; message: string },
): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  response.end(renderCallbackPage(page));
}

function formatDuration(milliseconds: number): string {
  if (milliseconds >= 60_000 && milliseconds % 60_000 === 0) {
    const minutes = milliseconds / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
