// The world a scenario file builds on: its clock (by default stopped at the current minute, so every
// run of a test or benchmark sees the same data) and an hour of history before it, so the first
// watch run has a full window.
import { floorToMinute, manualClock, type SimClock } from './clock.js';
import { SimulatedWorld } from './world.js';

const HISTORY_MS = 60 * 60_000;

export function scenarioWorld(clock: SimClock = manualClock(new Date(floorToMinute(Date.now())))): { clock: SimClock; world: SimulatedWorld } {
  return { clock, world: new SimulatedWorld({ clock, origin: new Date(clock.now().getTime() - HISTORY_MS) }) };
}
