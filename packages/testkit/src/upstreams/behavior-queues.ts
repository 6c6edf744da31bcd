import type { BehaviorTarget, UpstreamBehavior, UpstreamProvider } from './types.js';

const DEFAULT_BEHAVIOR: UpstreamBehavior = { kind: 'text' };

export interface BehaviorQueues {
  enqueue(target: BehaviorTarget, behaviors: UpstreamBehavior[]): void;
  setDefault(target: BehaviorTarget, behavior: UpstreamBehavior | undefined): void;
  /** Next behaviour: provider queue, then global queue, then provider default, then global default. */
  take(provider: UpstreamProvider): UpstreamBehavior;
  reset(): void;
}

export function createBehaviorQueues(initialDefault: UpstreamBehavior | undefined): BehaviorQueues {
  const queues = new Map<BehaviorTarget, UpstreamBehavior[]>();
  const defaults = new Map<BehaviorTarget, UpstreamBehavior>();
  const resetDefaults = (): void => {
    defaults.clear();
    if (initialDefault) defaults.set('any', initialDefault);
  };
  resetDefaults();

  return {
    enqueue(target, behaviors) {
      const queue = queues.get(target) ?? [];
      queue.push(...behaviors);
      queues.set(target, queue);
    },
    setDefault(target, behavior) {
      if (behavior) defaults.set(target, behavior);
      else defaults.delete(target);
    },
    take(provider) {
      return (
        queues.get(provider)?.shift() ??
        queues.get('any')?.shift() ??
        defaults.get(provider) ??
        defaults.get('any') ??
        DEFAULT_BEHAVIOR
      );
    },
    reset() {
      queues.clear();
      resetDefaults();
    },
  };
}
