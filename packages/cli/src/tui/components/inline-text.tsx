import { Text } from 'ink';
import { parseInline } from '../markdown-blocks.js';
import { useTheme } from './theme-context.js';

/** One run of Markdown inline text: **bold**, *italic* and `code` styled, markers removed. */
export function InlineText({ text, bold = false }: { text: string; bold?: boolean }) {
  const theme = useTheme();
  return (
    <Text bold={bold} wrap="wrap">
      {parseInline(text).map((span, index) => {
        if (span.style === 'code')
          return (
            <Text key={index} color={theme.code}>
              {theme.color ? span.text : `\`${span.text}\``}
            </Text>
          );
        if (span.style === 'bold')
          return (
            <Text key={index} bold>
              {span.text}
            </Text>
          );
        if (span.style === 'italic')
          return (
            <Text key={index} italic>
              {span.text}
            </Text>
          );
        return span.text;
      })}
    </Text>
  );
}
