import { useState } from 'react';

/**
 * Copies `text` to the clipboard and says so (`role=status`). When the browser refuses (no
 * permission, an insecure origin) it says how to copy by hand instead of failing silently.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed'>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
  }
  return (
    <>
      <button type="button" aria-label={label} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="copy-outcome">
        {outcome === 'copied'
          ? 'Copied.'
          : outcome === 'failed'
            ? 'Copying is not allowed here: select the text and copy it.'
            : ''}
      </span>
    </>
  );
}
