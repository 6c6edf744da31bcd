import {
  checkSessionName,
  loginProviderFor,
  parseSessionRef,
  providerCommandName,
  SwitchboardError,
  type CatalogModel,
  type ProviderId,
  type ProviderStatus,
  type QuotaSnapshot,
} from '@switchboard/core';
import { LOGIN_METHOD_CHOICES } from '../commands/login-method.js';
import { formatQuotaSummary } from '../io/format-quota.js';
import { describeExpiry, methodLabel } from '../io/format-status.js';
import { loginStatusRows } from './catalog-view.js';
import type { NewTranscriptEntry, Tone } from './chat-state.js';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError } from './describe-failure.js';
import { formatCost, formatTokens } from './format-usage.js';
import type { SlashCommand } from './parse-slash-command.js';
import { QUIT_ALIASES, SLASH_COMMANDS } from './slash-commands.js';

/**
 * What a slash command asks the chat to do. Commands decide; the controller carries the intent
 * out (as Gemini CLI's slash command processor does with an action's return value).
 */
export type SlashIntent =
  | { type: 'quit' }
  | { type: 'select-model'; model: CatalogModel }
  | { type: 'open-picker'; filter: string }
  | { type: 'login'; provider: ProviderId; method?: string | undefined; name?: string | undefined }
  | { type: 'choose-login-provider' }
  | { type: 'logout'; provider: string }
  | { type: 'choose-logout-provider' }
  | { type: 'clear' }
  | { type: 'show'; entry: NewTranscriptEntry }
  | { type: 'notice'; text: string; tone: Tone };

/** What a command's action can read: the chat's context and the conversation's length. */
export interface SlashCommandContext {
  context: ControllerContext;
  messageCount(): number;
}

/** One slash command: its names and the action that turns its arguments into an intent. */
export interface SlashCommandDefinition {
  name: string;
  altNames?: readonly string[];
  action(command: SlashCommand, context: SlashCommandContext): SlashIntent | Promise<SlashIntent>;
}

/** How the controller carries out each intent. */
export interface SlashIntentHandlers extends SlashCommandContext {
  openPicker(filter: string): void;
  selectModel(model: CatalogModel): void;
  login(provider: ProviderId, method?: string, name?: string): void;
  chooseLoginProvider(): void;
  logout(provider: string): void;
  chooseLogoutProvider(): void;
  clear(): void;
  exit(): void;
}

/** The chat's slash commands (`/model`, `/login`, `/logout`, `/status`, `/help`, `/clear`, `/quit`). */
export const SLASH_COMMAND_DEFINITIONS: readonly SlashCommandDefinition[] = [
  {
    name: '/model',
    action(command, { context }) {
      const wanted = command.args.join(' ');
      const exact = wanted === '' ? undefined : context.services.catalog.get(wanted);
      return exact ? { type: 'select-model', model: exact } : { type: 'open-picker', filter: wanted };
    },
  },
  { name: '/login', action: (command, { context }) => loginIntent(command, context) },
  {
    name: '/logout',
    action(command) {
      const provider = typeof command.flags.provider === 'string' ? command.flags.provider : command.args[0];
      return provider ? { type: 'logout', provider } : { type: 'choose-logout-provider' };
    },
  },
  { name: '/status', action: (_command, context) => statusIntent(context) },
  { name: '/help', action: () => ({ type: 'show', entry: { kind: 'help', commands: SLASH_COMMANDS } }) },
  { name: '/clear', action: () => ({ type: 'clear' }) },
  { name: QUIT_ALIASES[0] ?? '/quit', altNames: QUIT_ALIASES.slice(1), action: () => ({ type: 'quit' }) },
];

/** Runs one slash command: finds it, takes its intent, and has the controller carry that out. */
export function runSlashCommand(command: SlashCommand, handlers: SlashIntentHandlers): void {
  const definition = SLASH_COMMAND_DEFINITIONS.find(
    (candidate) => candidate.name === command.name || candidate.altNames?.includes(command.name),
  );
  if (!definition) {
    return carryOut(
      { type: 'notice', text: `Unknown command ${command.name}. Type /help to see the commands.`, tone: 'error' },
      handlers,
    );
  }
  const failed = (error: unknown) =>
    carryOut({ type: 'notice', text: asSwitchboardError(error).message, tone: 'error' }, handlers);
  let intent: SlashIntent | Promise<SlashIntent>;
  try {
    intent = definition.action(command, handlers);
  } catch (error) {
    return failed(error);
  }
  // Most commands decide at once and are carried out at once; /status and /login --status read first.
  if (intent instanceof Promise) void intent.then((decided) => carryOut(decided, handlers), failed);
  else carryOut(intent, handlers);
}

function carryOut(intent: SlashIntent, handlers: SlashIntentHandlers): void {
  switch (intent.type) {
    case 'quit':
      return handlers.exit();
    case 'select-model':
      return handlers.selectModel(intent.model);
    case 'open-picker':
      return handlers.openPicker(intent.filter);
    case 'login':
      return handlers.login(intent.provider, intent.method, intent.name);
    case 'choose-login-provider':
      return handlers.chooseLoginProvider();
    case 'logout':
      return handlers.logout(intent.provider);
    case 'choose-logout-provider':
      return handlers.chooseLogoutProvider();
    case 'clear':
      return handlers.clear();
    case 'show':
      return handlers.context.store.dispatch({ type: 'entry-added', entry: intent.entry });
    case 'notice':
      return handlers.context.notice(intent.text, intent.tone);
  }
}

