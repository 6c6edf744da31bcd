import { useEffect, useState } from 'react';
import { api } from '../api.js';

/**
 * Each member's email by user id (`GET /api/admin/users`), for sections that only get ids from
 * the server (usage, audit). Until it loads, or if it fails, ids are shown as they are: the
 * section stays usable and its own errors say what matters.
 */
export function useMemberEmails(): (userId: string) => string {
  const [emails, setEmails] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let active = true;
    api<{ users: { id: string; email: string | null }[] }>('/api/admin/users').then(
      ({ users }) =>
        active && setEmails(new Map(users.flatMap((user) => (user.email ? [[user.id, user.email] as const] : [])))),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);
  return (userId) => emails.get(userId) ?? userId;
}
