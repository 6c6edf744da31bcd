import { Text, useAnimation } from 'ink';
import { useTheme } from './theme-context.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A small spinner. */
export function Spinner() {
  const theme = useTheme();
  const { frame } = useAnimation({ interval: 80 });
  return <Text color={theme.accent}>{FRAMES[frame % FRAMES.length]}</Text>;
}
