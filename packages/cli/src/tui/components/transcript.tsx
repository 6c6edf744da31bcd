import { Box, Static } from 'ink';
import type { TranscriptEntry } from '../chat-state.js';
import { Banner } from './banner.js';
import { EntryView } from './entry-view.js';

type Item = { id: number; entry: TranscriptEntry | null };

/**
 * The finished conversation, printed once into the terminal's scrollback (so it scrolls,
 * selects and copies like any terminal text). A new `epoch` prints it again from scratch: after
 * /clear and after a resize, once the screen was cleared.
 */
export function Transcript({ entries, epoch }: { entries: readonly TranscriptEntry[]; epoch: number }) {
  const items: Item[] = [{ id: 0, entry: null }, ...entries.map((entry) => ({ id: entry.id, entry }))];
  return (
    <Static key={epoch} items={items}>
      {(item) => (
        <Box key={item.id} flexDirection="column" paddingX={1}>
          {item.entry ? <EntryView entry={item.entry} /> : <Banner />}
        </Box>
      )}
    </Static>
  );
}
