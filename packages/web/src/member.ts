import { api } from './api.js';

/** The signed-in member as the web app shows them. */
export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly role: 'admin' | 'user';
}

/** Who is signed in (`GET /api/me` and the session's email); a stranger gets a 401 {@link ApiError}. */
export async function loadMember(): Promise<Member> {
  const [me, session] = await Promise.all([
    api<{ userId: string; role: Member['role'] }>('/api/me'),
    api<{ user?: { email?: string } } | null>('/api/auth/get-session'),
  ]);
  return { userId: me.userId, email: session?.user?.email ?? '', role: me.role };
}
