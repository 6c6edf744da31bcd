/** Minimal HTML pages of the fake, shaped so the testkit's headless user can drive them. */

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;
}

/** The sign-in page of one authorization transaction (login + password, and a cancel link). */
export function loginPage(transaction: string): string {
  return layout(
    'Sign in to ChatGPT',
    `<form method="post" action="/oauth/authorize/login"><input type="hidden" name="transaction" value="${escape(transaction)}">` +
      `<input name="login" value=""><input type="password" name="password" value=""><button>Continue</button></form>` +
      `<a href="/oauth/authorize/abort?transaction=${encodeURIComponent(transaction)}">Cancel</a>`,
  );
}

/** An error page; `data-error` names the error for tests. */
export function errorPage(error: string, description: string): string {
  return layout('Error', `<p class="error" data-error="${escape(error)}">${escape(description)}</p>`);
}

/** The device page of `{issuer}/codex/device`: the user enters the code and signs in. */
export function devicePage(message = ''): string {
  return layout(
    'Enter your code',
    `${message ? `<p class="error" data-error="invalid_user_code">${escape(message)}</p>` : ''}` +
      `<form method="post" action="/codex/device"><input name="user_code" value=""><input name="login" value="">` +
      `<input type="password" name="password" value=""><button>Continue</button></form>`,
  );
}

/** The page shown once a device code is approved. */
export function deviceApprovedPage(): string {
  return layout('Signed in', '<p data-device-login="success">You are signed in. Return to your terminal.</p>');
}
