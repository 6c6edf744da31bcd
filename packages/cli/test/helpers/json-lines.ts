/**
 * The JSON values of a JSON Lines text (`sb auth log --json`, `sb ask --json`): one per
 * non-empty line. A line that is not JSON throws, so a stray message fails the test.
 */
export function jsonLines<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
