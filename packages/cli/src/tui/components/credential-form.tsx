import { Box, Text, useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import type { FormField } from '../chat-state.js';
import type { InputBuffer } from '../input-buffer.js';
import { TextWithCursor } from './text-with-cursor.js';
import { useTheme } from './theme-context.js';

/** What a login asks for (API key, client id and secret, AWS keys); secrets are shown as dots only. */
export function CredentialForm({
  title,
  fields,
  fieldIndex,
  values,
  field,
  controller,
}: {
  title: string;
  fields: readonly FormField[];
  fieldIndex: number;
  values: readonly string[];
  field: InputBuffer;
  controller: ChatController;
}) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return;
    controller.typeInField(input, key);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{title}</Text>
      {fields.map((candidate, index) => (
        <Box key={candidate.name} flexDirection="column">
          <Text dimColor={index !== fieldIndex} wrap="wrap">
            {candidate.label}
          </Text>
          <Box>
            <Text color={theme.accent}>› </Text>
            {index < fieldIndex ? (
              <Text>{candidate.secret ? '•'.repeat(Math.min(values[index]?.length ?? 0, 40)) : values[index]}</Text>
            ) : index === fieldIndex ? (
              <TextWithCursor text={field.text} cursor={field.cursor} mask={candidate.secret} />
            ) : null}
          </Box>
        </Box>
      ))}
      <Text dimColor>
        Enter {fieldIndex + 1 < fields.length ? 'next' : 'log in'} · Esc cancel · stored encrypted, never shown
      </Text>
    </Box>
  );
}
