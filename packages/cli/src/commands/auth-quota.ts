import {
  createQuotaLog,
  createUsageLog,
  fetchCodexUsage,
  isProviderId,
  isSwitchboardError,
  methodBilling,
  type ProviderStatus,
  type QuotaSnapshot,
  type SwitchboardHome,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { formatWindow } from '../io/format-quota.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';
import { readBudgets } from './read-budgets.js';

/**
 * `sb auth quota [--json] [--offline]`: for each subscription, the usage windows its provider
 * reported (the ChatGPT plan's 5-hour and weekly windows, read live from the Codex backend's
 * usage endpoint unless `--offline`, else the last report any process kept in quota.json),
 * with reset times; then this month's spend against each API budget. Exit 0, or 3 when a
 * subscription's session turned out to be expired. `--json` prints
 * `{"subscriptions":[{"provider","name","method","session","account","plan","source","observedAt","windows":[{"id","limitName","usedPercent","windowMinutes","resetsAt"}],"credits","limitReached"}],"budgets":[…],"quotaFile","corrupt"}`.
 */
export async function runAuthQuota(io: CliIo, options: { json?: boolean; offline?: boolean }): Promise<number> {
  const home = await openCliSwitchboard(io);
  const { auth, config, paths } = home;
  const quotaLog = createQuotaLog({ path: paths.quota });
  const statuses = await auth.status();
  let exitCode = 0;
  if (!options.offline) {
    const live = await readLiveUsage(home, statuses, () => io.now());
    for (const snapshot of live.snapshots) await quotaLog.record(snapshot);
    for (const error of live.errors) {
      const expired = isSwitchboardError(error, 'SESSION_EXPIRED') || isSwitchboardError(error, 'LOGIN_REQUIRED');
      if (expired) exitCode = 3;
      io.stderr.write(`sb: ${error.message}${expired ? '' : ' Showing the last report.'}\n`);
    }
  }
  const { snapshots, corrupt } = await quotaLog.read();
  if (corrupt) io.stderr.write(`sb: ${paths.quota} is unreadable; it was left as it is. Delete it to start over.\n`);
  const subscriptions = describeSubscriptions(home, statuses, snapshots);
  const budgets = await readBudgets(config, createUsageLog({ path: paths.usageLog }), () => io.now());

  if (options.json) {
    writeJsonLine(io.stdout, {
      subscriptions: subscriptions.map(({ snapshot, ...rest }) => ({
        ...rest,
        source: snapshot?.source ?? null,
        observedAt: snapshot ? new Date(snapshot.observedAt).toISOString() : null,
        windows: (snapshot?.windows ?? []).map((window) => ({
          ...window,
          ...(window.resetsAt === undefined ? {} : { resetsAt: new Date(window.resetsAt).toISOString() }),
        })),
        credits: snapshot?.credits ?? null,
        limitReached: snapshot?.limitReached ?? null,
      })),
      budgets,
      quotaFile: paths.quota,
      corrupt,
    });
    return exitCode;
  }
  const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
  const now = io.now();
  if (subscriptions.length === 0) io.stdout.write('No subscription is logged in (sb auth providers lists them).\n');
  for (const subscription of subscriptions) {
    const plan = subscription.plan ? `, plan ${subscription.plan}` : '';
    const session = subscription.session ? ` ${subscription.session}` : '';
    io.stdout.write(`${style.bold(subscription.name)}${session} (${subscription.method}${plan})\n`);
    const { snapshot } = subscription;
    if (!snapshot || snapshot.windows.length === 0) {
      io.stdout.write('  no usage windows reported yet\n');
      continue;
    }
    for (const window of snapshot.windows) io.stdout.write(`  ${formatWindow(window, now)}\n`);
    if (snapshot.limitReached) io.stdout.write(style.red(`  limit reached: ${snapshot.limitReached}\n`));
    io.stdout.write(style.dim(`  reported ${new Date(snapshot.observedAt).toISOString()} (${snapshot.source})\n`));
  }
  if (budgets.length > 0) {
    io.stdout.write(style.bold('\nAPI budgets (this month, UTC)\n'));
    for (const budget of budgets) {
      const line = `  ${budget.name}: $${budget.spentUsd.toFixed(2)} of $${budget.budgetUsd.toFixed(2)} (${Math.floor(budget.fraction * 100)}%)`;
      io.stdout.write(`${budget.level === 'ok' ? line : style.yellow(line)}\n`);
    }
  }
  return exitCode;
}

/**
 * Each ChatGPT plan's windows, asked live of the Codex backend for every ChatGPT sign-in stored
 * (each account has its own windows). An error of one session is reported; the others go on.
 */
async function readLiveUsage(
  home: SwitchboardHome,
  statuses: ProviderStatus[],
  now: () => number,
): Promise<{ snapshots: QuotaSnapshot[]; errors: Error[] }> {
  const openai = statuses.find((status) => status.provider === 'openai');
  const base = home.config.providers.openai.subscriptionApiBase;
  const snapshots: QuotaSnapshot[] = [];
  const errors: Error[] = [];
  if (!openai || !base) return { snapshots, errors };
  for (const session of openai.sessions.filter((candidate) => candidate.method === 'oauth')) {
    try {
      const credential = await home.auth.getCredential('openai', { session: session.name });
      if (credential.method !== 'oauth' || !credential.accountId) continue;
      const snapshot = await fetchCodexUsage({
        subscriptionApiBase: base,
        accessToken: credential.accessToken,
        accountId: credential.accountId,
        fetch: home.network.fetch,
        now,
        signal: AbortSignal.timeout(15_000),
      });
      snapshots.push({ ...snapshot, session: session.name });
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return { snapshots, errors };
}

interface SubscriptionQuota {
  provider: string;
  name: string;
  method: string;
  /** The stored session (`openai/work`), when one holds the subscription. */
  session: string | null;
  account: string | null;
  plan: string | null;
  snapshot: QuotaSnapshot | undefined;
}

/**
 * Every logged-in subscription session, and every provider/method that reported windows. A
 * report that names no session (written before sessions had names, or by a CLI bridge) belongs
 * to the provider's active session of that method.
 */
function describeSubscriptions(
  home: SwitchboardHome,
  statuses: ProviderStatus[],
  snapshots: QuotaSnapshot[],
): SubscriptionQuota[] {
  const rows = new Map<string, SubscriptionQuota>();
  const nameOf = (provider: string) => (isProviderId(provider) ? home.config.providers[provider].name : provider);
  const activeOf = new Map<string, string>();
  for (const status of statuses) {
    for (const session of status.sessions) {
      if (methodBilling(home.config.providers[status.provider], session.method) !== 'subscription') continue;
      const key = `${status.provider}:${session.method}`;
      if (session.active || !activeOf.has(key)) activeOf.set(key, session.name);
      rows.set(`${key}:${session.name}`, {
        provider: status.provider,
        name: status.name,
        method: session.method,
        session: session.ref,
        account: session.account,
        plan: session.plan,
        snapshot: undefined,
      });
    }
  }
  for (const snapshot of snapshots) {
    const base = `${snapshot.provider}:${snapshot.method}`;
    const session = snapshot.session ?? activeOf.get(base);
    const key = session === undefined ? base : `${base}:${session}`;
    const row = rows.get(key) ?? {
      provider: snapshot.provider,
      name: nameOf(snapshot.provider),
      method: snapshot.method,
      session: session === undefined ? null : `${snapshot.provider}/${session}`,
      account: null,
      plan: null,
      snapshot: undefined,
    };
    // A report naming its session wins over an older one that did not.
    if (row.snapshot && row.snapshot.session !== undefined && snapshot.session === undefined) continue;
    rows.set(key, { ...row, plan: snapshot.plan ?? row.plan, snapshot });
  }
  return [...rows.values()];
}
