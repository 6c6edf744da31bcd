/**
 * The link a new member opens to enroll: the web app's `/enroll` page with the token in the
 * fragment, which browsers never send to a server (no access log or Referer carries it).
 */
export function enrollmentUrl(publicUrl: string, token: string): string {
  return `${new URL(publicUrl).origin}/enroll#token=${token}`;
}
