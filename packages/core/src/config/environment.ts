/**
 * The only place core reads `process.env`. Everything else receives an
 * {@link Environment} object, so tests and the server can inject their own.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A frozen snapshot of the process environment. */
export function readProcessEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}

/** The proxy and CA variables a process was started with; empty values count as unset. */
export interface NetworkVariables {
  readonly httpsProxy: string | undefined;
  readonly httpProxy: string | undefined;
  readonly allProxy: string | undefined;
  readonly noProxy: string | undefined;
  /** `NODE_EXTRA_CA_CERTS` (Node itself trusts it already; children and messages need the path). */
  readonly extraCaCerts: string | undefined;
  /** `CODEX_CA_CERTIFICATE`: the Codex CLI's own extra CA bundle (it does not read NODE_EXTRA_CA_CERTS). */
  readonly codexCaCertificate: string | undefined;
}

/**
 * Reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, `NODE_EXTRA_CA_CERTS` and
 * `CODEX_CA_CERTIFICATE`. The
 * lowercase spelling wins when both are set, as curl and Node's own proxy support read them.
 */
export function readNetworkVariables(environment: Environment): NetworkVariables {
  const pick = (name: string): string | undefined => {
    const value = environment[name.toLowerCase()] || environment[name.toUpperCase()];
    return value?.trim() ? value.trim() : undefined;
  };
  return {
    httpsProxy: pick('HTTPS_PROXY'),
    httpProxy: pick('HTTP_PROXY'),
    allProxy: pick('ALL_PROXY'),
    noProxy: pick('NO_PROXY'),
    extraCaCerts: environment.NODE_EXTRA_CA_CERTS?.trim() || undefined,
    codexCaCertificate: environment.CODEX_CA_CERTIFICATE?.trim() || undefined,
  };
}
