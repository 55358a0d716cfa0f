// The simulated Azure's sense of "now": metrics exist up to the current minute and no further.
// Injectable so tests pin time and the local demo can run a scenario in compressed time.

export interface SimClock {
  now(): Date;
}

export interface ManualClock extends SimClock {
  set(at: Date): void;
  advance(ms: number): void;
}

export const systemClock: SimClock = { now: () => new Date() };

/** A clock that moves only when told to. */
export function manualClock(start: Date): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => void (current = at.getTime()),
    advance: (ms) => void (current += ms),
  };
}

/**
 * A clock running `speed` times faster than real time from `start` (speed 60: one simulated minute
 * per real second). `realNow` is injectable for tests.
 */
export function scaledClock(start: Date, speed: number, realNow: () => number = Date.now): SimClock {
  if (!(speed > 0)) throw new RangeError(`speed must be above 0, got ${speed}`);
  const realStart = realNow();
  return { now: () => new Date(start.getTime() + (realNow() - realStart) * speed) };
}

export const MINUTE_MS = 60_000;

export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
