import { describe, expect, it } from 'vitest';
import { readNetworkVariables } from '../config/environment.js';
import { isSwitchboardError } from '../errors.js';
import { proxyFor, redactProxyUrl, resolveProxySettings } from './resolve-proxy-settings.js';

const noConfig = { caFile: undefined, proxy: undefined, noProxy: undefined };
const settingsOf = (environment: Record<string, string>, config = noConfig) =>
  resolveProxySettings(readNetworkVariables(environment), config);
const via = (settings: ReturnType<typeof settingsOf>, url: string) => proxyFor(settings, new URL(url))?.href;

describe('resolveProxySettings', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lowercase first, ALL_PROXY as fallback', () => {
    const settings = settingsOf({
      HTTPS_PROXY: 'http://upper.test:1',
      https_proxy: 'http://lower.test:2',
      ALL_PROXY: 'http://all.test:3',
    });
    expect(via(settings, 'https://api.test/v1')).toBe('http://lower.test:2/');
    expect(via(settings, 'http://api.test/v1')).toBe('http://all.test:3/');
    expect(via(settingsOf({ HTTP_PROXY: 'http://only-http.test:4' }), 'https://api.test/')).toBeUndefined();
  });

  it('never proxies loopback, and honors NO_PROXY with the effective port', () => {
    const settings = settingsOf({ HTTPS_PROXY: 'http://proxy.test:1', NO_PROXY: 'internal.test,api.test:8443' });
    expect(via(settings, 'https://127.0.0.1:4141/v1')).toBeUndefined();
    expect(via(settings, 'https://localhost/v1')).toBeUndefined();
    expect(via(settings, 'https://[::1]:9/v1')).toBeUndefined();
    expect(via(settings, 'https://x.internal.test/')).toBeUndefined();
    expect(via(settings, 'https://api.test:8443/')).toBeUndefined();
    expect(via(settings, 'https://api.test/')).toBe('http://proxy.test:1/');
  });

  it('lets [network] proxy and no_proxy replace the environment', () => {
    const settings = settingsOf(
      { HTTPS_PROXY: 'http://env.test:1', NO_PROXY: 'api.test' },
      { caFile: undefined, proxy: 'http://config.test:2', noProxy: 'other.test' },
    );
    expect(via(settings, 'https://api.test/')).toBe('http://config.test:2/');
    expect(via(settings, 'http://api.test/')).toBe('http://config.test:2/');
    expect(via(settings, 'https://other.test/')).toBeUndefined();
  });

  it('takes host:port without a scheme as an http proxy', () => {
    expect(via(settingsOf({ HTTPS_PROXY: 'proxy.test:3128' }), 'https://api.test/')).toBe('http://proxy.test:3128/');
  });

  it('refuses a socks or malformed proxy naming the variable, never the value', () => {
    for (const value of ['socks5://user:canary-secret@proxy.test:1080', 'http://[bad']) {
      let thrown: unknown;
      try {
        settingsOf({ HTTPS_PROXY: value });
      } catch (error) {
        thrown = error;
      }
      expect(isSwitchboardError(thrown) && thrown.code).toBe('INVALID_CONFIG');
      expect((thrown as Error).message).toContain('HTTPS_PROXY');
      expect((thrown as Error).message).not.toContain('canary-secret');
    }
  });
});

describe('redactProxyUrl', () => {
  it('hides the password and keeps the user and host', () => {
    expect(redactProxyUrl(new URL('http://alice:canary-pw@proxy.test:3128'))).toBe('http://alice:***@proxy.test:3128');
    expect(redactProxyUrl(new URL('http://proxy.test:3128'))).toBe('http://proxy.test:3128');
  });
});
