/**
 * `new Date(epochMs).toISOString()` that remembers its last answer: the usage lines of requests
 * ending in the same millisecond (several, at a few thousand streams a second) share one string
 * rather than formatting a date each.
 */
export function createIsoTime(): (epochMs: number) => string {
  let lastMs = Number.NaN;
  let lastText = '';
  return (epochMs) => {
    if (epochMs !== lastMs) {
      lastText = new Date(epochMs).toISOString();
      lastMs = epochMs;
    }
    return lastText;
  };
}
