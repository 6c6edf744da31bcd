import type { IncomingHttpHeaders } from 'node:http';

/** Request headers read by name: a web `Headers`, or {@link nodeHeaderSource} over Node's. */
export interface HeaderSource {
  /** The value of header `name` (lower case), or null when absent. */
  get(name: string): string | null;
}

/** A {@link HeaderSource} over `node:http`'s parsed headers (repeated values joined as `Headers` joins them). */
export function nodeHeaderSource(headers: IncomingHttpHeaders): HeaderSource {
  return {
    get(name) {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
