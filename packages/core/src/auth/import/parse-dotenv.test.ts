import { describe, expect, it } from 'vitest';
import { parseDotenv } from './parse-dotenv.js';

describe('parseDotenv', () => {
  it('reads plain, exported, quoted and commented values', () => {
    const text = [
      '# comment',
      '',
      'PLAIN=value',
      'export EXPORTED=exported-value',
      'DOUBLE="with spaces # not a comment"',
      "SINGLE='single'",
      'TRAILING=value # a comment',
      'NEWLINE="a\\nb"',
      'SPACED = spaced ',
      'not a pair',
      'EMPTY=',
    ].join('\r\n');
    expect(parseDotenv(text)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'exported-value',
      DOUBLE: 'with spaces # not a comment',
      SINGLE: 'single',
      TRAILING: 'value',
      NEWLINE: 'a\nb',
      SPACED: 'spaced',
      EMPTY: '',
    });
  });

  it('lets a later line win, as dotenv files are read top to bottom', () => {
    expect(parseDotenv('KEY=first\nKEY=second\n')).toEqual({ KEY: 'second' });
  });
});
