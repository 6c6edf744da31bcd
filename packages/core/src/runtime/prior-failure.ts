import type { ResolvedCredential } from '../auth/types.js';
import type { RouteTarget } from '../providers/types.js';

/** A failed first attempt of a request, made outside `Runtime.forward` (see `ForwardRequest.priorFailure`). */
export interface PriorFailure {
  route: RouteTarget;
  /** The credential it was sent with: a route whose credential has changed since is tried afresh. */
  credential: ResolvedCredential | null;
  /** What the attempt failed with, as an attempt of the runtime's own would have thrown it. */
  raw: unknown;
  /** When the attempt started (epoch ms, the runtime's clock): the request's deadline counts from here. */
  startedAt: number;
}
