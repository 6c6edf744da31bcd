import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

const PROVIDER_HELP = 'openai (chatgpt), anthropic (claude), google (gemini), mistral, azure, vertex, bedrock';

/**
 * Registers `sb models`, `sb use`, `sb ask`, `sb exec`, `sb run` and `sb usage`. Each action imports its
 * module on demand, like the rest of the program.
 */
export function registerRuntimeCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('models')
    .description('list every model with its login status (✅ logged in · ⚠️ login required), tier and price')
    .option(
      '--provider <provider>',
      `only models of (or reachable through) this provider: ${PROVIDER_HELP}, or an endpoint`,
    )
    .option('--json', 'print the list as JSON')
    .action(async (options: { provider?: string; json?: boolean }) => {
      const { runModels } = await import('./models.js');
      setExitCode(await runModels(io, options));
    });

  program
    .command('use')
    .description('switch the model; the session that serves it follows (exit 3 when it needs a login)')
    .argument('<model>', 'a model id or alias from `sb models`')
    .option('--json', 'print the result as JSON')
    .action(async (model: string, options: { json?: boolean }) => {
      const { runUse } = await import('./use.js');
      setExitCode(await runUse(io, model, options));
    });

  program
    .command('ask')
    .description('stream one answer to stdout')
    .argument('<prompt...>', 'the question, or - to read it from standard input')
    .option('-m, --model <model>', 'the model to ask (default: the active model)')
    .option('--json', 'print one JSON event per line (start, text-delta, finish | error)')
    .addHelpText('after', '\nExamples:\n  sb ask "What is a monad?"\n  git diff | sb ask --model claude-opus-4-1 -')
    .action(async (prompt: string[], options: { model?: string; json?: boolean }) => {
      const { runAsk } = await import('./ask.js');
      setExitCode(await runAsk(io, prompt, options));
    });

  program
    .command('exec')
    .description("run a command with providers' credentials in its environment (OPENAI_API_KEY, …)")
    .option(
      '--provider <providers...>',
      `only these providers, or one session of one (openai/key) (default: every logged-in one): ${PROVIDER_HELP}`,
    )
    .option(
      '--session <name>',
      'run it as an agent session through the local gateway instead (base URLs and a gateway key; metered in sb usage --by agent)',
    )
    .option('--max-tokens <n>', 'with --session: stop serving it after n tokens')
    .option('--max-cost <usd>', 'with --session: stop serving it after about this many dollars')
    .argument('<command...>', 'the command and its arguments, after --')
    .addHelpText(
      'after',
      '\nExamples:\n  sb exec --provider openai -- python script.py\n  sb exec --session nightly --max-cost 2 -- python batch.py',
    )
    .action(
      async (
        command: string[],
        options: { provider?: string[]; session?: string; maxTokens?: string; maxCost?: string },
      ) => {
        const { runExec } = await import('./exec.js');
        setExitCode(await runExec(io, command, options));
      },
    );

  program
    .command('run')
    .description('run Claude Code, Codex, opencode or any agent on the local gateway (started if none runs)')
    .option('--model <model>', 'the model the agent uses (any catalog id: gpt-5, claude-opus-4-1, gemini-2.5-pro, …)')
    .option('--session <name>', 'name of this agent session in `sb usage --by agent` (default: the agent’s name)')
    .option(
      '--max-tokens <n>',
      'stop serving this session after n tokens (input + output; overrides agents.max_tokens)',
    )
    .option(
      '--max-cost <usd>',
      'stop serving this session after about this many dollars (overrides agents.max_cost_usd)',
    )
    .option(
      '--login <sessions...>',
      'the stored sessions that serve this agent, in order (openai/work openai/key); default: the [projects] list of this directory, else the usual choice',
    )
    .argument('<agent...>', 'the agent and its arguments, after --')
    .addHelpText(
      'after',
      `
Examples:
  sb run -- claude                       Claude Code on your Claude login
  sb run --model gpt-5 -- claude         Claude Code on GPT-5
  sb run --model claude-opus-4-1 -- codex
  sb run --model gemini-2.5-pro -- opencode
  sb run -- python my_agent.py           OPENAI_BASE_URL/OPENAI_API_KEY and ANTHROPIC_* set
  sb run --login openai/work openai/key -- codex   the work plan, then the API key`,
    )
    .action(
      async (
        agent: string[],
        options: { model?: string; session?: string; maxTokens?: string; maxCost?: string; login?: string[] },
      ) => {
        const { runAgent } = await import('./run-agent.js');
        setExitCode(await runAgent(io, agent, options));
      },
    );

  program
    .command('usage')
    .description('requests, tokens and estimated cost by provider, model and day; monthly budgets')
    .option('--json', 'print the summary as JSON')
    .option(
      '--by <grouping>',
      'show only one grouping: provider, model, day or agent (sessions of `sb run` and named clients)',
    )
    .action(async (options: { json?: boolean; by?: string }) => {
      const { runUsage } = await import('./usage.js');
      setExitCode(await runUsage(io, options));
    });
}
