import { useLayoutEffect, useRef, useState } from 'react';

/**
 * A destructive action asked for twice, inline rather than with `window.confirm` (which screen
 * readers and phones handle poorly): the button turns into a question with the action and
 * Cancel. Focus goes to Cancel, so a stray Enter does not destroy anything, and back to the
 * button when the person cancels (Cancel or Escape).
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  disabled = false,
  onConfirm,
}: {
  /** The button's visible text ("Remove"). */
  label: string;
  /** What the button does, for screen readers ("Remove the ChatGPT key"). */
  accessibleLabel: string;
  /** The question asked ("Remove your ChatGPT key? The chat then uses the workspace's."). */
  question: string;
  /** The confirming button's text ("Remove the key"). */
  confirmLabel: string;
  disabled?: boolean;
  onConfirm: () => void | Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const [moveFocus, setMoveFocus] = useState<'cancel' | 'button'>();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (moveFocus === 'cancel') cancelRef.current?.focus();
    if (moveFocus === 'button') buttonRef.current?.focus();
  }, [moveFocus, asking]);

  if (!asking)
    return (
      <button
        ref={buttonRef}
        type="button"
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => {
          setAsking(true);
          setMoveFocus('cancel');
        }}
      >
        {label}
      </button>
    );
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        // Escape answers "no", as it closes any other question.
        if (event.key !== 'Escape') return;
        event.preventDefault();
        setAsking(false);
        setMoveFocus('button');
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          setMoveFocus(undefined);
          void onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        ref={cancelRef}
        type="button"
        onClick={() => {
          setAsking(false);
          setMoveFocus('button');
        }}
      >
        Cancel
      </button>
    </span>
  );
}
