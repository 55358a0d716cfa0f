import { describe, expect, it } from 'vitest';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { DEFAULT_SCENARIO, SCENARIOS, playScenario, scenarioList, worldScenario } from '../../src/local/scenarios.js';

const REAL_NOW = new Date('2026-12-01T20:00:10.000Z');

describe('SCENARIOS', () => {
  it.each(Object.keys(SCENARIOS).map((name) => ({ name })))('should play $name: a world holding every target it names', ({ name }) => {
    const played = playScenario(name, 60, REAL_NOW);
    expect(played.targetIds.length).toBeGreaterThan(0);
    for (const id of played.targetIds) expect(played.world.get(id)).toBeDefined();
    expect(played).toMatchObject({ name, speed: 60, watchEverySeconds: 1 });
    expect(played.story !== null).toBe(name === DEFAULT_SCENARIO);
  });

  it('should keep the exhaustion story, with its narration, as the default', () => {
    expect(DEFAULT_SCENARIO).toBe('exhaustion');
    expect(playScenario('exhaustion', 12, REAL_NOW).story?.scenario.hotNodeIps).toHaveLength(3);
  });

  it('should refuse an unknown name and list every name with its description', () => {
    expect(() => playScenario('nope', 12)).toThrow('unknown scenario "nope"');
    for (const [name, entry] of Object.entries(SCENARIOS)) {
      expect(scenarioList()).toMatch(new RegExp(`^ {2}${name} +${entry.description.slice(0, 20)}`, 'm'));
    }
  });

  it('should register a world builder in one line, handing it the compressed clock and a start with history', () => {
    let handed: { start: Date; now: Date } | undefined;
    const entry = worldScenario('a test estate', ({ clock, start }) => {
      handed = { start, now: clock.now() };
      return { world: new SimulatedWorld({ clock, origin: start }), targetIds: ['/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/natGateways/z'] };
    });
    const played = entry.play('test', 30, REAL_NOW);
    expect(played).toMatchObject({ name: 'test', description: 'a test estate', story: null });
    // The handed clock runs (30× real time) from the opening, 20 simulated minutes after the start.
    const history = handed!.now.getTime() - handed!.start.getTime();
    expect(history).toBeGreaterThanOrEqual(20 * 60_000);
    expect(history).toBeLessThan(20 * 60_000 + 30 * 1_000);
  });
});
