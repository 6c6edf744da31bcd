/** The content codings the web app's files are sent in, best first. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

/**
 * The coding to answer with for a request's `Accept-Encoding` (RFC 9110 §12.5.3): Brotli when
 * acceptable, else gzip, else none. A coding with `q=0` is refused; `*` stands for any coding
 * not named; no header at all means the client takes anything, but we then send it as is, since
 * a client that says nothing may not decode (curl without --compressed).
 */
export function negotiateEncoding(acceptEncoding: string | null | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.trim().split('=');
      if (key === 'q') weight = Number.isFinite(Number(value)) ? Number(value) : 0;
    }
    weights.set(name.trim(), weight);
  }
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  if (weightOf('br') > 0) return 'br';
  if (weightOf('gzip') > 0 || (weights.get('x-gzip') ?? 0) > 0) return 'gzip';
  return 'identity';
}