async function loginIntent(command: SlashCommand, context: ControllerContext): Promise<SlashIntent> {
  if (command.flags.status === true) {
    const snapshot = await context.refresh();
    return {
      type: 'show',
      entry: { kind: 'login-status', rows: loginStatusRows(snapshot.statuses, context.services.now()) },
    };
  }
  const target = typeof command.flags.provider === 'string' ? command.flags.provider : command.args[0];
  if (target === undefined || target === '') return { type: 'choose-login-provider' };
  let provider: ProviderId;
  let name: string | undefined;
  try {
    // `/login chatgpt/work` or `/login chatgpt --name work`: another account, named.
    const ref = parseSessionRef(target);
    provider = ref.provider;
    const flag = command.flags.name;
    if (flag === true) throw new SwitchboardError('INVALID_INPUT', '--name takes a name: /login chatgpt --name work.');
    name = ref.name ?? (flag === undefined ? undefined : checkSessionName(flag));
  } catch (error) {
    return { type: 'notice', text: asSwitchboardError(error).message, tone: 'error' };
  }
  const method = command.flags.method;
  if (method === true || (method !== undefined && !(LOGIN_METHOD_CHOICES as readonly string[]).includes(method))) {
    return { type: 'notice', text: `--method takes one of: ${LOGIN_METHOD_CHOICES.join(', ')}.`, tone: 'error' };
  }
  return { type: 'login', provider, method, ...(name === undefined ? {} : { name }) };
}

async function statusIntent(handlers: SlashCommandContext): Promise<SlashIntent> {
  const { context } = handlers;
  const snapshot = await context.refresh().catch(() => context.snapshot());
  const state = context.store.getState();
  const current = state.current;
  const model = context.currentModel();
  const served = current?.providerName
    ? `${current.providerName} · ${current.methodLabel ?? ''}`
    : `no login — run ${loginHint(model)}`;
  const status = snapshot.statuses.find((candidate) => candidate.provider === current?.provider);
  const now = context.services.now();
  const expiry = status?.loggedIn ? describeExpiry(status.expiresAt, now, status.refreshable) : null;
  const loggedIn = snapshot.statuses.filter((candidate) => candidate.loggedIn).map((candidate) => candidate.name);
  const quota = (await context.services.readQuota?.().catch(() => [])) ?? [];
  const lines: [string, string][] = [
    ['Model', `${model.name} (${model.id})`],
    ['Served by', served],
    ...(status?.loggedIn
      ? [
          [
            'Session',
            [
              status.session ? `${status.provider}/${status.session}` : null,
              expiry ?? 'does not expire',
              status.account,
            ]
              .filter(Boolean)
              .join(' · '),
          ] as [string, string],
        ]
      : []),
    [
      'Conversation',
      `${handlers.messageCount()} messages · ${formatTokens(state.usage.inputTokens + state.usage.outputTokens)} tokens · ${formatCost(state.usage.costUsd)}`,
    ],
    ['Logged in', loggedIn.length > 0 ? loggedIn.join(', ') : 'nowhere yet (/login)'],
    ...sessionLines(
      snapshot.statuses,
      quota,
      now,
      (provider) => snapshot.statuses.find((candidate) => candidate.provider === provider)?.name ?? provider,
    ),
    ['Home', context.services.homePath],
  ];
  return { type: 'show', entry: { kind: 'status', lines } };
}

/**
 * One line per stored session of every provider (`● openai/ada · sign-in · ada@…`), the plan's
 * windows under a subscription session where its provider reported them; reports that name no
 * session belong to the provider's active session of that method.
 */
function sessionLines(
  statuses: readonly ProviderStatus[],
  quota: readonly QuotaSnapshot[],
  now: number,
  nameOf: (provider: string) => string,
): [string, string][] {
  const lines: [string, string][] = [];
  const shown = new Set<QuotaSnapshot>();
  for (const status of statuses) {
    for (const session of status.sessions) {
      const details = [methodLabel(session.method), session.account, session.plan ? `plan ${session.plan}` : null];
      lines.push([
        `${session.active ? '●' : '○'} ${session.ref}`,
        details.filter((detail): detail is string => Boolean(detail)).join(' · '),
      ]);
      const ofMethod = status.sessions.filter((candidate) => candidate.method === session.method);
      const owner = ofMethod.find((candidate) => candidate.active) ?? ofMethod[0];
      const report =
        quota.find(
          (snapshot) =>
            snapshot.provider === status.provider &&
            snapshot.method === session.method &&
            snapshot.session === session.name,
        ) ??
        (owner === session
          ? quota.find(
              (snapshot) =>
                snapshot.provider === status.provider &&
                snapshot.method === session.method &&
                snapshot.session === undefined,
            )
          : undefined);
      if (report) {
        shown.add(report);
        lines.push(['  plan', formatQuotaSummary(report, now)]);
      }
    }
  }
  // Windows another process recorded for a subscription not stored here (any more).
  for (const report of quota)
    if (!shown.has(report)) lines.push([`${nameOf(report.provider)} plan`, formatQuotaSummary(report, now)]);
  return lines;
}

function loginHint(model: CatalogModel): string {
  const provider = loginProviderFor(model);
  return provider ? `/login --provider=${providerCommandName(provider)}` : '/login';
}
