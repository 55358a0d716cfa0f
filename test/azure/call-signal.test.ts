import { describe, expect, it } from 'vitest';
import { callSignal, type SignalLike } from '../../src/azure/deadline.js';

/** A long-lived caller signal (the run's deadline) that counts the listeners hooked on it. */
function countingSignal(): SignalLike & { listeners: number; abort(): void } {
  const listeners = new Set<() => void>();
  return {
    aborted: false,
    get listeners() {
      return listeners.size;
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    abort() {
      (this as { aborted: boolean }).aborted = true;
      for (const listener of listeners) listener();
    },
  };
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('callSignal', () => {
  it('should leave no timer and no listener on the caller behind once a call is disposed', () => {
    const caller = countingSignal();
    const before = timers();
    for (let call = 0; call < 1_000; call++) callSignal(caller, 60_000).dispose();
    // Each call's answer stays reachable from neither: a run's calls no longer pile up in memory.
    expect(caller.listeners).toBe(0);
    expect(timers()).toBe(before);
  });

  it('should fire on its own timer, and say so', async () => {
    const call = callSignal(undefined, 20);
    await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
    expect(call.timedOut()).toBe(true);
    expect(call.signal.reason).toMatchObject({ name: 'TimeoutError', code: 'CALL_TIMEOUT' });
  });

  it("should fire with the caller's signal, not as its own timeout", () => {
    const caller = countingSignal();
    const call = callSignal(caller, 60_000);
    caller.abort();
    expect(call.signal.aborted).toBe(true);
    expect(call.timedOut()).toBe(false);
    call.dispose();
  });
});
