import { Text } from 'ink';

/** A line of text with the cursor drawn as an inverse cell (a block after the last character). */
export function TextWithCursor({
  text,
  cursor,
  mask = false,
}: {
  text: string;
  cursor: number | null;
  mask?: boolean;
}) {
  const shown = mask ? '•'.repeat(text.length) : text;
  if (cursor === null) return <Text wrap="wrap">{shown}</Text>;
  return (
    <Text wrap="wrap">
      {shown.slice(0, cursor)}
      <Text inverse>{shown.slice(cursor, cursor + 1) || ' '}</Text>
      {shown.slice(cursor + 1)}
    </Text>
  );
}
