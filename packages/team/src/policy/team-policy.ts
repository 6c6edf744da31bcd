import { isProviderId, SwitchboardError } from '@switchboard/core';
import type { ProviderId } from '@switchboard/core';

/** Where a model is used; each has its own workspace default. */
export const MODEL_CONTEXTS = ['chat', 'structured', 'summary', 'doc'] as const;
/** One of {@link MODEL_CONTEXTS}. */
export type ModelContext = (typeof MODEL_CONTEXTS)[number];

/** The default model of one context and whether a user may pick another. */
export interface ContextDefault {
  readonly model: string;
  readonly userMayChange: boolean;
}

/** The workspace policy an admin sets. */
export interface TeamPolicy {
  /** Empty: every provider not denied. */
  readonly allowProviders: readonly ProviderId[];
  /** Wins over `allowProviders`. */
  readonly denyProviders: readonly ProviderId[];
  /** A context without an entry has no workspace default; users choose freely. */
  readonly defaults: Readonly<Partial<Record<ModelContext, ContextDefault>>>;
  /**
   * Members may name the credential of a request (`workspace` or `personal`): it then serves
   * alone, over the usual order (their own key, then the workspace's). Default false.
   */
  readonly allowCredentialReferences?: boolean;
}

/** The policy of a workspace whose admin has set none: everything allowed, no defaults. */
export const DEFAULT_TEAM_POLICY: TeamPolicy = { allowProviders: [], denyProviders: [], defaults: {} };

const MAX_MODEL_ID_LENGTH = 200;

function invalid(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseProviderList(value: unknown, field: string): ProviderId[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${field} must be a list of provider ids.`);
  const providers: ProviderId[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || !isProviderId(item))
      throw invalid(`${field} has an unknown provider ${JSON.stringify(String(item)).slice(0, 60)}.`);
    if (!providers.includes(item)) providers.push(item);
  }
  return providers;
}

function isModelContext(value: string): value is ModelContext {
  return (MODEL_CONTEXTS as readonly string[]).includes(value);
}

function parseDefaults(value: unknown): Partial<Record<ModelContext, ContextDefault>> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalid(`defaults must be an object keyed by ${MODEL_CONTEXTS.join(', ')}.`);
  const defaults: Partial<Record<ModelContext, ContextDefault>> = {};
  for (const [context, entry] of Object.entries(value)) {
    if (!isModelContext(context))
      throw invalid(
        `defaults has an unknown context ${JSON.stringify(context).slice(0, 60)}; use ${MODEL_CONTEXTS.join(', ')}.`,
      );
    if (!isRecord(entry) || typeof entry.model !== 'string' || entry.model.trim() === '')
      throw invalid(`defaults.${context}.model must be a model id.`);
    if (entry.model.length > MAX_MODEL_ID_LENGTH)
      throw invalid(`defaults.${context}.model is longer than ${MAX_MODEL_ID_LENGTH} characters.`);
    if (entry.userMayChange !== undefined && typeof entry.userMayChange !== 'boolean')
      throw invalid(`defaults.${context}.userMayChange must be true or false.`);
    defaults[context] = { model: entry.model.trim(), userMayChange: entry.userMayChange ?? true };
  }
  return defaults;
}

/**
 * Checks a policy sent by an admin (or read back from storage) and returns it normalized
 * (duplicates dropped, `userMayChange` defaulting to true). Refuses with one clear line.
 */
export function parseTeamPolicy(value: unknown): TeamPolicy {
  if (!isRecord(value)) throw invalid('The policy must be a JSON object.');
  const known = new Set(['allowProviders', 'denyProviders', 'defaults', 'allowCredentialReferences']);
  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) throw invalid(`The policy has an unknown field ${JSON.stringify(unknown).slice(0, 60)}.`);
  return {
    allowProviders: parseProviderList(value.allowProviders, 'allowProviders'),
    denyProviders: parseProviderList(value.denyProviders, 'denyProviders'),
    defaults: parseDefaults(value.defaults),
    ...(value.allowCredentialReferences === undefined
      ? {}
      : { allowCredentialReferences: flagOf(value.allowCredentialReferences, 'allowCredentialReferences') }),
  };
}

function flagOf(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false.`);
  return value;
}

/** Whether `policy` lets the workspace use `provider`: a denied provider is out even when allowed. */
export function isProviderAllowed(policy: TeamPolicy, provider: ProviderId): boolean {
  if (policy.denyProviders.includes(provider)) return false;
  return policy.allowProviders.length === 0 || policy.allowProviders.includes(provider);
}
