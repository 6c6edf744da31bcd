import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** What a confirmation asks: a question, what will happen, and the words of the button that does it. */
export interface ConfirmRequest {
  readonly title: string;
  readonly message: ReactNode;
  readonly confirmLabel: string;
  /** Styled as a warning: it takes something away (access, a link, a way to sign in). */
  readonly destructive?: boolean;
}

/**
 * A confirmation before an action that cannot simply be undone. `confirm(request)` opens a modal
 * `<dialog>` (the browser traps focus in it and closes it on Escape) and resolves to whether the
 * admin confirmed; `dialog` must be rendered somewhere in the section.
 */
export function useConfirm(): {
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (confirmed: boolean) => void }>();
  const confirm = useCallback(
    (request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, resolve })),
    [],
  );
  const dialog = pending ? (
    <ConfirmDialog
      request={pending.request}
      onClose={(confirmed) => {
        setPending(undefined);
        pending.resolve(confirmed);
      }}
    />
  ) : null;
  return { confirm, dialog };
}

function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Focus goes back where it was (the row's button), so a keyboard user keeps their place. The
  // browser does that itself when a modal dialog closes; this covers a dialog removed without
  // closing. It runs as the dialog leaves the page (a layout effect), and only when focus went
  // with it: restored later (a passive effect runs after paint), it took focus back from a
  // button the user had already moved to, and their Enter opened the wrong question.
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    opener.current = document.activeElement;
    ref.current?.showModal();
    return () => {
      const active = document.activeElement;
      const lost = active === null || active === document.body || ref.current?.contains(active) === true;
      if (lost && opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onClose={(event) => onClose(event.currentTarget.returnValue === 'confirm')}
    >
      <form method="dialog">
        <h2 id="confirm-title">{request.title}</h2>
        <div id="confirm-message">{request.message}</div>
        <div className="dialog-actions">
          {/* Cancel first and focused: Enter on a destructive question does nothing harmful. */}
          <button type="submit" value="cancel" autoFocus>
            Cancel
          </button>
          <button type="submit" value="confirm" className={request.destructive ? 'danger' : 'primary'}>
            {request.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
