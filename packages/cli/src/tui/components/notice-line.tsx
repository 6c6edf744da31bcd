import { Box, Text } from 'ink';
import type { Tone } from '../chat-state.js';
import { useTheme } from './theme-context.js';

const SYMBOLS: Readonly<Record<Tone, string>> = { info: '·', success: '✓', warning: '!', error: '✖' };

/** A line from Switchboard itself (not the model): confirmations, warnings, errors. */
export function NoticeLine({ text, tone }: { text: string; tone: Tone }) {
  const theme = useTheme();
  const color =
    tone === 'success'
      ? theme.success
      : tone === 'warning'
        ? theme.warning
        : tone === 'error'
          ? theme.error
          : theme.muted;
  return (
    <Box marginTop={1}>
      <Box flexShrink={0} marginRight={1}>
        <Text color={color}>{SYMBOLS[tone]}</Text>
      </Box>
      <Text color={color} wrap="wrap">
        {text}
      </Text>
    </Box>
  );
}
