/** A refused request: the server's own message (`{ error: { message } }`) and status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Calls the team server (same origin, with its cookies). A JSON body is sent as JSON; an answer
 * that is not 2xx throws {@link ApiError} with the server's message.
 */
export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'include',
      headers:
        init.body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError('The team server cannot be reached. Check your connection and try again.', 0);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new ApiError(
      typeof message === 'string' ? message : `The team server answered ${response.status}.`,
      response.status,
    );
  }
  return body as T;
}

/** A message for the person from anything a sign-in step threw (the browser's WebAuthn errors included). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.name === 'NotAllowedError')
    return 'The passkey request was cancelled or timed out. Try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
