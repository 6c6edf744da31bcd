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

describe('createRequestTracker, its list', () => {
  it('keeps the rest whichever request ends first, and aborts only the open ones', () => {
    const tracker = createRequestTracker();
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const releases = controllers.map((controller) => tracker.add(controller));
    // The newest, the oldest and one in the middle end, in that order.
    releases[4]!();
    releases[0]!();
    releases[2]!();
    releases[2]!();
    expect(tracker.size).toBe(2);
    tracker.abortAll(new Error('stop'));
    expect(controllers.map((controller) => controller.signal.aborted)).toEqual([false, true, false, true, false]);
  });

  it('walks every open request even when aborting one releases it (as a request ending on abort does)', () => {
    const tracker = createRequestTracker();
    const controllers = Array.from({ length: 3 }, () => new AbortController());
    for (const controller of controllers) {
      const release = tracker.add(controller);
      controller.signal.addEventListener('abort', release);
    }
    tracker.abortAll(new Error('stop'));
    expect(controllers.every((controller) => controller.signal.aborted)).toBe(true);
    expect(tracker.size).toBe(0);
    // A request added after the list emptied is tracked again.
    tracker.add(new AbortController());
    expect(tracker.size).toBe(1);
  });
});
