import { Box, Text } from 'ink';

/** `/status`: label/value lines (model, route, session, conversation, logins, home). */
export function StatusView({ lines }: { lines: readonly (readonly [string, string])[] }) {
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  return (
    <Box marginTop={1} flexDirection="column">
      {lines.map(([label, value]) => (
        <Box key={label}>
          <Box width={width} flexShrink={0}>
            <Text bold>{label}</Text>
          </Box>
          <Text wrap="wrap">{value}</Text>
        </Box>
      ))}
    </Box>
  );
}
