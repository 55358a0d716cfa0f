// What `npm start --scenario NAME` can play: each name with a one-line description and a builder of
// the simulated estate. `exhaustion` is the default story (with its narration); the others are
// estates the watch must judge right, played on the same compressed clock. Adding one is one line
// in SCENARIOS: `name: worldScenario('what it shows', ({ clock, start }) => createX({ clock, start }))`,
// where the builder returns the world and the targets to watch.
import { createDemoStory, storySchedules, type DemoStory, type StorySchedules } from './demo-story.js';
import { MINUTE_MS, floorToMinute, scaledClock, type SimClock } from './simulated-azure/clock.js';
import { createAwaitingRemovalScenario } from './simulated-azure/scenario-awaiting-removal.js';
import { createEstateScenario } from './simulated-azure/scenario-estate.js';
import { createIdleHeavyScenario } from './simulated-azure/scenario-idle-heavy.js';
import { createNatScenario } from './simulated-azure/scenario-nat-gateway.js';
import { createOwnIpsScenario } from './simulated-azure/scenario-own-ips.js';
import { createThreeOutboundIpsScenario } from './simulated-azure/scenario-three-outbound-ips.js';
import { createTwoOutboundIpsScenario } from './simulated-azure/scenario-two-outbound-ips.js';
import type { SimulatedWorld } from './simulated-azure/world.js';

export interface PlayedScenario extends StorySchedules {
  name: string;
  description: string;
  world: SimulatedWorld;
  clock: SimClock;
  targetIds: readonly string[];
  /** The default story's narration (phases, hot nodes); null for the other scenarios. */
  story: DemoStory | null;
  /** App settings the scenario needs (a low fan-out threshold, say); a setting of the user's own wins. */
  settings?: Readonly<Record<string, string>>;
}

export interface ScenarioEntry {
  description: string;
  play(name: string, speed: number, realNow?: Date): PlayedScenario;
}

/** What a scenario file gives the registry: its world (on the clock it was handed) and the targets. */
export type WorldBuilder = (context: { clock: SimClock; start: Date }) => { world: SimulatedWorld; targetIds: readonly string[] };

/** Simulated minutes of history before the opening, so the first watch run has a full window. */
const HISTORY_MINUTES = 20;
/** The digest runs once, this many simulated minutes after the opening. */
const DIGEST_AFTER_MINUTES = 30;

/** A scenario that is a world and its targets, on a clock `speed` times faster than real time. */
export function worldScenario(description: string, build: WorldBuilder, settings?: Readonly<Record<string, string>>): ScenarioEntry {
  return {
    description,
    play(name, speed, realNow = new Date()) {
      const opening = new Date(floorToMinute(realNow.getTime()));
      const start = new Date(opening.getTime() - HISTORY_MINUTES * MINUTE_MS);
      const clock = scaledClock(opening, speed);
      const { world, targetIds } = build({ clock, start });
      return { name, description, world, clock, targetIds, story: null, ...(settings ? { settings } : {}), ...storySchedules(speed, realNow, DIGEST_AFTER_MINUTES) };
    },
  };
}

export const DEFAULT_SCENARIO = 'exhaustion';

export const SCENARIOS: Readonly<Record<string, ScenarioEntry>> = {
  exhaustion: {
    description: 'the default story: 48 AKS nodes on one outbound IP, an unpooled client exhausts 3 of them, then recovers',
    play(name, speed, realNow) {
      const story = createDemoStory(speed, realNow);
      const { world, clock, targetId } = story.scenario;
      const { watchSchedule, watchEverySeconds, digestSchedule, digestAt } = story;
      return { name, description: this.description, world, clock, targetIds: [targetId], story, speed, watchSchedule, watchEverySeconds, digestSchedule, digestAt };
    },
  },
  'nat-standard': worldScenario(
    'a Standard NAT gateway, 1 IP, ~90,000 connections (above its 64,512 ports: port reuse) and no failures: ok',
    ({ clock, start }) => createNatScenario({ kind: 'reuse-standard', clock, start }),
  ),
  'nat-standard-v2': worldScenario(
    'a StandardV2 NAT gateway, 2 IPv4 + 1 IPv6, ~300,000 connections and no failures: ok',
    ({ clock, start }) => createNatScenario({ kind: 'reuse-standard-v2', clock, start }),
  ),
  'nat-failing': worldScenario(
    'a Standard NAT gateway whose ports to one busy destination run out: failed connections, critical',
    ({ clock, start }) => createNatScenario({ kind: 'failing', clock, start }),
  ),
  'two-outbound-ips': worldScenario(
    '100 AKS nodes on 2 outbound IPs (1,024 ports each, 512 per IP), flows piled on the first IP: no drift, no false critical, the hot IP a finding',
    ({ clock }) => createTwoOutboundIpsScenario({ clock }),
  ),
  'three-outbound-ips': worldScenario(
    '40 nodes on 3 outbound IPs with 3,072 ports set explicitly, uneven use: each node judged on its sum, hot IPs as findings',
    ({ clock }) => createThreeOutboundIpsScenario({ clock }),
  ),
  'awaiting-removal': worldScenario(
    '6 AKS nodes, one being removed while it drains at 1,000 of 1,024 ports with failures: shown, never alerted on',
    ({ clock }) => createAwaitingRemovalScenario({ clock }),
  ),
  'idle-heavy': worldScenario(
    '20 AKS nodes, 2 pinning ~845 of 1,024 ports with idle connections (28 new a minute): lower the idle timeout, not pooling',
    ({ clock }) => createIdleHeavyScenario({ clock }),
  ),
  'own-ips': worldScenario(
    'AKS clusters on their own public IPs and on an IP prefix, near exhaustion: every fix keeps the allow-listed egress IPs',
    ({ clock }) => createOwnIpsScenario({ clock }),
  ),
  estate: worldScenario(
    '60 load balancers × 20 nodes over 4 subscriptions, above a fan-out threshold of 50: the timer plans 4 queued batches, the queue trigger watches them on Azurite',
    ({ clock }) => createEstateScenario({ loadBalancers: ESTATE_LOAD_BALANCERS, nodesPerLoadBalancer: 20, subscriptions: 4, clock }),
    { SNAT_FANOUT_THRESHOLD: '50' },
  ),
};

/** Enough load balancers to pass the estate scenario's threshold of 50 (issue 11's fan-out, shown small). */
const ESTATE_LOAD_BALANCERS = 60;

/** "  exhaustion        the default story: …", one line per scenario. */
export function scenarioList(): string {
  const width = Math.max(...Object.keys(SCENARIOS).map((name) => name.length));
  return Object.entries(SCENARIOS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.description}`).join('\n');
}

export function playScenario(name: string, speed: number, realNow?: Date): PlayedScenario {
  const entry = SCENARIOS[name];
  if (!entry) throw new RangeError(`unknown scenario "${name}"`);
  return entry.play(name, speed, realNow);
}
