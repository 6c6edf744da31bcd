import {
  loginProviderFor,
  providerCommandName,
  resolveProviderId,
  type CatalogModel,
  type ProviderId,
} from '@switchboard/core';
import { LOGIN_METHOD_CHOICES } from '../commands/login-method.js';
import { formatQuotaSummary } from '../io/format-quota.js';
import { describeExpiry } from '../io/format-status.js';
import { loginStatusRows } from './catalog-view.js';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError } from './describe-failure.js';
import { formatCost, formatTokens } from './format-usage.js';
import type { SlashCommand } from './parse-slash-command.js';
import { QUIT_ALIASES, SLASH_COMMANDS } from './slash-commands.js';

/** What slash commands do, as the controller provides it. */
export interface SlashCommandHandlers {
  context: ControllerContext;
  openPicker(filter: string): void;
  selectModel(model: CatalogModel): void;
  login(provider: ProviderId, method?: string): void;
  chooseLoginProvider(): void;
  logout(provider: string): void;
  chooseLogoutProvider(): void;
  clear(): void;
  messageCount(): number;
  exit(): void;
}

/** Runs one slash command (`/model`, `/login`, `/logout`, `/status`, `/help`, `/clear`, `/quit`). */
export function runSlashCommand(command: SlashCommand, handlers: SlashCommandHandlers): void {
  const { context } = handlers;
  const { store } = context;
  if (QUIT_ALIASES.includes(command.name)) return handlers.exit();
  switch (command.name) {
    case '/model': {
      const wanted = command.args.join(' ');
      const exact = wanted === '' ? undefined : context.services.catalog.get(wanted);
      return exact ? handlers.selectModel(exact) : handlers.openPicker(wanted);
    }
    case '/login':
      return login(command, handlers);
    case '/logout': {
      const provider = typeof command.flags.provider === 'string' ? command.flags.provider : command.args[0];
      return provider ? handlers.logout(provider) : handlers.chooseLogoutProvider();
    }
    case '/status':
      return void showStatus(handlers);
    case '/help':
      return store.dispatch({ type: 'entry-added', entry: { kind: 'help', commands: SLASH_COMMANDS } });
    case '/clear':
      return handlers.clear();
    default:
      return context.notice(`Unknown command ${command.name}. Type /help to see the commands.`, 'error');
  }
}

function login(command: SlashCommand, handlers: SlashCommandHandlers): void {
  const { context } = handlers;
  if (command.flags.status === true) {
    void context.refresh().then(
      (snapshot) =>
        context.store.dispatch({
          type: 'entry-added',
          entry: { kind: 'login-status', rows: loginStatusRows(snapshot.statuses, context.services.now()) },
        }),
      (error: unknown) => context.notice(asSwitchboardError(error).message, 'error'),
    );
    return;
  }
  const name = typeof command.flags.provider === 'string' ? command.flags.provider : command.args[0];
  if (name === undefined || name === '') return handlers.chooseLoginProvider();
  let provider: ProviderId;
  try {
    provider = resolveProviderId(name);
  } catch (error) {
    return context.notice(asSwitchboardError(error).message, 'error');
  }
  const method = command.flags.method;
  if (method === true || (method !== undefined && !(LOGIN_METHOD_CHOICES as readonly string[]).includes(method))) {
    return context.notice(`--method takes one of: ${LOGIN_METHOD_CHOICES.join(', ')}.`, 'error');
  }
  handlers.login(provider, method);
}

async function showStatus(handlers: SlashCommandHandlers): Promise<void> {
  const { context } = handlers;
  const snapshot = await context.refresh().catch(() => context.snapshot());
  const state = context.store.getState();
  const current = state.current;
  const model = context.currentModel();
  const served = current?.providerName
    ? `${current.providerName} · ${current.methodLabel ?? ''}`
    : `no login — run ${loginHint(model)}`;
  const status = snapshot.statuses.find((candidate) => candidate.provider === current?.provider);
  const expiry = status?.loggedIn ? describeExpiry(status.expiresAt, context.services.now(), status.refreshable) : null;
  const loggedIn = snapshot.statuses.filter((candidate) => candidate.loggedIn).map((candidate) => candidate.name);
  const quota = (await context.services.readQuota?.().catch(() => [])) ?? [];
  const nameOf = (provider: string) =>
    snapshot.statuses.find((candidate) => candidate.provider === provider)?.name ?? provider;
  const lines: [string, string][] = [
    ['Model', `${model.name} (${model.id})`],
    ['Served by', served],
    ...(status?.loggedIn
      ? [['Session', [expiry ?? 'does not expire', status.account].filter(Boolean).join(' · ')] as [string, string]]
      : []),
    [
      'Conversation',
      `${handlers.messageCount()} messages · ${formatTokens(state.usage.inputTokens + state.usage.outputTokens)} tokens · ${formatCost(state.usage.costUsd)}`,
    ],
    ['Logged in', loggedIn.length > 0 ? loggedIn.join(', ') : 'nowhere yet (/login)'],
    ...quota.map((report): [string, string] => [
      `${nameOf(report.provider)} plan`,
      formatQuotaSummary(report, context.services.now()),
    ]),
    ['Home', context.services.homePath],
  ];
  context.store.dispatch({ type: 'entry-added', entry: { kind: 'status', lines } });
}

function loginHint(model: CatalogModel): string {
  const provider = loginProviderFor(model);
  return provider ? `/login --provider=${providerCommandName(provider)}` : '/login';
}
