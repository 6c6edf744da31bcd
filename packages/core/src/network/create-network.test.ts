import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCertificateAuthority, startInterceptingProxy, type InterceptingProxy } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNetworkVariables } from '../config/environment.js';
import { isSwitchboardError, type SwitchboardError } from '../errors.js';
import { createNetwork, type Network } from './create-network.js';

// Real peers: a local upstream reachable only through the testkit's intercepting proxy, under
// a name that does not resolve.
const HOST = 'api.example.test';
let upstream: Server;
let upstreamPort: number;
let proxy: InterceptingProxy;
let guarded: InterceptingProxy;
let directory: string;
let caFile: string;
const networks: Network[] = [];

beforeAll(async () => {
  upstream = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: request.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
  const ca = createTestCertificateAuthority();
  proxy = await startInterceptingProxy({ hosts: { [HOST]: upstreamPort }, ca });
  guarded = await startInterceptingProxy({
    hosts: { [HOST]: upstreamPort },
    ca,
    credentials: { username: 'alice', password: 'canary-proxy-pw' },
  });
  directory = await mkdtemp(join(tmpdir(), 'sb-network-'));
  caFile = join(directory, 'proxy-ca.pem');
  await writeFile(caFile, proxy.caPem);
});

afterAll(async () => {
  await Promise.all(networks.map((network) => network.close()));
  await Promise.all([proxy.close(), guarded.close()]);
  await new Promise((resolve) => upstream.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

function network(
  environment: Record<string, string>,
  config: { caFile?: string; proxy?: string; noProxy?: string } = {},
) {
  const created = createNetwork({
    variables: readNetworkVariables(environment),
    config: { caFile: config.caFile, proxy: config.proxy, noProxy: config.noProxy },
  });
  networks.push(created);
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<SwitchboardError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isSwitchboardError(error)) throw new Error(`expected a SwitchboardError, got ${String(error)}`);
  return error;
}

const connects = (target: InterceptingProxy) =>
  target.exchanges().filter((exchange) => exchange.kind === 'connect').length;

describe('createNetwork', () => {
  it('reaches an HTTPS host only the proxy knows, trusting [network] ca_file', async () => {
    const response = await network({ HTTPS_PROXY: proxy.url }, { caFile }).fetch(`https://${HOST}/v1/models`);
    expect(await response.json()).toEqual({ path: '/v1/models' });
    expect(proxy.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', path: '/v1/models', status: 200 }),
    );
  });

  it('forwards plain HTTP through HTTP_PROXY', async () => {
    const response = await network({ http_proxy: proxy.url }).fetch(`http://${HOST}/plain`);
    expect(await response.json()).toEqual({ path: '/plain' });
  });

  it("without the proxy's CA fails with one clear NETWORK error naming the certificate problem", async () => {
    const error = await failureOf(network({ HTTPS_PROXY: proxy.url }).fetch(`https://${HOST}/`));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(
      /^Cannot verify the TLS certificate of api\.example\.test through the proxy http:\/\/127\.0\.0\.1:\d+ \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_\w+)/,
    );
    expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(error.hint).toContain('ca_file');
  });

  it('connects directly to NO_PROXY hosts (the name then does not resolve: proof it skipped the proxy)', async () => {
    const before = connects(proxy);
    const fetch = network({ HTTPS_PROXY: proxy.url, NO_PROXY: '.example.test' }, { caFile }).fetch;
    await expect(fetch(`https://${HOST}/`)).rejects.toThrow();
    expect(connects(proxy)).toBe(before);
  });

  it('never sends loopback through the proxy, even with NO_PROXY empty', async () => {
    const before = proxy.exchanges().length;
    const fetch = network({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, { caFile }).fetch;
    for (const host of ['127.0.0.1', 'localhost'])
      expect(await (await fetch(`http://${host}:${upstreamPort}/local`)).json()).toEqual({ path: '/local' });
    expect(proxy.exchanges().length).toBe(before);
  });

  it('authenticates to a proxy with user:password from the URL, and never prints the password', async () => {
    const url = new URL(guarded.url);
    url.username = 'alice';
    url.password = 'canary-proxy-pw';
    const response = await network({ HTTPS_PROXY: url.href }, { caFile }).fetch(`https://${HOST}/guarded`);
    expect(await response.json()).toEqual({ path: '/guarded' });

    url.password = 'canary-wrong-pw';
    const error = await failureOf(network({ HTTPS_PROXY: url.href }, { caFile }).fetch(`https://${HOST}/`));
    expect(error.message).toMatch(/^The proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ answered HTTP 407/);
    for (const text of [error.message, error.hint ?? '', error.stack ?? '', JSON.stringify(error), String(error.cause)])
      expect(text).not.toMatch(/canary-(wrong|proxy)-pw/);
  });

  it('names an unreachable proxy', async () => {
    const error = await failureOf(network({ HTTPS_PROXY: 'http://127.0.0.1:1' }).fetch(`https://${HOST}/`));
    expect(error.message).toMatch(
      /^Cannot reach api\.example\.test through the proxy http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    );
  });

  it('reports an unreadable ca_file as INVALID_CONFIG', async () => {
    const error = await failureOf(network({}, { caFile: join(directory, 'missing.pem') }).fetch(`https://${HOST}/`));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('missing.pem');
    await writeFile(join(directory, 'not-pem.pem'), 'hello');
    const notPem = await failureOf(network({}, { caFile: join(directory, 'not-pem.pem') }).fetch(`https://${HOST}/`));
    expect(notPem.message).toContain('holds no PEM certificate');
  });

  it('hands children the effective proxy, loopback in NO_PROXY and the CA file', () => {
    const configured = network(
      { https_proxy: 'http://env.test:1', NO_PROXY: 'corp.test' },
      { proxy: 'http://config.test:3128', caFile },
    );
    const child = configured.childEnvironment({
      PATH: '/bin',
      https_proxy: 'http://env.test:1',
      NO_PROXY: 'corp.test',
    });
    expect(child).toMatchObject({
      PATH: '/bin',
      HTTPS_PROXY: 'http://config.test:3128/',
      https_proxy: 'http://config.test:3128/',
      HTTP_PROXY: 'http://config.test:3128/',
      NO_PROXY: 'corp.test,localhost,127.0.0.1,::1',
      no_proxy: 'corp.test,localhost,127.0.0.1,::1',
      NODE_EXTRA_CA_CERTS: caFile,
      CODEX_CA_CERTIFICATE: caFile,
    });
    const plain = network({}).childEnvironment({ PATH: '/bin' });
    expect(plain).toEqual({ PATH: '/bin' });
    // NODE_EXTRA_CA_CERTS alone: Node children inherit it; Codex gets it as its own variable.
    const fromEnvironment = network({ NODE_EXTRA_CA_CERTS: caFile }).childEnvironment({ NODE_EXTRA_CA_CERTS: caFile });
    expect(fromEnvironment).toEqual({ NODE_EXTRA_CA_CERTS: caFile, CODEX_CA_CERTIFICATE: caFile });
  });
});

describe('createNetwork().httpsAgent', () => {
  const get = (url: string, agent: import('node:https').Agent) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpsGet(url, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });

  it('tunnels node:https requests through the proxy with the CA file, authenticating from the URL', async () => {
    const url = new URL(guarded.url);
    url.username = 'alice';
    url.password = 'canary-proxy-pw';
    const agent = await network({ HTTPS_PROXY: url.href }, { caFile }).httpsAgent();
    expect(await get(`https://${HOST}/agent`, agent)).toEqual({
      status: 200,
      body: JSON.stringify({ path: '/agent' }),
    });
    expect(guarded.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', path: '/agent', status: 200 }),
    );
  });

  it('connects directly to NO_PROXY hosts', async () => {
    const before = connects(proxy);
    const agent = await network({ HTTPS_PROXY: proxy.url, NO_PROXY: HOST }, { caFile }).httpsAgent();
    await expect(get(`https://${HOST}/`, agent)).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/),
    });
    expect(connects(proxy)).toBe(before);
  });
});
