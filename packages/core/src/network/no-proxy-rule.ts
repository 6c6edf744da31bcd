import { BlockList, isIP } from 'node:net';

/** Decides whether a request to `hostname:port` skips the proxy. */
export type NoProxyRule = (hostname: string, port: number) => boolean;

/**
 * Parses a `NO_PROXY` list with the semantics curl, Go and Python share: entries separated by
 * commas or spaces; `*` matches every host; `example.com`, `.example.com` and `*.example.com`
 * match that domain and every subdomain; `host:port` matches only that port; IP addresses and
 * CIDR ranges (`10.0.0.0/8`, `fd00::/8`) match addresses literally (no DNS lookup).
 */
export function parseNoProxy(list: string | undefined): NoProxyRule {
  const entries = (list ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  if (entries.includes('*')) return () => true;
  const matchers = entries.map(parseEntry).filter((matcher) => matcher !== undefined);
  return (hostname, port) => {
    const host = bare(hostname.toLowerCase());
    return matchers.some((matcher) => matcher(host, port));
  };
}

/**
 * Loopback never goes through a proxy: the local gateway, OAuth's loopback redirect and local
 * test peers live there, and a proxy elsewhere cannot reach them.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname.toLowerCase());
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const kind = isIP(host);
  if (kind === 4) return LOOPBACK.check(host, 'ipv4');
  if (kind === 6) return LOOPBACK.check(host, 'ipv6');
  return false;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

type Matcher = (host: string, port: number) => boolean;

function parseEntry(entry: string): Matcher | undefined {
  const { host, port } = splitPort(entry);
  const portMatches = (candidate: number): boolean => port === undefined || port === candidate;
  const [address, prefix] = host.split('/') as [string, string | undefined];
  const kind = isIP(address);
  if (kind !== 0) {
    const family = kind === 4 ? 'ipv4' : 'ipv6';
    const list = new BlockList();
    if (prefix === undefined) list.addAddress(address, family);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (kind === 4 ? 32 : 128)) return undefined;
      list.addSubnet(address, bits, family);
    }
    return (candidate, candidatePort) => {
      const candidateKind = isIP(candidate);
      return (
        candidateKind !== 0 &&
        portMatches(candidatePort) &&
        list.check(candidate, candidateKind === 4 ? 'ipv4' : 'ipv6')
      );
    };
  }
  const domain = host.replace(/^\*?\./, '');
  if (domain === '' || domain.includes('*')) return undefined;
  return (candidate, candidatePort) =>
    portMatches(candidatePort) && (candidate === domain || candidate.endsWith(`.${domain}`));
}

/** `host:port`, `[v6]:port`, a bare IPv6 address (several colons: no port) or a plain host. */
function splitPort(entry: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(':') as [string, string];
    if (/^\d+$/.test(port)) return { host, port: Number(port) };
  }
  return { host: entry, port: undefined };
}

function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
