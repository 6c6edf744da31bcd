/** The first HTML form of a page, ready to submit. */
export interface ParsedForm {
  /** Absolute URL the form submits to. */
  action: string;
  method: 'GET' | 'POST';
  /** Named inputs in document order with their current values. */
  fields: Array<{ name: string; value: string; type: string }>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    const [, name = '', doubleQuoted, singleQuoted, bare] = match;
    attributes.set(name.toLowerCase(), decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? ''));
  }
  return attributes;
}

/** Parses the first `<form>` of `html`, resolving its action against `pageUrl`. */
export function parseFirstForm(html: string, pageUrl: string): ParsedForm | undefined {
  const match = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!match) return undefined;
  const formAttributes = parseAttributes(match[1] ?? '');
  const fields: ParsedForm['fields'] = [];
  for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attributes = parseAttributes(input[1] ?? '');
    const name = attributes.get('name');
    if (!name) continue;
    fields.push({ name, value: attributes.get('value') ?? '', type: (attributes.get('type') ?? 'text').toLowerCase() });
  }
  return {
    action: new URL(formAttributes.get('action') || pageUrl, pageUrl).href,
    method: (formAttributes.get('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
    fields,
  };
}

/** The first `href` of an `<a>` whose target path ends with `suffix`, as an absolute URL. */
export function findLink(html: string, pageUrl: string, suffix: string): string | undefined {
  for (const match of html.matchAll(/<a\b([^>]*)>/gi)) {
    const href = parseAttributes(match[1] ?? '').get('href');
    if (!href) continue;
    const url = new URL(href, pageUrl);
    if (url.pathname.endsWith(suffix)) return url.href;
  }
  return undefined;
}
