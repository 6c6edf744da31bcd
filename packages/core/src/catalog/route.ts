import type { AuthMethod, ProviderId } from '../ids.js';
import type { ModelRoute } from './model-schema.js';
import type { Transport } from './transport.js';

/** Builds a built-in provider route; a shorthand for the model tables, nothing is derived. */
export function route(
  provider: ProviderId,
  methods: AuthMethod[],
  upstreamId: string,
  transport: Transport,
): ModelRoute {
  return { provider, methods, upstreamId, transport };
}
