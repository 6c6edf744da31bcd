import { Box, Text } from 'ink';
import type { ConversationUsage, CurrentModel } from '../chat-state.js';
import { formatCost, formatTokens } from '../format-usage.js';
import { Spinner } from './spinner.js';
import { useTheme } from './theme-context.js';

/** What the status line shows. */
export interface StatusLineProps {
  ready: boolean;
  current: CurrentModel | null;
  usage: ConversationUsage;
  busy: string | null;
  exitArmed: boolean;
  streaming: boolean;
}

/** The bottom line: model · provider · login method · tokens · cost, and what needs attention. */
export function StatusLine({ ready, current, usage, busy, exitArmed, streaming }: StatusLineProps) {
  const theme = useTheme();
  const right = exitArmed ? 'Press Ctrl-C again to exit' : streaming ? 'Esc stops the answer' : '/help';
  return (
    <Box paddingX={1}>
      <Box flexGrow={1} flexShrink={1}>
        {!ready || current === null ? (
          <Text dimColor>Loading…</Text>
        ) : (
          <Text wrap="truncate-end">
            <Text bold>{current.name}</Text>
            {current.providerName ? (
              <Text>
                {' · '}
                {current.providerName} · {current.methodLabel}
              </Text>
            ) : (
              <Text color={theme.warning}> · ⚠ needs {current.loginHint}</Text>
            )}
            {current.expiryWarning ? <Text color={theme.warning}> · ⚠ {current.expiryWarning}</Text> : null}
            <Text dimColor>
              {' · '}
              {formatTokens(usage.inputTokens + usage.outputTokens)} tokens · {formatCost(usage.costUsd)}
            </Text>
          </Text>
        )}
      </Box>
      {busy ? (
        <Box flexShrink={0} marginLeft={1}>
          <Spinner />
          <Text> {busy}</Text>
        </Box>
      ) : (
        <Box flexShrink={0} marginLeft={1}>
          <Text color={exitArmed ? theme.warning : undefined} dimColor={!exitArmed}>
            {right}
          </Text>
        </Box>
      )}
    </Box>
  );
}
