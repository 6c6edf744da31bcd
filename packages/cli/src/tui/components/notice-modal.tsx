import { Box, Text, useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import type { Tone } from '../chat-state.js';
import { useTheme } from './theme-context.js';

/** A dialog that needs acknowledging: login required, session expired. Enter or Esc closes it. */
export function NoticeModal({
  tone,
  title,
  lines,
  controller,
}: {
  tone: Tone;
  title: string;
  lines: readonly string[];
  controller: ChatController;
}) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.return || input === '\r' || input === ' ') controller.dismiss();
  });
  const color = tone === 'error' ? theme.error : tone === 'warning' ? theme.warning : theme.accent;
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={color} paddingX={1}>
      <Text bold color={color}>
        {tone === 'warning' || tone === 'error' ? '⚠ ' : ''}
        {title}
      </Text>
      {lines.map((line, index) => (
        <Text key={index} wrap="wrap">
          {line}
        </Text>
      ))}
      <Text dimColor>Enter or Esc to close</Text>
    </Box>
  );
}
