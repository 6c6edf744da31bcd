import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdownBlocks } from './markdown-blocks.js';

describe('parseMarkdownBlocks', () => {
  it('splits paragraphs, headings, fenced code, nested list items, quotes and rules', () => {
    const text = [
      '# Title',
      'Some text',
      'more text',
      '',
      '```ts',
      'const x = 1;',
      '',
      '```',
      '- one',
      '  - nested',
      '2. two',
      '> quoted',
      '---',
    ].join('\n');
    expect(parseMarkdownBlocks(text)).toEqual([
      { kind: 'heading', text: 'Title' },
      { kind: 'paragraph', text: 'Some text\nmore text' },
      { kind: 'code', language: 'ts', lines: ['const x = 1;', ''] },
      { kind: 'list-item', marker: '•', depth: 0, text: 'one' },
      { kind: 'list-item', marker: '•', depth: 1, text: 'nested' },
      { kind: 'list-item', marker: '2.', depth: 0, text: 'two' },
      { kind: 'quote', text: 'quoted' },
      { kind: 'rule' },
    ]);
  });

  it('keeps an unclosed fence (an answer still streaming) as code to the end', () => {
    expect(parseMarkdownBlocks('```py\nprint(1)\n# not a heading')).toEqual([
      { kind: 'code', language: 'py', lines: ['print(1)', '# not a heading'] },
    ]);
  });
});

describe('parseInline', () => {
  it('styles bold, italic and code spans and removes their markers', () => {
    expect(parseInline('a **b** *c* `d` e')).toEqual([
      { text: 'a ', style: 'plain' },
      { text: 'b', style: 'bold' },
      { text: ' ', style: 'plain' },
      { text: 'c', style: 'italic' },
      { text: ' ', style: 'plain' },
      { text: 'd', style: 'code' },
      { text: ' e', style: 'plain' },
    ]);
    expect(parseInline('2 * 3 * 4')).toEqual([{ text: '2 * 3 * 4', style: 'plain' }]);
  });
});
