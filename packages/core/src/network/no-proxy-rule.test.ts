import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseNoProxy } from './no-proxy-rule.js';

describe('parseNoProxy', () => {
  it('matches a domain and its subdomains, with or without a leading dot or *.', () => {
    for (const list of ['example.com', '.example.com', '*.example.com']) {
      const bypass = parseNoProxy(list);
      expect(bypass('example.com', 443)).toBe(true);
      expect(bypass('api.example.com', 443)).toBe(true);
      expect(bypass('notexample.com', 443)).toBe(false);
      expect(bypass('example.com.evil.test', 443)).toBe(false);
    }
  });

  it('takes commas and spaces, ignores case and empty entries', () => {
    const bypass = parseNoProxy(' a.test ,, B.TEST  c.test');
    expect(['a.test', 'b.test', 'C.test'].map((host) => bypass(host, 80))).toEqual([true, true, true]);
    expect(bypass('d.test', 80)).toBe(false);
  });

  it('restricts host:port entries to that port', () => {
    const bypass = parseNoProxy('internal.test:8443');
    expect(bypass('internal.test', 8443)).toBe(true);
    expect(bypass('internal.test', 443)).toBe(false);
  });

  it('matches IP addresses and CIDR ranges literally, IPv4 and IPv6', () => {
    const bypass = parseNoProxy('10.0.0.0/8,192.168.1.5,fd00::/8,[2001:db8::1]:8080');
    expect(bypass('10.1.2.3', 443)).toBe(true);
    expect(bypass('11.1.2.3', 443)).toBe(false);
    expect(bypass('192.168.1.5', 80)).toBe(true);
    expect(bypass('[fd00::1]', 443)).toBe(true);
    expect(bypass('2001:db8::1', 8080)).toBe(true);
    expect(bypass('2001:db8::1', 443)).toBe(false);
    expect(bypass('ten.test', 443)).toBe(false);
  });

  it('bypasses everything for *, nothing for an empty or missing list', () => {
    expect(parseNoProxy('*')('anything.test', 443)).toBe(true);
    expect(parseNoProxy('')('anything.test', 443)).toBe(false);
    expect(parseNoProxy(undefined)('anything.test', 443)).toBe(false);
  });

  it('ignores malformed entries instead of matching everything', () => {
    const bypass = parseNoProxy('10.0.0.0/99,*,');
    expect(bypass('x.test', 1)).toBe(true);
    const strict = parseNoProxy('10.0.0.0/99,foo*bar');
    expect(strict('10.0.0.1', 1)).toBe(false);
    expect(strict('foobar', 1)).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('knows localhost, 127.0.0.0/8 and ::1 (bracketed or not)', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'app.localhost',
      '127.0.0.1',
      '127.9.8.7',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['example.test', '10.0.0.1', '::2', 'localhost.example.com', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
