/** Options of {@link createGoogleBearerFetch}. */
export interface GoogleBearerFetchOptions {
  fetch: typeof fetch;
  accessToken: string;
  /** The Google Cloud project billed for quota (`x-goog-user-project`); omitted when unset. */
  quotaProject?: string | undefined;
}

/**
 * A `fetch` for `@ai-sdk/google` that authenticates with a Google sign-in instead of an API key:
 * the SDK always adds `x-goog-api-key`, so this drops it and sends the session's token as
 * `Authorization: Bearer`, plus `x-goog-user-project` naming the project whose quota and billing
 * the call uses — the Gemini API's documented OAuth request
 * (https://ai.google.dev/gemini-api/docs/oauth, "curl … -H 'Authorization: Bearer …'
 * -H 'x-goog-user-project: ${project_id}'").
 */
export function createGoogleBearerFetch(options: GoogleBearerFetchOptions): typeof fetch {
  const bearerFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
    headers.delete('x-goog-api-key');
    headers.set('authorization', `Bearer ${options.accessToken}`);
    if (options.quotaProject) headers.set('x-goog-user-project', options.quotaProject);
    return options.fetch(input, { ...init, headers });
  };
  return bearerFetch as typeof fetch;
}
