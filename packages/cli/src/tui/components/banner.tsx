import { Box, Text } from 'ink';
import { useTheme } from './theme-context.js';

/** The first lines of a chat. */
export function Banner() {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={theme.accent} bold>
          Switchboard
        </Text>
        <Text dimColor>
          {' '}
          — every model you have access to. /model picks one, /login adds a provider, /help lists the rest.
        </Text>
      </Text>
    </Box>
  );
}
