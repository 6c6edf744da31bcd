/** What a login says about the account, for `sb auth status` and provider headers. */
export interface AccountFacts {
  /** The OIDC subject. */
  subject?: string;
  email?: string;
  /** ChatGPT: `chatgpt_account_id` (sent as `ChatGPT-Account-Id`). */
  accountId?: string;
  /** ChatGPT: `chatgpt_plan_type` (plus, pro, team, …). */
  plan?: string;
}

/** The namespaced claim in ChatGPT id_tokens that carries account and plan. */
export const CHATGPT_AUTH_CLAIM = 'https://api.openai.com/auth';

/**
 * Derives {@link AccountFacts} from id_token claims: `sub`, `email`, and for ChatGPT the
 * `https://api.openai.com/auth` claim's `chatgpt_account_id` and `chatgpt_plan_type`.
 * Unknown or malformed claims are ignored.
 */
export function accountFactsFromClaims(claims: Record<string, unknown> | undefined): AccountFacts {
  if (!claims) return {};
  const facts: AccountFacts = {};
  const subject = stringClaim(claims.sub);
  if (subject) facts.subject = subject;
  const email = stringClaim(claims.email);
  if (email) facts.email = email;
  const chatgpt = claims[CHATGPT_AUTH_CLAIM];
  if (chatgpt !== null && typeof chatgpt === 'object' && !Array.isArray(chatgpt)) {
    const record = chatgpt as Record<string, unknown>;
    const accountId = stringClaim(record.chatgpt_account_id);
    if (accountId) facts.accountId = accountId;
    const plan = stringClaim(record.chatgpt_plan_type);
    if (plan) facts.plan = plan;
  }
  return facts;
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
