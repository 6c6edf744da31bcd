import { Box, Text, useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';
import { buildPickerRows, filterModels, visibleWindow, type PickerModel } from '../picker-model.js';
import { ModelPickerRow } from './model-picker-row.js';
import { useTheme } from './theme-context.js';

/** What the `/model` picker shows. */
export interface ModelPickerProps {
  models: readonly PickerModel[];
  filter: string;
  selectedId: string | null;
  /** Lines available for the list (the screen minus the picker's own frame and the status line). */
  height: number;
  controller: ChatController;
}

/** `/model`: every catalog model grouped by provider; typing filters, ↑↓ move, Enter selects, Esc closes. */
export function ModelPicker({ models, filter, selectedId, height, controller }: ModelPickerProps) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return;
    controller.typeInPicker(input, key);
  });
  const visible = filterModels(models, filter);
  const rows = buildPickerRows(visible);
  const listHeight = Math.max(3, height);
  const window = visibleWindow(rows, selectedId, listHeight);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Box>
        <Box flexGrow={1}>
          <Text bold>Pick a model </Text>
          <Text>
            filter: <Text color={theme.accent}>{filter}</Text>
            <Text inverse> </Text>
          </Text>
        </Box>
        <Text dimColor>✅ logged in · ⚠️ login required · ● active</Text>
      </Box>
      {rows.slice(window.start, window.end).map((row) =>
        row.kind === 'group' ? (
          <Text key={`group:${row.title}`} bold color={theme.muted}>
            {row.title}
          </Text>
        ) : (
          <ModelPickerRow key={row.model.id} model={row.model} selected={row.model.id === selectedId} />
        ),
      )}
      {visible.length === 0 ? <Text dimColor>No model matches “{filter}”.</Text> : null}
      <Text dimColor>
        ↑↓ move · Enter select · Esc close · {visible.length} of {models.length}
        {window.start > 0 || window.end < rows.length ? ' · more ↑↓' : ''}
      </Text>
    </Box>
  );
}
