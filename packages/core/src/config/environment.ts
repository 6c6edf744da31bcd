/**
 * The only place core reads `process.env`. Everything else receives an
 * {@link Environment} object, so tests and the server can inject their own.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A frozen snapshot of the process environment. */
export function readProcessEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}
