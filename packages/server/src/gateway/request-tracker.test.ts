import { describe, expect, it } from 'vitest';
import { createRequestTracker } from './request-tracker.js';

describe('createRequestTracker', () => {
  it('resolves idle when the last open request is released, once each', async () => {
    const tracker = createRequestTracker();
    await tracker.idle();
    const releaseOne = tracker.add(new AbortController());
    const releaseTwo = tracker.add(new AbortController());
    let idle = false;
    const waiting = tracker.idle().then(() => {
      idle = true;
    });
    releaseOne();
    releaseOne();
    await Promise.resolve();
    expect(idle).toBe(false);
    expect(tracker.size).toBe(1);
    releaseTwo();
    await waiting;
    expect(idle).toBe(true);
    expect(tracker.size).toBe(0);
  });

  it('aborts every open request with the reason', () => {
    const tracker = createRequestTracker();
    const controllers = [new AbortController(), new AbortController()];
    for (const controller of controllers) tracker.add(controller);
    tracker.abortAll(new Error('stop'));
    expect(controllers.map((controller) => (controller.signal.reason as Error).message)).toEqual(['stop', 'stop']);
  });
});
