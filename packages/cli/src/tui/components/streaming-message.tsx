import { Box, Text } from 'ink';
import type { StreamingReply } from '../chat-state.js';
import { MarkdownText } from './markdown-text.js';
import { Spinner } from './spinner.js';
import { useTheme } from './theme-context.js';

/**
 * The answer while it streams. Only its last `maxHeight` lines are drawn (the top is clipped),
 * so the live frame never outgrows the screen; the whole answer goes to the scrollback when it ends.
 */
export function StreamingMessage({ reply, maxHeight }: { reply: StreamingReply; maxHeight: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingX={1} marginTop={1}>
      <Text color={theme.accent} bold>
        {reply.modelName} <Spinner />
      </Text>
      {reply.text === '' ? null : (
        <Box flexDirection="column" maxHeight={Math.max(1, maxHeight - 1)} overflow="hidden" justifyContent="flex-end">
          <Box flexDirection="column" flexShrink={0}>
            <MarkdownText text={reply.text} />
          </Box>
        </Box>
      )}
    </Box>
  );
}
