import type { ReactNode } from 'react';

/** A block of a markdown text. */
type Block =
  | { kind: 'code'; language: string; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' }
  | { kind: 'paragraph'; text: string };

const FENCE = /^\s*(```|~~~)\s*([\w+#.-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

/** Splits markdown into blocks; an unclosed code fence (an answer still streaming) runs to the end. */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      index += 1;
      while (index < lines.length && !(lines[index] ?? '').trim().startsWith(fence[1] ?? '```')) {
        code.push(lines[index] ?? '');
        index += 1;
      }
      index += 1;
      blocks.push({ kind: 'code', language: fence[2] ?? '', text: code.join('\n') });
      continue;
    }
    if (!line.trim()) {
      index += 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: (heading[1]?.length ?? 1) as 1, text: heading[2] ?? '' });
      index += 1;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      index += 1;
      continue;
    }
    const item = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : undefined;
    if (item) {
      const items: string[] = [];
      while (index < lines.length && item.test(lines[index] ?? '')) {
        items.push(item.exec(lines[index] ?? '')?.[1] ?? '');
        index += 1;
      }
      blocks.push({ kind: 'list', ordered: item === NUMBERED, items });
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (index < lines.length && (lines[index] ?? '').startsWith('>')) {
        quoted.push((lines[index] ?? '').replace(/^>\s?/, ''));
        index += 1;
      }
      blocks.push({ kind: 'quote', text: quoted.join('\n') });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const next = lines[index] ?? '';
      if (!next.trim() || FENCE.test(next) || HEADING.test(next) || BULLET.test(next) || next.startsWith('>')) break;
      paragraph.push(next);
      index += 1;
    }
    blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][^*]*?)\*|\b_([^_\s][^_]*?)_\b|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Only links a person can follow safely: web and mail addresses (never `javascript:`). */
function safeHref(href: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : undefined;
}

/** Inline markdown (code, bold, italic, links) as React nodes: text is never parsed as HTML. */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  let count = 0;
  for (const match of text.matchAll(INLINE)) {
    const start = match.index;
    if (start > last) nodes.push(text.slice(last, start));
    const key = `${keyPrefix}-${count++}`;
    const [whole, , code, strong, strongAlt, emphasis, emphasisAlt, linkText, href] = match;
    if (code !== undefined) nodes.push(<code key={key}>{code.trim() || code}</code>);
    else if (strong !== undefined || strongAlt !== undefined)
      nodes.push(<strong key={key}>{renderInline(strong ?? strongAlt ?? '', key)}</strong>);
    else if (emphasis !== undefined || emphasisAlt !== undefined)
      nodes.push(<em key={key}>{renderInline(emphasis ?? emphasisAlt ?? '', key)}</em>);
    else if (linkText !== undefined && href !== undefined) {
      const safe = safeHref(href);
      nodes.push(
        safe ? (
          <a key={key} href={safe} target="_blank" rel="noopener noreferrer">
            {renderInline(linkText, key)}
          </a>
        ) : (
          whole
        ),
      );
    }
    last = start + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Markdown as React elements: paragraphs, headings, lists, quotes, rules and code blocks; no raw HTML. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      {parseBlocks(text).map((block, index) => {
        const key = `b${index}`;
        switch (block.kind) {
          case 'code':
            return (
              <pre key={key} className="code-block" data-language={block.language || undefined}>
                {block.language && <span className="code-language">{block.language}</span>}
                <code>{block.text}</code>
              </pre>
            );
          case 'heading': {
            const Heading = `h${Math.min(block.level + 2, 6)}` as 'h3';
            return <Heading key={key}>{renderInline(block.text, key)}</Heading>;
          }
          case 'list': {
            const List = block.ordered ? 'ol' : 'ul';
            return (
              <List key={key}>
                {block.items.map((item, itemIndex) => (
                  <li key={itemIndex}>{renderInline(item, `${key}-${itemIndex}`)}</li>
                ))}
              </List>
            );
          }
          case 'quote':
            return <blockquote key={key}>{renderInline(block.text, key)}</blockquote>;
          case 'rule':
            return <hr key={key} />;
          case 'paragraph':
            return <p key={key}>{renderInline(block.text, key)}</p>;
        }
      })}
    </div>
  );
}
