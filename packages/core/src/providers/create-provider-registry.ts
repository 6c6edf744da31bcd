import { SwitchboardError } from '../errors.js';
import { createAnthropicRuntime } from './create-anthropic-runtime.js';
import { createAzureRuntime } from './create-azure-runtime.js';
import { createBedrockRuntime } from './create-bedrock-runtime.js';
import { createGoogleRuntime } from './create-google-runtime.js';
import { createMistralRuntime } from './create-mistral-runtime.js';
import { createOpenAICompatibleRuntime } from './create-openai-compatible-runtime.js';
import { createOpenAIRuntime } from './create-openai-runtime.js';
import { createVertexRuntime } from './create-vertex-runtime.js';
import { CODEX_CLI_DIALECT } from './cli-bridge/codex-cli-dialect.js';
import { GEMINI_CLI_DIALECT } from './cli-bridge/gemini-cli-dialect.js';
import { withCliBridge } from './cli-bridge/with-cli-bridge.js';
import type { StreamCliBridgeOptions } from './cli-bridge/stream-cli-bridge.js';
import type { ProviderHealthStatus, ProviderRuntime, ProviderRuntimeId, RouteTarget } from './types.js';

/** One adapter in the registry, with the health the runtime last recorded for it. */
export interface ProviderRegistryEntry {
  readonly id: ProviderRuntimeId;
  readonly runtime: ProviderRuntime;
  readonly transports: readonly string[];
  readonly capabilities: ProviderRuntime['capabilities'];
  readonly status: ProviderHealthStatus;
  /** Why the status is what it is, e.g. the error code of the failed health check. */
  readonly statusDetail: string | undefined;
  /** When the status was last set (ms since epoch, from the injected clock). */
  readonly statusChangedAt: number;
}

/** The adapters by provider id and by transport, with a status each. */
export interface ProviderRegistry {
  /** @throws SwitchboardError `UNKNOWN_PROVIDER` */
  get(id: ProviderRuntimeId): ProviderRuntime;
  /** The adapter that speaks a transport. @throws SwitchboardError `INVALID_CONFIG` */
  forTransport(transport: string): ProviderRuntime;
  /** The adapter for a route, checking that it serves the route's provider. */
  forRoute(route: Pick<RouteTarget, 'provider' | 'transport'>): ProviderRuntime;
  entry(id: ProviderRuntimeId): ProviderRegistryEntry;
  list(): ProviderRegistryEntry[];
  /** Set by the runtime's health checks; one provider's status never touches another's. */
  setStatus(id: ProviderRuntimeId, status: ProviderHealthStatus, detail?: string): void;
}

/** Options of {@link createProviderRegistry}. */
export interface ProviderRegistryOptions {
  /** Default: {@link createBuiltinProviderRuntimes}. */
  runtimes?: readonly ProviderRuntime[];
  /** Plan-usage windows a vendor CLI reports through a bridge (for quota.json). */
  onBridgeQuota?: StreamCliBridgeOptions['onQuota'];
  /** Status before any health check. Default `unconfigured`. */
  initialStatus?: ProviderHealthStatus;
  now?: () => number;
}

/** One adapter per built-in provider (with its CLI bridge, where the vendor has one) plus the OpenAI-compatible one. */
export function createBuiltinProviderRuntimes(
  options: { now?: () => number; onBridgeQuota?: StreamCliBridgeOptions['onQuota'] } = {},
): ProviderRuntime[] {
  const clock = {
    ...(options.now ? { now: options.now } : {}),
    ...(options.onBridgeQuota ? { onQuota: options.onBridgeQuota } : {}),
  };
  return [
    withCliBridge(createOpenAIRuntime(), CODEX_CLI_DIALECT, clock),
    createAnthropicRuntime(clock),
    withCliBridge(createGoogleRuntime(), GEMINI_CLI_DIALECT, clock),
    createMistralRuntime(),
    createAzureRuntime(clock),
    createVertexRuntime(clock),
    createBedrockRuntime(clock),
    createOpenAICompatibleRuntime(),
  ];
}

interface MutableEntry {
  runtime: ProviderRuntime;
  status: ProviderHealthStatus;
  statusDetail: string | undefined;
  statusChangedAt: number;
}

/** A registry of provider adapters. */
export function createProviderRegistry(options: ProviderRegistryOptions = {}): ProviderRegistry {
  const now = options.now ?? Date.now;
  const runtimes =
    options.runtimes ??
    createBuiltinProviderRuntimes({
      ...(options.now ? { now: options.now } : {}),
      ...(options.onBridgeQuota ? { onBridgeQuota: options.onBridgeQuota } : {}),
    });
  const entries = new Map<ProviderRuntimeId, MutableEntry>();
  const byTransport = new Map<string, ProviderRuntime>();
  for (const runtime of runtimes) {
    if (entries.has(runtime.id))
      throw new SwitchboardError('INVALID_CONFIG', `Two adapters for provider "${runtime.id}".`);
    entries.set(runtime.id, {
      runtime,
      status: options.initialStatus ?? 'unconfigured',
      statusDetail: undefined,
      statusChangedAt: now(),
    });
    for (const transport of runtime.transports) {
      const other = byTransport.get(transport);
      if (other)
        throw new SwitchboardError(
          'INVALID_CONFIG',
          `Transport "${transport}" is claimed by both "${other.id}" and "${runtime.id}".`,
        );
      byTransport.set(transport, runtime);
    }
  }

  function mutableEntry(id: ProviderRuntimeId): MutableEntry {
    const entry = entries.get(id);
    if (!entry) {
      throw new SwitchboardError(
        'UNKNOWN_PROVIDER',
        `No adapter for provider "${id}". Known: ${[...entries.keys()].join(', ')}.`,
      );
    }
    return entry;
  }

  function snapshot(entry: MutableEntry): ProviderRegistryEntry {
    return {
      id: entry.runtime.id,
      runtime: entry.runtime,
      transports: entry.runtime.transports,
      capabilities: entry.runtime.capabilities,
      status: entry.status,
      statusDetail: entry.statusDetail,
      statusChangedAt: entry.statusChangedAt,
    };
  }

  const registry: ProviderRegistry = {
    get: (id) => mutableEntry(id).runtime,
    forTransport(transport) {
      const runtime = byTransport.get(transport);
      if (!runtime) throw new SwitchboardError('INVALID_CONFIG', `No adapter speaks transport "${transport}".`);
      return runtime;
    },
    forRoute(route) {
      const runtime = registry.forTransport(route.transport);
      const expected: ProviderRuntimeId = route.provider.startsWith('endpoint:')
        ? 'openai-compatible'
        : (route.provider as ProviderRuntimeId);
      if (runtime.id !== expected) {
        throw new SwitchboardError(
          'INVALID_CONFIG',
          `Transport "${route.transport}" belongs to "${runtime.id}", not "${route.provider}".`,
        );
      }
      return runtime;
    },
    entry: (id) => snapshot(mutableEntry(id)),
    list: () => [...entries.values()].map(snapshot),
    setStatus(id, status, detail) {
      const entry = mutableEntry(id);
      if (entry.status !== status || entry.statusDetail !== detail) entry.statusChangedAt = now();
      entry.status = status;
      entry.statusDetail = detail;
    },
  };
  return registry;
}
