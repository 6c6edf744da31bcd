import { Box, Text, useInput, usePaste } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import { cursorPosition, type InputBuffer } from '../input-buffer.js';
import { TextWithCursor } from './text-with-cursor.js';
import { useTheme } from './theme-context.js';

/** What the message input shows. */
export interface PromptInputProps {
  input: InputBuffer;
  controller: ChatController;
  active: boolean;
  placeholder: string;
  /** Most lines drawn; a longer input scrolls with the cursor. */
  maxLines: number;
}

/** The message input: several lines, a cursor, a placeholder; keys go to the controller. */
export function PromptInput({ input, controller, active, placeholder, maxLines }: PromptInputProps) {
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
  const cursorLine = cursorPosition(input).line;
  const shown = Math.max(1, maxLines);
  const first = Math.min(Math.max(0, cursorLine - shown + 1), Math.max(0, lines.length - shown));
  const starts = lines.map((_, index) => lines.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0));
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
        <>
          {first > 0 ? (
            <Text dimColor>
              ↑ {first} more line{first === 1 ? '' : 's'}
            </Text>
          ) : null}
          {lines.slice(first, first + shown).map((line, offset) => {
            const index = first + offset;
            const start = starts[index] ?? 0;
            const cursor = active && index === cursorLine ? input.cursor - start : null;
            return (
              <Box key={index}>
                <Box flexShrink={0}>
                  <Text color={theme.accent}>{index === 0 ? '› ' : '  '}</Text>
                </Box>
                <TextWithCursor text={line} cursor={cursor} />
              </Box>
            );
          })}
          {first + shown < lines.length ? <Text dimColor>↓ {lines.length - first - shown} more</Text> : null}
        </>
      )}
    </Box>
  );
}
