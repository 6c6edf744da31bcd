import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInterceptingProxy, type InterceptingProxy } from '@switchboard/testkit';
import { Gaxios } from 'gaxios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNetworkVariables } from '../config/environment.js';
import { createNetwork, type Network } from './create-network.js';

// gaxios is google-auth-library's transport (GoogleAuth `clientOptions.transporter`): it takes
// the network's fetch as `fetchImplementation`, or its agent as `agent` (gaxios then uses
// node-fetch, which honors agents).
let upstream: Server;
let proxy: InterceptingProxy;
let directory: string;
let network: Network;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: request.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startInterceptingProxy({ hosts: { 'oauth2.example.test': (upstream.address() as AddressInfo).port } });
  directory = await mkdtemp(join(tmpdir(), 'sb-gaxios-'));
  const caFile = join(directory, 'ca.pem');
  await writeFile(caFile, proxy.caPem);
  network = createNetwork({
    variables: readNetworkVariables({ HTTPS_PROXY: proxy.url }),
    config: { caFile, proxy: undefined, noProxy: undefined },
  });
});

afterAll(async () => {
  await network.close();
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe('the network with gaxios (google-auth-library)', () => {
  it('serves gaxios as its fetchImplementation', async () => {
    const gaxios = new Gaxios({ fetchImplementation: network.fetch });
    const response = await gaxios.request<{ path: string }>({ url: 'https://oauth2.example.test/token?via=fetch' });
    expect(response.data).toEqual({ path: '/token?via=fetch' });
  });

  it('serves gaxios as its agent', async () => {
    const gaxios = new Gaxios({ agent: await network.httpsAgent() });
    const response = await gaxios.request<{ path: string }>({ url: 'https://oauth2.example.test/token?via=agent' });
    expect(response.data).toEqual({ path: '/token?via=agent' });
    expect(proxy.exchanges()).toContainEqual(expect.objectContaining({ kind: 'connect', path: '/token?via=agent' }));
  });
});
