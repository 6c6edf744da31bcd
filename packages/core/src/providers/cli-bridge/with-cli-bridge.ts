import { execFile } from 'node:child_process';
import { bridgeCommandOf, bridgeEnvironment } from '../../auth/cli-bridge-tools.js';
import { SwitchboardError } from '../../errors.js';
import { collectStream } from '../collect-stream.js';
import { normalizeProviderError } from '../normalize-provider-error.js';
import type { ProviderRuntime } from '../types.js';
import type { CliBridgeDialect } from './cli-bridge-dialect.js';
import { bridgeNotInstalledError } from './classify-bridge-failure.js';
import { streamCliBridge, type StreamCliBridgeOptions } from './stream-cli-bridge.js';

/** The route transport each bridge serves (catalog/transport.ts). */
export const BRIDGE_TRANSPORTS = {
  'claude-code': 'claude-code-cli',
  'gemini-cli': 'gemini-cli',
  'codex-cli': 'codex-cli',
} as const;

/**
 * A provider's runtime that also serves its CLI bridge: requests on the bridge's transport run
 * the user's own vendor CLI ({@link streamCliBridge}); everything else goes to `runtime`.
 * Credential checks for a bridge session ask the CLI for `--version` (offline, no model call).
 */
export function withCliBridge(
  runtime: ProviderRuntime,
  dialect: CliBridgeDialect,
  options: StreamCliBridgeOptions = {},
): ProviderRuntime {
  const transport = BRIDGE_TRANSPORTS[dialect.method];
  const names = { provider: dialect.provider, providerName: dialect.name };
  return {
    ...runtime,
    transports: [...runtime.transports, transport],
    listModels(context) {
      // The CLI has no model list of its own to ask; the catalog says what it serves.
      return context.credential?.method === dialect.method ? Promise.resolve([]) : runtime.listModels(context);
    },
    generate(request, context) {
      if (context.route.transport !== transport) return runtime.generate(request, context);
      return collectStream(streamCliBridge(dialect, request, context, options), context.route);
    },
    streamGenerate(request, context) {
      if (context.route.transport !== transport) return runtime.streamGenerate(request, context);
      return streamCliBridge(dialect, request, context, options);
    },
    async validateCredential(context) {
      if (context.credential?.method !== dialect.method) return runtime.validateCredential(context);
      try {
        await checkBridgeCommand(dialect, context.environment);
        return { valid: true };
      } catch (error) {
        return { valid: false, error: normalizeProviderError(error, names) };
      }
    },
    normalizeError(error, route) {
      if (route?.transport !== transport) return runtime.normalizeError(error, route);
      return normalizeProviderError(error, { ...names, upstreamModel: route.upstreamId });
    },
  };
}

/** Runs `<cli> --version` (it answers without contacting the vendor); rejects with why it could not. */
export function checkBridgeCommand(
  dialect: CliBridgeDialect,
  environment: Readonly<Record<string, string | undefined>> | undefined,
  timeoutMs = 10_000,
): Promise<string> {
  const command = bridgeCommandOf(dialect, environment);
  return new Promise((resolve, reject) => {
    execFile(
      command,
      ['--version'],
      { timeout: timeoutMs, env: bridgeEnvironment(dialect, environment) },
      (error, stdout) => {
        if (!error) return resolve(String(stdout).trim() || 'unknown');
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          code === 'ENOENT'
            ? bridgeNotInstalledError(dialect, command)
            : new SwitchboardError(
                'PROVIDER_UNAVAILABLE',
                `${dialect.name} (\`${command}\`) did not answer --version.`,
                {
                  provider: dialect.provider,
                  isRetryable: false,
                },
              ),
        );
      },
    );
  });
}
