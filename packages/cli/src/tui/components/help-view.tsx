import { Box, Text } from 'ink';
import type { SlashCommandHelp } from '../slash-commands.js';
import { KEY_HELP } from '../slash-commands.js';
import { useTheme } from './theme-context.js';

/** `/help`: the commands and the keys. */
export function HelpView({ commands }: { commands: readonly SlashCommandHelp[] }) {
  const theme = useTheme();
  const width =
    Math.max(...commands.map((command) => command.usage.length), ...KEY_HELP.map(([key]) => key.length)) + 2;
  return (
    <Box marginTop={1} flexDirection="column">
      <Text bold>Commands</Text>
      {commands.map((command) => (
        <Box key={command.name}>
          <Box width={width} flexShrink={0}>
            <Text color={theme.accent}>{command.usage}</Text>
          </Box>
          <Text wrap="wrap">{command.description}</Text>
        </Box>
      ))}
      <Box marginTop={1}>
        <Text bold>Keys</Text>
      </Box>
      {KEY_HELP.map(([key, description]) => (
        <Box key={key}>
          <Box width={width} flexShrink={0}>
            <Text color={theme.accent}>{key}</Text>
          </Box>
          <Text wrap="wrap">{description}</Text>
        </Box>
      ))}
    </Box>
  );
}
