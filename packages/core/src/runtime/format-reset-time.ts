/** When a plan resets, as people read it: `15:40` (local time), with the date when not today. */
export function formatResetTime(until: number, now: number): string {
  const at = new Date(until);
  const time = at.toTimeString().slice(0, 5);
  if (at.toDateString() === new Date(now).toDateString()) return time;
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day} ${time}`;
}
