import { methodBilling, PROVIDER_IDS, type ProviderStatus } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** One login method of a provider, as `sb auth providers` reports it. */
interface MethodRow {
  method: string;
  billing: 'subscription' | 'api';
  setUp: boolean;
  /** What makes it set up: a stored session, or an API key in the environment. */
  via: 'session' | 'environment' | null;
}

/**
 * `sb auth providers [--json]`: every provider with its login methods (read from the provider
 * profiles, config.toml overrides included, so methods added there appear here), what each
 * bills, and whether it is set up. Exit 0. `--json` prints
 * `{"providers":[{"provider","name","loggedIn","activeMethod","methods":[{"method","billing","setUp","via"}]}]}`.
 */
export async function runAuthProviders(io: CliIo, options: { json?: boolean }): Promise<number> {
  const { auth, config } = await openCliSwitchboard(io);
  const statuses = new Map<string, ProviderStatus>((await auth.status()).map((status) => [status.provider, status]));
  const providers = PROVIDER_IDS.map((provider) => {
    const profile = config.providers[provider];
    const status = statuses.get(provider);
    const methods: MethodRow[] = profile.methods.map((method) => {
      const setUp = status?.loggedIn === true && status.method === method;
      // The status names an environment key as `$NAME` instead of an account.
      const fromEnvironment = setUp && (status?.account ?? '').startsWith('$');
      return {
        method,
        billing: methodBilling(profile, method),
        setUp,
        via: setUp ? (fromEnvironment ? 'environment' : 'session') : null,
      };
    });
    return {
      provider,
      name: profile.name,
      loggedIn: status?.loggedIn ?? false,
      activeMethod: status?.loggedIn ? status.method : null,
      methods,
    };
  });

  if (options.json) {
    writeJsonLine(io.stdout, { providers });
    return 0;
  }
  const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
  for (const provider of providers) {
    io.stdout.write(`${style.bold(provider.name)} (${provider.provider})\n`);
    const width = Math.max(...provider.methods.map((row) => row.method.length));
    for (const row of provider.methods) {
      const state = row.setUp ? `✅ set up${row.via === 'environment' ? ' (environment)' : ''}` : '—';
      io.stdout.write(
        `  ${row.method.padEnd(width)}  ${row.billing === 'subscription' ? 'subscription' : 'API billing '}  ${state}\n`,
      );
    }
  }
  io.stdout.write(style.dim('\nSet one up with: sb auth login <provider> --method <method>\n'));
  return 0;
}
