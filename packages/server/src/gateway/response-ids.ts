import { randomUUID } from 'node:crypto';

/** A response id in an API's style: `chatcmpl-…`, `resp_…`, `msg_…`, `fc_…`. */
export function responseId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '')}`;
}
