import { Box, Text } from 'ink';
import { parseMarkdownBlocks, type MarkdownBlock } from '../markdown-blocks.js';
import { InlineText } from './inline-text.js';
import { useTheme } from './theme-context.js';

/** An answer's Markdown, laid out for a terminal: code blocks framed, list items with hanging indents. */
export function MarkdownText({ text }: { text: string }) {
  const blocks = parseMarkdownBlocks(text);
  return (
    <Box flexDirection="column">
      {blocks.map((block, index) => (
        <Block key={index} block={block} spaced={index > 0 && needsSpace(blocks[index - 1], block)} />
      ))}
    </Box>
  );
}

function Block({ block, spaced }: { block: MarkdownBlock; spaced: boolean }) {
  const theme = useTheme();
  const top = spaced ? 1 : 0;
  switch (block.kind) {
    case 'paragraph':
      return (
        <Box marginTop={top}>
          <InlineText text={block.text} />
        </Box>
      );
    case 'heading':
      return (
        <Box marginTop={top}>
          <InlineText text={block.text} bold />
        </Box>
      );
    case 'code':
      return (
        <Box
          marginTop={top}
          flexDirection="column"
          borderStyle="single"
          borderTop={false}
          borderRight={false}
          borderBottom={false}
          borderColor={theme.muted}
          paddingLeft={1}
        >
          {block.language ? <Text dimColor>{block.language}</Text> : null}
          {block.lines.map((line, index) => (
            <Text key={index} color={theme.code} wrap="wrap">
              {line === '' ? ' ' : line}
            </Text>
          ))}
        </Box>
      );
    case 'list-item':
      return (
        <Box marginTop={top} paddingLeft={block.depth * 2}>
          <Box flexShrink={0} marginRight={1}>
            <Text color={theme.accent}>{block.marker}</Text>
          </Box>
          <InlineText text={block.text} />
        </Box>
      );
    case 'quote':
      return (
        <Box
          marginTop={top}
          borderStyle="single"
          borderTop={false}
          borderRight={false}
          borderBottom={false}
          borderColor={theme.muted}
          paddingLeft={1}
        >
          <InlineText text={block.text} />
        </Box>
      );
    case 'rule':
      return (
        <Box marginTop={top}>
          <Text dimColor>────────</Text>
        </Box>
      );
  }
}

/** A blank line between blocks, except between consecutive list items or quote lines. */
function needsSpace(previous: MarkdownBlock | undefined, block: MarkdownBlock): boolean {
  if (!previous) return false;
  if (previous.kind === 'list-item' && block.kind === 'list-item') return false;
  if (previous.kind === 'quote' && block.kind === 'quote') return false;
  return true;
}
