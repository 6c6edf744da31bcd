import { Box, Text } from 'ink';
import type { LoginStatusRow } from '../chat-state.js';
import { useTheme } from './theme-context.js';

/** `/login --status`: `✅ ChatGPT: logged in (expires in 7 days)` / `❌ Gemini: not logged in`, one per provider. */
export function LoginStatusList({ rows }: { rows: readonly LoginStatusRow[] }) {
  const theme = useTheme();
  return (
    <Box marginTop={1} flexDirection="column">
      {rows.map((row) => (
        <Text key={row.name} wrap="truncate-end">
          {row.loggedIn ? '✅' : '❌'} {row.name}:{' '}
          <Text color={row.loggedIn ? theme.success : theme.error}>{row.summary}</Text>
          {row.details ? <Text dimColor> · {row.details}</Text> : null}
          {row.active ? <Text bold> ● active</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
