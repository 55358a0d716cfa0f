// The embedded default's incident in compressed time: the exhaustion scenario (48 AKS nodes on one
// outbound IP, an unpooled workload on three of them) on a clock running `speed` times faster than
// real time, the watch timer once per simulated minute as in production, and the daily digest once,
// when the story is over. Told from late in the ramp, so the first alert comes within a minute.
import { MINUTE_MS, floorToMinute, scaledClock } from './simulated-azure/clock.js';
import { createExhaustionScenario, type ExhaustionScenario } from './simulated-azure/scenario-exhaustion.js';

/** When a played scenario's timers fire, in real time. */
export interface StorySchedules {
  /** Simulated minutes per real minute. */
  speed: number;
  /** NCRONTAB for SNAT_WATCH_SCHEDULE: every `watchEverySeconds` real seconds. */
  watchSchedule: string;
  watchEverySeconds: number;
  /** NCRONTAB for SNAT_DIGEST_SCHEDULE: daily, at the real moment the story is over. */
  digestSchedule: string;
  digestAt: Date;
}

export interface DemoStory extends StorySchedules {
  scenario: ExhaustionScenario;
}

/**
 * A ramp long enough that the warning (75% held for SNAT_FOR_MINUTES) fires well before the
 * nodes pin at their allocation and connections fail.
 */
const PHASE_MINUTES = { calm: 10, ramp: 40, exhausted: 10, recovery: 10 };
/** The story opens here (hot nodes near 70%): with the default rules the warning fires about 8 minutes later. */
export const OPENING_MINUTE = 38;
/** With the default 15-minute window the last alert clears near minute 75; the digest follows. */
const DIGEST_MINUTE = 79;

const DIVISORS_OF_60 = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

export function createDemoStory(speed: number, realNow: Date = new Date()): DemoStory {
  if (!(speed > 0)) throw new RangeError(`speed must be above 0, got ${speed}`);
  const opening = new Date(floorToMinute(realNow.getTime()));
  const start = new Date(opening.getTime() - OPENING_MINUTE * MINUTE_MS);
  const scenario = createExhaustionScenario({ start, clock: scaledClock(opening, speed), phaseMinutes: PHASE_MINUTES });
  return { scenario, ...storySchedules(speed, realNow, DIGEST_MINUTE - OPENING_MINUTE) };
}

/** The watch once per simulated minute (as in production) and the digest once, `digestAfterMinutes` simulated minutes on. */
export function storySchedules(speed: number, realNow: Date, digestAfterMinutes: number): StorySchedules {
  if (!(speed > 0)) throw new RangeError(`speed must be above 0, got ${speed}`);
  const watchEverySeconds = DIVISORS_OF_60.reduce((best, n) => (Math.abs(n - 60 / speed) < Math.abs(best - 60 / speed) ? n : best));
  const digestAt = new Date(realNow.getTime() + (digestAfterMinutes * MINUTE_MS) / speed);
  return {
    speed,
    watchSchedule: `*/${watchEverySeconds} * * * * *`,
    watchEverySeconds,
    digestSchedule: `${digestAt.getUTCSeconds()} ${digestAt.getUTCMinutes()} ${digestAt.getUTCHours()} * * *`,
    digestAt,
  };
}
