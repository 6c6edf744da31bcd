const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A moment the server gave (ISO 8601) as a `<time>` in the person's own locale and time zone,
 * with the exact instant kept in `dateTime` for machines and tests.
 */
export function When({ at }: { at: string }) {
  const date = new Date(at);
  return <time dateTime={at}>{Number.isNaN(date.getTime()) ? at : FORMAT.format(date)}</time>;
}
