import { Box, Text } from 'ink';
import { matchingCommands } from '../complete-command.js';
import { useTheme } from './theme-context.js';

/** While a command name is typed: the commands it can complete to (Tab completes). */
export function CommandHints({ input }: { input: string }) {
  const theme = useTheme();
  const matches = matchingCommands(input);
  if (matches.length === 0) return null;
  return (
    <Box flexDirection="column" paddingX={2}>
      {matches.map((command) => (
        <Text key={command.name} wrap="truncate-end">
          <Text color={theme.accent}>{command.usage}</Text>
          <Text dimColor> {command.description}</Text>
        </Text>
      ))}
      <Text dimColor>Tab completes</Text>
    </Box>
  );
}
