import { isProviderId, SwitchboardError, type ProviderId } from '@switchboard/core';

/** What a member chose in the web app, remembered across reloads and devices. */
export interface UserPreferences {
  /** The model the chat's header selector shows (`null`: the workspace default). */
  readonly chatModel: string | null;
  /** Providers the settings' selector keeps in the header's list (empty: all). */
  readonly providers: readonly ProviderId[];
}

/** A member who chose nothing yet. */
export const DEFAULT_USER_PREFERENCES: UserPreferences = { chatModel: null, providers: [] };

const MAX_MODEL_ID_LENGTH = 200;

function invalid(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

/**
 * Checks preferences a member sends (a change: the fields given replace the `current` ones).
 * One clear line for what is wrong.
 */
export function parseUserPreferences(value: unknown, current: UserPreferences): UserPreferences {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('Preferences must be a JSON object.');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== 'chatModel' && key !== 'providers');
  if (unknown !== undefined) throw invalid(`Preferences have no field ${JSON.stringify(unknown).slice(0, 60)}.`);
  const { chatModel, providers } = fields;
  if (
    chatModel !== undefined &&
    chatModel !== null &&
    (typeof chatModel !== 'string' || chatModel.trim() === '' || chatModel.length > MAX_MODEL_ID_LENGTH)
  )
    throw invalid('chatModel must be a model id, or null.');
  if (providers !== undefined && (!Array.isArray(providers) || !providers.every(isProviderId)))
    throw invalid('providers must be a list of provider ids (openai, anthropic, google, …).');
  return {
    chatModel: chatModel === undefined ? current.chatModel : chatModel === null ? null : chatModel.trim(),
    providers: providers === undefined ? current.providers : [...new Set(providers as ProviderId[])],
  };
}
