/** A listener that can never fail a request: what it throws is dropped. */
export function safely<T>(listener: ((value: T) => void) | undefined): (value: T) => void {
  return (value) => {
    try {
      listener?.(value);
    } catch {
      // A faulty listener must not fail requests.
    }
  };
}
