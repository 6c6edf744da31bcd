/** PostgreSQL's SQLSTATE for a unique violation. */
export const UNIQUE_VIOLATION = '23505';

/** Whether `error` is a unique-constraint violation, on PostgreSQL or on SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === UNIQUE_VIOLATION || (typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}
