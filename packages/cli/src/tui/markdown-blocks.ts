/** A block of an answer, for readable terminal output of the Markdown models write. */
export type MarkdownBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'code'; readonly language: string; readonly lines: readonly string[] }
  | { readonly kind: 'list-item'; readonly marker: string; readonly depth: number; readonly text: string }
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'rule' };

/** A run of inline text and how it is styled. */
export interface InlineSpan {
  readonly text: string;
  readonly style: 'plain' | 'bold' | 'italic' | 'code';
}

const FENCE = /^\s*(```|~~~)\s*([\w+#.-]*)/u;
const BULLET = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/u;

/**
 * Splits Markdown into blocks: fenced code (an unclosed fence — an answer still streaming —
 * runs to the end), headings, list items with their nesting depth, quotes, rules, paragraphs.
 */
export function parseMarkdownBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      index += 1;
      while (index < lines.length && !(lines[index] ?? '').trim().startsWith(marker)) {
        code.push(lines[index] ?? '');
        index += 1;
      }
      blocks.push({ kind: 'code', language: fence[2] ?? '', lines: code });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/u.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', text: heading[1] ?? '' });
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/u.test(line)) {
      flush();
      blocks.push({ kind: 'rule' });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      flush();
      const marker = bullet[2] ?? '-';
      blocks.push({
        kind: 'list-item',
        marker: /\d/u.test(marker) ? marker : '•',
        depth: Math.floor((bullet[1] ?? '').length / 2),
        text: bullet[3] ?? '',
      });
      continue;
    }
    const quote = /^\s*>\s?(.*)$/u.exec(line);
    if (quote) {
      flush();
      blocks.push({ kind: 'quote', text: quote[1] ?? '' });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Splits a line into plain, **bold**, *italic* and `code` spans (markers removed). */
export function parseInline(text: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  const pattern = /(`+)([^`]+?)\1|\*\*([^*]+)\*\*|__([^_]+)__|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])/gu;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) spans.push({ text: text.slice(last, start), style: 'plain' });
    if (match[2] !== undefined) spans.push({ text: match[2], style: 'code' });
    else if (match[3] !== undefined || match[4] !== undefined)
      spans.push({ text: match[3] ?? match[4] ?? '', style: 'bold' });
    else spans.push({ text: match[5] ?? '', style: 'italic' });
    last = start + match[0].length;
  }
  if (last < text.length) spans.push({ text: text.slice(last), style: 'plain' });
  return spans;
}
