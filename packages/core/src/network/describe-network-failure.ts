import { SwitchboardError } from '../errors.js';
import { redactProxyUrl } from './resolve-proxy-settings.js';

/** Node's and OpenSSL's codes for a certificate the process does not trust. */
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const GUIDE = 'docs/network.md';

/**
 * Turns a failed request into one actionable {@link SwitchboardError} when the cause is the
 * network path itself: a TLS certificate the process does not trust (typically a proxy that
 * inspects HTTPS), a proxy that refused the tunnel, or a proxy that cannot be reached. Anything
 * else returns undefined and is left to the caller's own error mapping. No cause is kept: the
 * proxy URL may carry a password, and messages name the proxy only in redacted form.
 */
export function describeNetworkFailure(
  error: unknown,
  target: URL,
  proxy: URL | undefined,
): SwitchboardError | undefined {
  const facts = collect(error);
  const via = proxy === undefined ? '' : ` through the proxy ${redactProxyUrl(proxy)}`;
  if (facts.code !== undefined && CERTIFICATE_CODES.has(facts.code)) {
    return new SwitchboardError(
      'NETWORK',
      `Cannot verify the TLS certificate of ${target.host}${via} (${facts.code}: ${facts.message ?? 'untrusted certificate'}).`,
      {
        isRetryable: false,
        hint: `If a proxy or firewall inspects HTTPS, trust its CA: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem or \`[network] ca_file\` in config.toml (see ${GUIDE}).`,
      },
    );
  }
  if (proxy === undefined) return undefined;
  if (facts.proxyStatus !== undefined) {
    const reason =
      facts.proxyStatus === 407
        ? 'proxy authentication required: check the user and password in the proxy URL'
        : 'the proxy refused the tunnel';
    return new SwitchboardError(
      'NETWORK',
      `The proxy ${redactProxyUrl(proxy)} answered HTTP ${facts.proxyStatus} for ${target.host} (${reason}).`,
      { isRetryable: facts.proxyStatus >= 500, hint: `See ${GUIDE}.` },
    );
  }
  if (facts.connectCode !== undefined) {
    return new SwitchboardError('NETWORK', `Cannot reach ${target.host}${via} (${facts.connectCode}).`, {
      hint: `Check HTTPS_PROXY / HTTP_PROXY and NO_PROXY (see ${GUIDE}).`,
    });
  }
  return undefined;
}

interface Facts {
  /** A certificate verification code, with its message. */
  code?: string;
  message?: string;
  /** The status a proxy answered a tunnel or request with. */
  proxyStatus?: number;
  /** A failure to open the connection (to the proxy, when there is one). */
  connectCode?: string;
}

function collect(error: unknown): Facts {
  const facts: Facts = {};
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth += 1) {
    const value = current as { code?: unknown; message?: unknown; cause?: unknown; syscall?: unknown };
    const message = typeof value.message === 'string' ? value.message : undefined;
    // undici's tunnel failure "Proxy response (407) !== 200 when HTTP Tunneling", and its
    // forwarding failure "Proxy Authentication Required (407)".
    const match =
      message === undefined ? undefined : /Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(message);
    const status = match?.[1];
    if (status !== undefined) facts.proxyStatus ??= Number(status);
    if (typeof value.code === 'string' && CERTIFICATE_CODES.has(value.code)) {
      facts.code ??= value.code;
      facts.message ??= message;
    }
    // System errors of connect() and of the name lookup before it, and undici's connect timeout.
    const opening = value.syscall === 'connect' || value.syscall === 'getaddrinfo';
    if (typeof value.code === 'string' && (opening || value.code === 'UND_ERR_CONNECT_TIMEOUT'))
      facts.connectCode ??= value.code;
    current = value.cause;
  }
  return facts;
}
