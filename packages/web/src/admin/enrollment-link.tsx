import { useId } from 'react';
import { CopyButton } from './copy-button.js';
import { formatDateTime } from './format-date-time.js';

/** A one-time enrollment link as the server answers it (only once: it keeps a hash of the token). */
export interface IssuedEnrollment {
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * A freshly issued enrollment link, with a Copy button and when it stops working. The server
 * never shows it again, so the admin is told to send it now.
 */
export function EnrollmentLink({ email, enrollment }: { email: string; enrollment: IssuedEnrollment }) {
  const id = useId();
  return (
    <div className="link-box">
      <label htmlFor={id}>Enrollment link for {email}</label>
      <div className="link-row">
        <input
          id={id}
          readOnly
          value={enrollment.url}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="enrollment-url"
        />
        <CopyButton text={enrollment.url} label={`Copy the enrollment link for ${email}`} />
      </div>
      <p className="muted">
        It works once, until <time dateTime={enrollment.expiresAt}>{formatDateTime(enrollment.expiresAt)}</time>. It is
        shown only now: send it to them privately.
      </p>
    </div>
  );
}
