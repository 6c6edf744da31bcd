import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { InvalidJsonBodyError, jsonBodyOf, scanJsonBody, type JsonBodyChanges } from './json-body.js';

/** A deterministic pseudo-random sequence (the cases are the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const TRICKY_TEXT = [
  'plain',
  'a "quoted" word',
  'ends with a backslash \\',
  'two \\\\" tricks \\"',
  '{"model":"not-this-one"}',
  'line\nbreak\ttab',
  'accents é ✓ 𝄞',
  '',
  '"model": "gpt-4o", "stream_options": {}',
];

function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 2 ? 4 : 6));
  switch (kind) {
    case 0:
      return TRICKY_TEXT[Math.floor(next() * TRICKY_TEXT.length)];
    case 1:
      return Math.round(next() * 1e6) / 100;
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, (_, index) => [
          index === 0 ? 'model' : `k${index}`,
          randomValue(next, depth + 1),
        ]),
      );
  }
}

/** A chat body with `model` somewhere among its top-level keys, written compact or indented. */
function randomBody(seed: number): { text: string; parsed: Record<string, unknown> } {
  const next = random(seed);
  const entries: Array<[string, unknown]> = [
    ['messages', [{ role: 'user', content: TRICKY_TEXT[seed % TRICKY_TEXT.length] }, randomValue(next, 1)]],
    ['stream', next() < 0.5],
    ['temperature', next()],
    ['metadata', randomValue(next, 1)],
  ];
  entries.splice(Math.floor(next() * (entries.length + 1)), 0, ['model', 'claude-sonnet-4-5']);
  const parsed = Object.fromEntries(entries);
  const indent = [undefined, 2, '\t'][seed % 3];
  return { text: JSON.stringify(parsed, null, indent), parsed };
}

/** The scanned body of `text` spliced, as text (undefined when it cannot be scanned or spliced). */
function spliceJsonBody(text: string, changes: JsonBodyChanges): string | undefined {
  const pieces = scanJsonBody(Buffer.from(text))?.splice(changes);
  return pieces && Buffer.concat(pieces).toString('utf8');
}

describe('a scanned JSON body', () => {
  it('equals the parsed body with the changes, for 500 bodies of every shape', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const { text, parsed } = randomBody(seed);
      const spliced = spliceJsonBody(text, { model: 'upstream "id" ✓' });
      expect(spliced, `seed ${seed}`).toBeDefined();
      expect(JSON.parse(spliced!), `seed ${seed}`).toEqual({ ...parsed, model: 'upstream "id" ✓' });
      // Everything but the model's value is the caller's text as it came.
      expect(spliced!.replace('"upstream \\"id\\" ✓"', '"claude-sonnet-4-5"'), `seed ${seed}`).toBe(text);

      const withUsage = spliceJsonBody(text, { model: 'gpt-5', includeUsage: true });
      expect(JSON.parse(withUsage!), `seed ${seed}`).toEqual({
        stream_options: { include_usage: true },
        ...parsed,
        model: 'gpt-5',
      });
    }
  });

  it('finds the top-level model after a large messages array full of quotes and "model" keys', () => {
    const content = 'say "model": "x" \\" and }]{['.repeat(20_000);
    const body = { messages: [{ role: 'user', content }, { model: 'nested' }], model: 'gpt-5', stream: true };
    const text = JSON.stringify(body);
    expect(JSON.parse(spliceJsonBody(text, { model: 'gpt-5-2025' })!)).toEqual({ ...body, model: 'gpt-5-2025' });
  });

  it('gives up (the caller serialises as before) on anything it cannot splice exactly', () => {
    expect(spliceJsonBody('{"model":"a","model":"b"}', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"messages":[]}', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"model":"a","stream_options":{}}', { model: 'c', includeUsage: true })).toBeUndefined();
    expect(spliceJsonBody('[{"model":"a"}]', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"model":"a"} trailing', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"model":"a"', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"model":"unterminated}', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('{"model" "a"}', { model: 'c' })).toBeUndefined();
    expect(spliceJsonBody('', { model: 'c' })).toBeUndefined();
    // An escaped key is read as JSON reads it: "\u006dodel" is "model".
    expect(JSON.parse(spliceJsonBody('{"\\u006dodel":"a","x":1}', { model: 'c' })!)).toEqual({ model: 'c', x: 1 });
  });
});

