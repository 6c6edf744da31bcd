/**
 * What the runtime reports about its routes (for the event log): a request that moved past a
 * failing route, a CLI bridge that failed, a circuit that opened or closed again. Codes only.
 */
export type RouteEvent =
  | { type: 'fallback'; model: string; provider: string; method: string; session?: string; code: string }
  | { type: 'bridge-failed'; model: string; provider: string; method: string; code: string }
  | { type: 'circuit'; provider: string; method: string; state: 'open' | 'closed' };
