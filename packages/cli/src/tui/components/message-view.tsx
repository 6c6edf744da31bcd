import { Box, Text } from 'ink';
import { MarkdownText } from './markdown-text.js';
import { useTheme } from './theme-context.js';

/** The person's message: `› text`, kept as typed (several lines stay several lines). */
export function UserMessage({ text }: { text: string }) {
  const theme = useTheme();
  return (
    <Box marginTop={1}>
      <Box flexShrink={0} marginRight={1}>
        <Text color={theme.user} bold>
          ›
        </Text>
      </Box>
      <Text color={theme.user} wrap="wrap">
        {text}
      </Text>
    </Box>
  );
}

/** A model's answer under the model's name; a stopped or failed answer says so. */
export function AssistantMessage({
  text,
  modelName,
  outcome,
}: {
  text: string;
  modelName: string;
  outcome: 'complete' | 'cancelled' | 'failed' | 'streaming';
}) {
  const theme = useTheme();
  const suffix = outcome === 'cancelled' ? ' · stopped' : outcome === 'failed' ? ' · incomplete' : '';
  return (
    <Box marginTop={1} flexDirection="column">
      <Text color={theme.accent} bold>
        {modelName}
        <Text dimColor>{suffix}</Text>
      </Text>
      <MarkdownText text={text} />
    </Box>
  );
}
