/** One slash command as /help and completion show it. */
export interface SlashCommandHelp {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
}

/** Every slash command of the chat, in the order /help lists them. */
export const SLASH_COMMANDS: readonly SlashCommandHelp[] = [
  { name: '/model', usage: '/model [filter]', description: 'pick a model; the right login follows' },
  {
    name: '/login',
    usage: '/login [--provider=P] [--method=M] [--name=N] [--status]',
    description: 'log in to a provider (another account with --name work), or list logins',
  },
  { name: '/logout', usage: '/logout [provider]', description: 'log out of a provider' },
  { name: '/status', usage: '/status', description: 'model, session and usage of this chat' },
  { name: '/help', usage: '/help', description: 'commands and keys' },
  { name: '/clear', usage: '/clear', description: 'start a new conversation' },
  { name: '/quit', usage: '/quit', description: 'leave (also Ctrl-C twice)' },
];

/** Keys /help explains. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['Enter', 'send'],
  ['Alt-Enter · Ctrl-J · \\ Enter', 'new line'],
  ['↑ ↓', 'previous inputs'],
  ['Tab', 'complete a command'],
  ['Esc', 'stop the answer · close a dialog'],
  ['Ctrl-C', 'stop, then Ctrl-C again to leave'],
];

/** Names accepted for /quit. */
export const QUIT_ALIASES: readonly string[] = ['/quit', '/exit'];
