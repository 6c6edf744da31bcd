import type { AnchorHTMLAttributes } from 'react';
import { navigate } from './navigation.js';

/**
 * A link to another page of the app: followed without a reload, unless the person asks for a new
 * tab or window (modifier keys, middle button), which the browser then does as usual.
 */
export function AppLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        if (event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
