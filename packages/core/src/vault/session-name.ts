import type { StoredSession } from './session.js';

// Short, typed by people, used in `provider/name` and in config.toml keys: no slashes, no spaces.
const SESSION_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** True when `name` can name a session (`work`, `personal`, `key-3f2a`). */
export function isValidSessionName(name: string): boolean {
  return SESSION_NAME.test(name);
}

/**
 * The name a session gets when the user gives none: the email's local part (`alice`), the key
 * hint of an API key (`key-3f2a`), the AWS profile, or the method (`claude-code`, `adc`). A
 * name in `taken` gets a number (`alice-2`).
 */
export function defaultSessionName(session: StoredSession, taken: ReadonlySet<string> = new Set()): string {
  const base = slug(baseName(session)) || slug(session.method) || 'session';
  if (!taken.has(base)) return base;
  for (let index = 2; ; index += 1) {
    const candidate = `${base.slice(0, 36)}-${index}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function baseName(session: StoredSession): string {
  const email = session.metadata.email ?? (session.account?.includes('@') ? session.account : undefined);
  if (email) return email.split('@')[0] ?? '';
  if (session.method === 'api-key') {
    // The last four letters or digits, as the key hint shows them (`sk-…3f2a` → `key-3f2a`).
    const key = (session.apiKey ?? '').replace(/[^a-z0-9]/gi, '');
    return key.length >= 10 ? `key-${key.slice(-4)}` : 'api-key';
  }
  if (session.method === 'service-account' && session.serviceAccount)
    return session.serviceAccount.clientEmail.split('@')[0] ?? '';
  if (session.method === 'aws') return session.awsChain?.profile ?? 'aws';
  if (session.method === 'client-credentials' && session.clientId) return session.clientId;
  return session.method;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40)
    .replace(/[-.]+$/, '');
}
