/** A memoized dynamic `import()`: see {@link lazyImport}. */
export type LazyImport<T> = () => Promise<T>;

/**
 * A loader that runs `load` (a dynamic `import()`) on first use and hands every later caller the
 * same promise. Adapters keep one per runtime, inside the closure of `createXRuntime`: nothing
 * is loaded at startup (the CLI must not pull in `ai` / `@ai-sdk/*` to answer `--version`), and
 * a request no longer pays for resolving the module again. A failed load is forgotten, so the
 * next call tries again instead of repeating the failure.
 */
export function lazyImport<T>(load: () => Promise<T>): LazyImport<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (loading) return loading;
    const attempt = load();
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    return attempt;
  };
}
