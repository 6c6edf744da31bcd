/** Key names whose values are secrets and never reach the audit log. */
const SECRET_KEY = /secret|token|password|passphrase|api[-_]?key|^key$|credential|cookie|authorization|code|assertion/i;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * A copy of `details` with every value under a secret-looking key replaced by {@link REDACTED},
 * at any depth. The audit log stores only what this returns.
 */
export function redactDetails(details: unknown): unknown {
  if (Array.isArray(details)) return details.map(redactDetails);
  if (details === null || typeof details !== 'object') return details;
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [key, SECRET_KEY.test(key) ? REDACTED : redactDetails(value)]),
  );
}
