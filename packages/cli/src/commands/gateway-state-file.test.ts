import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advertiseGateway, findRunningGateway, GATEWAY_STATE_FILE } from './gateway-state-file.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'sb-gateway-state-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const state = { url: 'http://127.0.0.1:5151', pid: 4242, startedAt: '2026-12-03T00:00:00Z' };
const answering = (status: number): typeof fetch => (async () => new Response('{}', { status })) as typeof fetch;

describe('gateway state file', () => {
  it('finds a live gateway that accepts the token', async () => {
    await writeFile(join(home, GATEWAY_STATE_FILE), JSON.stringify(state));
    const found = await findRunningGateway({ home, token: 't', isAlive: () => true, fetch: answering(200) });
    expect(found).toEqual(state);
  });

  it('ignores a live process that refuses the token or does not answer, and leaves its file alone', async () => {
    await writeFile(join(home, GATEWAY_STATE_FILE), JSON.stringify(state));
    expect(await findRunningGateway({ home, token: 't', isAlive: () => true, fetch: answering(401) })).toBeUndefined();
    const silent = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await findRunningGateway({ home, token: 't', isAlive: () => true, fetch: silent })).toBeUndefined();
    expect(JSON.parse(await readFile(join(home, GATEWAY_STATE_FILE), 'utf8'))).toEqual(state);
  });

  it('removes the file of a dead process, and ignores an unreadable one', async () => {
    await writeFile(join(home, GATEWAY_STATE_FILE), JSON.stringify(state));
    expect(await findRunningGateway({ home, token: 't', isAlive: () => false, fetch: answering(200) })).toBeUndefined();
    await expect(readFile(join(home, GATEWAY_STATE_FILE), 'utf8')).rejects.toThrow();
    await writeFile(join(home, GATEWAY_STATE_FILE), '{not json');
    expect(await findRunningGateway({ home, token: 't', isAlive: () => true, fetch: answering(200) })).toBeUndefined();
  });

  it('advertises a gateway and removes only its own entry', async () => {
    const remove = await advertiseGateway(home, state.url, 1111);
    const later = await advertiseGateway(home, 'http://127.0.0.1:6161', 2222);
    await remove();
    expect(JSON.parse(await readFile(join(home, GATEWAY_STATE_FILE), 'utf8'))).toMatchObject({ pid: 2222 });
    await later();
    await expect(readFile(join(home, GATEWAY_STATE_FILE), 'utf8')).rejects.toThrow();
  });
});
