import type { CliIo } from '../cli-io.js';

/**
 * `sb` / `sb chat`. The chat TUI replaces this body; until then it prints how to get started.
 */
export async function runChat(io: CliIo): Promise<number> {
  io.stdout.write(FIRST_RUN_GUIDE);
  return 0;
}

const FIRST_RUN_GUIDE = `Switchboard — every AI model you have access to, from one place.

The chat is not here yet. Start by logging in to the providers you use:

  sb auth login chatgpt        ChatGPT subscription (browser sign-in)
  sb auth login gemini         Google sign-in
  sb auth login claude         Anthropic API key (or --method claude-code)
  sb auth login mistral        Mistral API key
  sb auth login azure|vertex|bedrock

  No browser here? Add --no-browser, or --method device / --method paste.

Then:

  sb auth status               what you are logged in to
  sb auth switch <provider>    pick the active one
  sb auth import               adopt logins from Codex, Gemini CLI, Claude Code, opencode
  sb --help                    everything else
`;
