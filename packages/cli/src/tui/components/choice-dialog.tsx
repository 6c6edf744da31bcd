import { Box, Text, useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import type { Choice } from '../chat-state.js';
import { useTheme } from './theme-context.js';

/** A short list to choose from (provider, login method, a model to continue with): ↑↓ or a digit, Enter. */
export function ChoiceDialog({
  title,
  choices,
  selected,
  controller,
}: {
  title: string;
  choices: readonly Choice[];
  selected: number;
  controller: ChatController;
}) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return;
    controller.typeInChoice(input, key);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold wrap="wrap">
        {title}
      </Text>
      {choices.map((choice, index) => (
        <Text
          key={choice.value}
          wrap="truncate-end"
          inverse={index === selected && theme.color}
          bold={index === selected}
        >
          <Text color={theme.accent}>{index === selected ? '›' : ' '}</Text> {index + 1}. {choice.label}
          {choice.detail ? <Text dimColor> {choice.detail}</Text> : null}
        </Text>
      ))}
      <Text dimColor>↑↓ move · Enter choose · Esc cancel</Text>
    </Box>
  );
}
