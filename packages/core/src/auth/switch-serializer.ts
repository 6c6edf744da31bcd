/**
 * Serializes switches: each runs after the previous one finished, and can ask whether a newer
 * switch was requested meanwhile (then it skips its write, so the last request wins and only
 * it confirms).
 */
export function createSwitchSerializer(): <T>(task: (isSuperseded: () => boolean) => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  let generation = 0;
  return <T>(task: (isSuperseded: () => boolean) => Promise<T>): Promise<T> => {
    const mine = ++generation;
    const run = tail.then(() => task(() => mine !== generation));
    tail = run.catch(() => undefined);
    return run;
  };
}
