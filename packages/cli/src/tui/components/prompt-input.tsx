import { Box, Text, useInput, usePaste } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import type { InputBuffer } from '../input-buffer.js';
import { TextWithCursor } from './text-with-cursor.js';
import { useTheme } from './theme-context.js';

/** The message input: several lines, a cursor, a placeholder; keys go to the controller. */
export function PromptInput({ input, controller, active, placeholder }: { input: InputBuffer; controller: ChatController; active: boolean; placeholder: string }) {
  const theme = useTheme();
  useInput(
    (typed, key) => {
      if (key.escape || (key.ctrl && typed === 'c')) return;
      controller.typeInPrompt(typed, key);
    },
    { isActive: active },
  );
  usePaste((text) => controller.pastePrompt(text), { isActive: active });
  const lines = input.text.split('\n');
  let offset = 0;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.muted} paddingX={1}>
      {input.text === '' ? (
        <Box>
          <Text color={theme.accent}>› </Text>
          {active ? <Text inverse> </Text> : null}
          <Text dimColor wrap="truncate-end">
            {placeholder}
          </Text>
        </Box>
      ) : (
        lines.map((line, index) => {
          const start = offset;
          offset += line.length + 1;
          const cursor = active && input.cursor >= start && input.cursor <= start + line.length ? input.cursor - start : null;
          return (
            <Box key={index}>
              <Box flexShrink={0}>
                <Text color={theme.accent}>{index === 0 ? '› ' : '  '}</Text>
              </Box>
              <TextWithCursor text={line} cursor={cursor} />
            </Box>
          );
        })
      )}
    </Box>
  );
}
