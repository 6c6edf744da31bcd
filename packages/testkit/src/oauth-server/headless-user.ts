import { createCookieJar, type CookieJar } from './create-cookie-jar.js';
import { findLink, parseFirstForm, type ParsedForm } from './parse-first-form.js';

/** Options of {@link completeBrowserLogin}. */
export interface BrowserLoginOptions {
  /** The login typed on the login page; it becomes the `sub`. Default 'user'. */
  login?: string;
  /** Also GET the callback URL (the client's loopback listener), as a browser would. */
  followCallback?: boolean;
}

/** Where the headless browser ended up. */
export interface BrowserLoginResult {
  /** The redirect to the client's redirect_uri (with code & state, or error). */
  callbackUrl: string;
  /** Status of the callback page (only with followCallback). */
  callbackStatus?: number;
  /** Body of the callback page (only with followCallback). */
  callbackBody?: string;
}

/** Options of {@link completeDeviceLogin}. */
export interface DeviceLoginOptions {
  /** The login typed on the login page; it becomes the `sub`. Default 'user'. */
  login?: string;
}

type Step = { kind: 'left-origin'; url: string } | { kind: 'page'; url: string; status: number; html: string };

const MAX_STEPS = 12;
const MAX_REDIRECTS = 20;
const REQUEST_TIMEOUT_MS = 30_000;

/** Describes a URL for an error message: origin and path only (queries may carry codes). */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function pageError(step: { url: string; status: number; html: string }, what: string): Error {
  const code = /data-error="([^"]*)"/.exec(step.html)?.[1];
  return new Error(
    `headless user: ${what} stopped at ${describe(step.url)} (HTTP ${step.status}${code ? `, ${code}` : ''})`,
  );
}

/**
 * A cookie-keeping browser that follows redirects while they stay on `origin` and reports
 * the first redirect that leaves it.
 */
function createBrowser(origin: string): {
  navigate(url: string, form?: ParsedForm): Promise<Step>;
} {
  const jar: CookieJar = createCookieJar();

  async function request(url: string, method: string, body?: URLSearchParams): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = jar.headerFor(target);
    if (cookie) headers.cookie = cookie;
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    jar.store(target, response.headers.getSetCookie());
    return response;
  }

  return {
    async navigate(url, form) {
      let response: Response;
      let current = url;
      if (form && form.method === 'POST') {
        response = await request(
          form.action,
          'POST',
          new URLSearchParams(form.fields.map(({ name, value }) => [name, value])),
        );
        current = form.action;
      } else if (form) {
        const target = new URL(form.action);
        for (const { name, value } of form.fields) target.searchParams.set(name, value);
        current = target.href;
        response = await request(current, 'GET');
      } else {
        response = await request(current, 'GET');
      }
      for (let redirects = 0; response.status >= 300 && response.status < 400; redirects += 1) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) throw new Error(`headless user: redirect without Location at ${describe(current)}`);
        if (redirects >= MAX_REDIRECTS) throw new Error(`headless user: too many redirects at ${describe(current)}`);
        const next = new URL(location, current).href;
        if (new URL(next).origin !== origin) return { kind: 'left-origin', url: next };
        current = next;
        response = await request(current, 'GET');
      }
      return { kind: 'page', url: current, status: response.status, html: await response.text() };
    },
  };
}

function fillForm(form: ParsedForm, values: { login: string; userCode?: string }): ParsedForm {
  return {
    ...form,
    fields: form.fields.map((field) => {
      if (field.name === 'login') return { ...field, value: values.login };
      // devInteractions accept any password.
      if (field.name === 'password') return { ...field, value: 'password' };
      if (field.name === 'user_code' && field.value === '' && values.userCode)
        return { ...field, value: values.userCode };
      return field;
    }),
  };
}

/**
 * Plays the user of a browser: opens the authorization URL, signs in on oidc-provider's
 * development login page, consents, and returns the redirect to the client's redirect_uri.
 */
export async function completeBrowserLogin(
  authorizationUrl: string,
  options: BrowserLoginOptions = {},
): Promise<BrowserLoginResult> {
  const login = options.login ?? 'user';
  const browser = createBrowser(new URL(authorizationUrl).origin);
  let step = await browser.navigate(authorizationUrl);
  for (let steps = 0; step.kind === 'page'; steps += 1) {
    const form = step.status < 400 ? parseFirstForm(step.html, step.url) : undefined;
    if (!form || steps >= MAX_STEPS) throw pageError(step, 'browser login');
    step = await browser.navigate(step.url, fillForm(form, { login }));
  }
  const result: BrowserLoginResult = { callbackUrl: step.url };
  if (options.followCallback) {
    const callback = await fetch(step.url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    result.callbackStatus = callback.status;
    result.callbackBody = await callback.text();
  }
  return result;
}

/**
 * Plays the user who cancels on the login page; returns the redirect to the client's
 * redirect_uri, which carries `error=access_denied`.
 */
export async function denyBrowserLogin(authorizationUrl: string): Promise<string> {
  const browser = createBrowser(new URL(authorizationUrl).origin);
  const step = await browser.navigate(authorizationUrl);
  if (step.kind === 'left-origin') return step.url;
  const abortUrl = step.status < 400 ? findLink(step.html, step.url, '/abort') : undefined;
  if (!abortUrl) throw pageError(step, 'browser login denial');
  const aborted = await browser.navigate(abortUrl);
  if (aborted.kind === 'page') throw pageError(aborted, 'browser login denial');
  return aborted.url;
}

/**
 * Plays the user of a second device: opens the verification URI (plain, or complete with
 * the code embedded), enters the user code, confirms, signs in and consents.
 */
export async function completeDeviceLogin(
  verificationUri: string,
  userCode: string,
  options: DeviceLoginOptions = {},
): Promise<void> {
  const login = options.login ?? 'user';
  const browser = createBrowser(new URL(verificationUri).origin);
  let step = await browser.navigate(verificationUri);
  for (let steps = 0; ; steps += 1) {
    if (step.kind === 'left-origin') {
      throw new Error(`headless user: device login was redirected away to ${describe(step.url)}`);
    }
    if (step.status < 400 && step.html.includes('data-device-login="success"')) return;
    const form =
      step.status < 400 && !step.html.includes('class="error"') ? parseFirstForm(step.html, step.url) : undefined;
    if (!form || steps >= MAX_STEPS) throw pageError(step, 'device login');
    step = await browser.navigate(step.url, fillForm(form, { login, userCode }));
  }
}
