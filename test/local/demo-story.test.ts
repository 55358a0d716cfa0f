import { describe, expect, it } from 'vitest';
import { createDemoStory, OPENING_MINUTE } from '../../src/local/demo-story.js';
import { nextOccurrence, parseSchedule } from '../../src/local/ncrontab.js';

const NOW = new Date('2026-03-02T08:00:20Z');

describe('createDemoStory', () => {
  it.each([
    { name: 'the default 12×', speed: 12, seconds: 5 },
    { name: '60×: every second', speed: 60, seconds: 1 },
    { name: '30×', speed: 30, seconds: 2 },
    { name: 'slower than a divisor of 60 (7×)', speed: 7, seconds: 10 },
    { name: 'real time', speed: 1, seconds: 60 },
  ])('should run the watch about once per simulated minute at $name', ({ speed, seconds }) => {
    const story = createDemoStory(speed, NOW);
    expect(story.watchEverySeconds).toBe(seconds);
    const schedule = parseSchedule(story.watchSchedule);
    const first = nextOccurrence(schedule, NOW);
    expect(nextOccurrence(schedule, first).getTime() - first.getTime()).toBe(seconds * 1000);
  });

  it('should open late in the ramp, on a clock running `speed` times faster than real time', () => {
    const story = createDemoStory(12, NOW);
    const opening = story.scenario.clock.now();
    expect(story.scenario.phaseAt(opening).name).toBe('ramp');
    expect(Math.round((opening.getTime() - story.scenario.world.origin.getTime()) / 60_000)).toBe(OPENING_MINUTE);
  });

  it('should post the daily digest once the story is over, at a real moment its NCRONTAB names', () => {
    const story = createDemoStory(12, NOW);
    const digest = nextOccurrence(parseSchedule(story.digestSchedule), NOW);
    expect(digest.getTime()).toBe(Math.floor(story.digestAt.getTime() / 1000) * 1000);
    const simulatedAtDigest = new Date(story.scenario.world.origin.getTime() + OPENING_MINUTE * 60_000 + (digest.getTime() - NOW.getTime()) * 12);
    expect(story.scenario.phaseAt(simulatedAtDigest).name).toBe('after');
  });
});
