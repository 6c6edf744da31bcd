/**
 * Freezes `value` and everything reachable from it, in place, and returns it: for data handed to
 * many readers at once, so none can change what the others see.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
