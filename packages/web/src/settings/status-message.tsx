/**
 * What the last action achieved ("Saved."), announced politely. The live region is always in the
 * page, empty until there is news: screen readers announce changes to a region they already
 * know, not a region that appears with its text.
 */
export function StatusMessage({ message }: { message: string | undefined }) {
  return (
    <p role="status" className={message ? 'notice status-message' : 'visually-hidden'}>
      {message ?? ''}
    </p>
  );
}