describe('reading members of a scanned body', () => {
  it('gives each top-level member and the whole value as JSON.parse does, for 500 bodies of every shape', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const { text, parsed } = randomBody(seed);
      const body = scanJsonBody(Buffer.from(text))!;
      for (const name of Object.keys(parsed)) expect(body.member(name), `seed ${seed} ${name}`).toEqual(parsed[name]);
      expect(body.member('absent')).toBeUndefined();
      expect(body.value(), `seed ${seed}`).toEqual(parsed);
    }
  });

  it('finds the end of every string whatever its length, escaped quotes and backslashes on either side of 32 bytes', () => {
    for (let length = 0; length < 80; length += 1) {
      for (const tail of ['', '\\"', '\\\\', 'é\\"x', '\\\\\\"']) {
        const text = 'a'.repeat(length) + tail;
        const value = JSON.parse(`"${text}"`) as string;
        const source = `{"note":"${text}","model":"m","list":["${text}",{"k":"${text}"}],"stream":true}`;
        const body = scanJsonBody(Buffer.from(source))!;
        expect(body.member('note')).toBe(value);
        expect(body.member('list')).toEqual([value, { k: value }]);
        expect(body.member('stream')).toBe(true);
        expect(Buffer.concat(body.splice({ model: 'n' })!).toString()).toBe(source.replace('"m"', '"n"'));
      }
    }
  });

  it('reads plain strings and literals as a parse would, and refuses a string holding a raw control character', () => {
    const body = scanJsonBody(
      Buffer.from('{"model":"wörld ✓ 日本","stream":true,"off":false,"none":null,"n":-1.5e2,"esc":"a\\"b"}'),
    )!;
    expect(body.member('model')).toBe('wörld ✓ 日本');
    expect(body.member('stream')).toBe(true);
    expect(body.member('off')).toBe(false);
    expect(body.member('none')).toBeNull();
    expect(body.member('n')).toBe(-150);
    expect(body.member('esc')).toBe('a"b');
    for (const code of [0x0a, 0x09, 0x00, 0x1f]) {
      const broken = scanJsonBody(Buffer.from(`{"model":"a${String.fromCharCode(code)}b"}`))!;
      expect(() => broken.member('model')).toThrow(InvalidJsonBodyError);
    }
  });

  it('reads keys written with escapes or in other scripts, and the last of a duplicated one', () => {
    const body = scanJsonBody(Buffer.from('{"mod\\u0065l":"a","modèle":"b","stream":false,"stream":true}'))!;
    expect(body.member('model')).toBe('a');
    expect(body.member('modèle')).toBe('b');
    expect(body.member('stream')).toBe(true);
  });

  it('leaves a nested value unread until asked for, then refuses what is not JSON with INVALID_REQUEST', () => {
    // The top level is sound: routing can read the model; the upstream judges the rest.
    const body = scanJsonBody(Buffer.from('{"model":"gpt-5","messages":[1,],"stream":tru}'))!;
    expect(body.member('model')).toBe('gpt-5');
    expect(Buffer.concat(body.splice({ model: 'up' })!).toString()).toBe('{"model":"up","messages":[1,],"stream":tru}');
    for (const read of [() => body.value(), () => body.member('stream'), () => body.member('messages')]) {
      let thrown: unknown;
      try {
        read();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SwitchboardError);
      // Its own class: an edge answers it as it answers any other body that is not JSON.
      expect(thrown).toBeInstanceOf(InvalidJsonBodyError);
      expect(thrown).toMatchObject({ code: 'INVALID_REQUEST', message: 'The request body is not valid JSON.' });
    }
  });

  it('keeps every byte of a body in UTF-8 but the model, as views of the bytes it came in (no copy)', () => {
    const text = JSON.stringify({ messages: [{ role: 'user', content: 'é ✓ 𝄞 "q" \\' }], model: 'a', stream: true });
    // Bytes with an ArrayBuffer of their own (Buffer.from may take them from a shared pool).
    const bytes = Buffer.alloc(Buffer.byteLength(text));
    bytes.write(text);
    const body = scanJsonBody(bytes)!;
    const pieces = body.splice({ model: 'b', includeUsage: true })!;
    const views = pieces.filter((piece) => piece.buffer === body.bytes.buffer);
    // The caller's bytes before the model and after it.
    expect(views.reduce((size, piece) => size + piece.length, 0)).toBe(body.bytes.length - '"a"'.length);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(
      `{"stream_options":{"include_usage":true},${text.slice(1).replace('"model":"a"', '"model":"b"')}`,
    );
  });

  it('builds a body from a value, which splices like one received', () => {
    const body = jsonBodyOf({ model: 'a', messages: [] });
    expect(body.member('model')).toBe('a');
    expect(Buffer.concat(body.splice({ model: 'b' })!).toString()).toBe('{"model":"b","messages":[]}');
  });
});
