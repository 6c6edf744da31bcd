import { Box, Text, useAnimation, useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import type { InputBuffer } from '../input-buffer.js';
import { Spinner } from './spinner.js';
import { TextWithCursor } from './text-with-cursor.js';
import { useTheme } from './theme-context.js';

/** What a running login shows. */
export interface LoginProgressProps {
  title: string;
  lines: readonly (readonly [string, string])[];
  startedAt: number;
  deadline: number;
  pasting: boolean;
  field: InputBuffer;
  controller: ChatController;
}

/** A running login: the address to open or the device code, a spinner counting down, Esc to cancel. */
export function LoginProgress({ title, lines, startedAt, deadline, pasting, field, controller }: LoginProgressProps) {
  const theme = useTheme();
  const { time } = useAnimation({ interval: 1000 });
  useInput(
    (input, key) => {
      if (key.escape || (key.ctrl && input === 'c')) return;
      controller.typeInField(input, key);
    },
    { isActive: pasting },
  );
  const left = Math.max(0, deadline - (startedAt + time));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{title}</Text>
      {lines.map(([label, value], index) =>
        label === '' ? (
          <Text key={index} dimColor wrap="wrap">
            {value}
          </Text>
        ) : (
          <Box key={index} flexDirection="column">
            <Text>{label}:</Text>
            <Text color={theme.accent} bold wrap="wrap">
              {value}
            </Text>
          </Box>
        ),
      )}
      {pasting ? (
        <Box>
          <Text color={theme.accent}>› </Text>
          <TextWithCursor text={field.text} cursor={field.cursor} />
        </Box>
      ) : null}
      <Text>
        <Spinner /> Waiting… {formatClock(left)} left · Esc cancels
      </Text>
    </Box>
  );
}

function formatClock(milliseconds: number): string {
  const seconds = Math.ceil(milliseconds / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
