import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSb, startSb } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

// The bundle `sb` runs from (scripts/bundle-cli.js, built by `npm test` before the tests).
const BUNDLE = fileURLToPath(new URL('../bundle', import.meta.url));

async function bundleFiles(suffix: string): Promise<string[]> {
  const entries = await readdir(BUNDLE, { recursive: true });
  return entries.filter((entry) => entry.endsWith(suffix)).map((entry) => join(BUNDLE, entry));
}

let home: TestHome;
beforeAll(async () => {
  home = await createTestHome();
});
afterAll(async () => {
  await home.remove();
});

describe('the CLI bundle', () => {
  it('is ASCII only, so V8 keeps each chunk’s source at one byte per character', async () => {
    const files = await bundleFiles('.js');
    expect(files.length).toBeGreaterThan(10);
    const withOtherCharacters: string[] = [];
    for (const file of files) {
      if (/[^\x00-\x7f]/.test(await readFile(file, 'utf8'))) withOtherCharacters.push(file);
    }
    expect(withOtherCharacters).toEqual([]);
  });

  it("holds zod's English messages and no other language", async () => {
    const sources: string[] = [];
    for (const map of await bundleFiles('.js.map')) {
      sources.push(...(JSON.parse(await readFile(map, 'utf8')) as { sources: string[] }).sources);
    }
    const locales = sources.filter((source) => source.includes('zod/v4/locales/'));
    expect(locales.some((source) => source.endsWith('zod/v4/locales/en.js'))).toBe(true);
    expect(locales.filter((source) => /zod\/v4\/locales\/(?!en\.js$|english-only\.js$)/.test(source))).toEqual([]);
  });

  it('answers a request the gateway refuses with zod’s English reason', async () => {
    const token = (await runSb(['serve', '--print-token'], { environment: home.environment })).stdout.trim();
    const serve = startSb(['serve', '--local', '--port', '0', '--json'], { environment: home.environment });
    try {
      const listening = await serve.nextJson((line) => line['event'] === 'listening');
      const response = await fetch(`${String(listening['url'])}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 5, messages: [] }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string; param: string } };
      expect(body.error).toMatchObject({
        message: 'Invalid request body at model: Invalid input: expected string, received number',
        param: 'model',
      });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.result;
    }
  });
});
