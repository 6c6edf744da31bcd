/** Where a model is used; each has its own workspace default (the team server's list). */
export const MODEL_CONTEXTS = ['chat', 'structured', 'summary', 'doc'] as const;
/** One of {@link MODEL_CONTEXTS}. */
export type ModelContext = (typeof MODEL_CONTEXTS)[number];

/** What each context is, in the admin's words. */
export const CONTEXT_NAMES: Record<ModelContext, { readonly title: string; readonly what: string }> = {
  chat: { title: 'Chat', what: 'The web app’s chat.' },
  structured: { title: 'Structured output', what: 'Answers that must fit a JSON schema (/api/structured).' },
  summary: { title: 'Summaries', what: 'Requests made for a summary.' },
  doc: { title: 'Documents', what: 'Requests made for document work.' },
};

/** The default model of one context and whether a member may pick another. */
export interface ContextDefault {
  readonly model: string;
  readonly userMayChange: boolean;
}

/** The workspace policy, as `GET /api/policy` answers and `PUT /api/admin/policy` takes it. */
export interface TeamPolicy {
  /** Empty: every provider not denied. */
  readonly allowProviders: readonly string[];
  /** Wins over `allowProviders`. */
  readonly denyProviders: readonly string[];
  readonly defaults: Readonly<Partial<Record<ModelContext, ContextDefault>>>;
  /** Members may name the credential (theirs or the workspace's) that serves a request. */
  readonly allowCredentialReferences?: boolean;
}

/** Where a provider stands in a policy: on neither list, on the allow list, or denied. */
export type ProviderRule = 'none' | 'allow' | 'deny';

/** The rule the policy sets for `provider` (a provider on both lists is denied: deny wins). */
export function ruleOf(policy: TeamPolicy, provider: string): ProviderRule {
  if (policy.denyProviders.includes(provider)) return 'deny';
  return policy.allowProviders.includes(provider) ? 'allow' : 'none';
}

/** `policy` with `provider` under `rule`, taken off the other list. */
export function withRule(policy: TeamPolicy, provider: string, rule: ProviderRule): TeamPolicy {
  const without = (list: readonly string[]) => list.filter((id) => id !== provider);
  return {
    ...policy,
    allowProviders: rule === 'allow' ? [...without(policy.allowProviders), provider] : without(policy.allowProviders),
    denyProviders: rule === 'deny' ? [...without(policy.denyProviders), provider] : without(policy.denyProviders),
  };
}

/** Whether `policy` admits `provider`, as the server decides it: deny wins; an allow list admits only those on it. */
export function isAdmitted(policy: TeamPolicy, provider: string): boolean {
  if (policy.denyProviders.includes(provider)) return false;
  return policy.allowProviders.length === 0 || policy.allowProviders.includes(provider);
}
