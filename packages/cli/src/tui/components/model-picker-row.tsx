import { Text } from 'ink';
import type { PickerModel } from '../picker-model.js';
import { useTheme } from './theme-context.js';

/** One model: `› ● Claude Opus 4.1 (ultra premium) — $15/$75 ✅` or `… ⚠️ Login required`. */
export function ModelPickerRow({ model, selected }: { model: PickerModel; selected: boolean }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" inverse={selected && theme.color} bold={selected}>
      <Text color={theme.accent}>{selected ? '›' : ' '}</Text>
      <Text color={theme.success}>{model.active ? ' ●' : '  '}</Text> {model.label}{' '}
      {model.loggedIn ? <Text>✅</Text> : <Text color={theme.warning}>⚠️ Login required</Text>}
    </Text>
  );
}
