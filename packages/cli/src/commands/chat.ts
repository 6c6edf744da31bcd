import type { CliIo } from '../cli-io.js';

/**
 * `sb` / `sb chat`: the chat TUI on a terminal. Without one (a pipe, a script, CI) it prints
 * how to get started instead. Ink and React load only here, on demand: `sb auth status` and
 * friends never pay for them.
 */
export async function runChat(io: CliIo): Promise<number> {
  const terminal = chatTerminal(io);
  if (!terminal) {
    io.stdout.write(FIRST_RUN_GUIDE);
    return 0;
  }
  const { preferLeanInkImports } = await import('../tui/prefer-lean-ink-imports.js');
  preferLeanInkImports();
  const { startChatTui } = await import('../tui/start-chat-tui.js');
  return startChatTui(io, terminal);
}

function chatTerminal(io: CliIo): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream } | null {
  const { stdin, stdout } = io;
  if (stdin.isTTY !== true || stdout.isTTY !== true || typeof stdin.setRawMode !== 'function') return null;
  // A TTY here is the process's own terminal (process-io.ts), a full tty stream.
  return { stdin: stdin as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream };
}

const FIRST_RUN_GUIDE = `Switchboard — every AI model you have access to, from one place.

The chat needs a terminal (standard input and output here are not one). To get started:

  sb auth login chatgpt        ChatGPT subscription (browser sign-in)
  sb auth login gemini         Google sign-in
  sb auth login claude         Anthropic API key (or --method claude-code)
  sb auth login mistral        Mistral API key
  sb auth login azure|vertex|bedrock

  No browser here? Add --no-browser, or --method device / --method paste.

Then:

  sb                           open the chat (in a terminal)
  sb auth status               what you are logged in to
  sb ask "question"            one answer on standard output
  sb auth import               adopt logins from Codex, Gemini CLI, Claude Code, opencode
  sb --help                    everything else
`;
