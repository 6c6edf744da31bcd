import type { ProviderContext } from 'oidc-provider';

// Plain pages for oidc-provider's device flow and error rendering: the defaults work the same
// but log a "you SHOULD change it" notice on first use, which clutters test output.

function page(title: string, content: string): string {
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1>${content}</body></html>`
  );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Page asking for the user code; `error` set when the previous attempt failed. */
export async function userCodeInputSource(
  context: ProviderContext,
  form: string,
  _out: unknown,
  error?: Error & { userCode?: string },
): Promise<void> {
  const message = error
    ? `<p class="error" data-error="${escapeHtml(error.name)}">The code was not accepted.</p>`
    : '<p>Enter the code displayed on your device</p>';
  context.type = 'html';
  context.body = page(
    'Device sign-in',
    `${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** Page asking to confirm the user code. */
export async function userCodeConfirmSource(
  context: ProviderContext,
  form: string,
  _client: unknown,
  _deviceInfo: unknown,
  userCode: string,
): Promise<void> {
  context.type = 'html';
  context.body = page(
    'Confirm device',
    `<p>Code: <code>${escapeHtml(userCode)}</code></p>${form}` +
      '<button type="submit" form="op.deviceConfirmForm">Continue</button>' +
      '<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Abort</button>',
  );
}

/** Page shown when the device sign-in succeeded. */
export async function deviceSuccessSource(context: ProviderContext): Promise<void> {
  context.type = 'html';
  context.body = page('Sign-in success', '<p data-device-login="success">You can close this page.</p>');
}

/** Error page; carries the OAuth error code (never a token) for headless callers. */
export async function renderError(
  context: ProviderContext,
  out: { error?: string; error_description?: string },
): Promise<void> {
  context.type = 'html';
  context.body = page(
    'Error',
    `<p data-error="${escapeHtml(out.error ?? 'unknown')}">${escapeHtml(out.error_description ?? '')}</p>`,
  );
}
