import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/digest/run-digest.js';
import type { DeliveryLog } from '../../src/slack/deliver-outbox.js';
import type { SlackMessage } from '../../src/slack/block-kit.js';
import { answers, startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { allText } from '../slack/alert-message-fixtures.js';
import { NOW, aksTopology, at, hoursAgo, natTopology, rollups, snapshotOf, steady } from './digest-fixtures.js';
import { digestEnv, digestRuntime, seed, type DigestClock } from './digest-runtime.js';

const silent: DeliveryLog = { log: () => {}, warn: () => {}, error: () => {} };
const DAY_IN_MS = 86_400_000;

const busyTopology = aksTopology('prod', 48, 60);
const busy = {
  snapshot: snapshotOf(busyTopology),
  hours: rollups((ms) => at(hoursAgo(ms) === 3 ? 0.97 : 0.5, { failed: hoursAgo(ms) === 3 ? 2 : 0, aboveWarning: hoursAgo(ms) === 3 ? 4 : 0 })),
};
const gappy = { snapshot: snapshotOf(natTopology('egress')), hours: rollups((ms) => (hoursAgo(ms) <= 9 ? null : at(0.3))) };
const quiet = { snapshot: snapshotOf(aksTopology('dev', 10)), hours: rollups(steady(0.2)) };
const targets = [busy, gappy, quiet];

let receiver: SlackReceiver;
let env: NodeJS.ProcessEnv;
let clock: DigestClock;
beforeEach(async () => {
  receiver = await startSlackReceiver();
  env = digestEnv(receiver.url, targets.map((target) => target.snapshot.target.id));
  clock = { now: NOW };
  await seed(await digestRuntime(env, clock), targets);
});
afterEach(async () => {
  await receiver.close();
});

const delivered = () => receiver.delivered() as SlackMessage[];

describe('runDigest', () => {
  it('should post one digest from the recorded snapshots: the busy target in full, the missing hours stated', async () => {
    const report = await runDigest(await digestRuntime(env, clock), silent);
    expect(report).toMatchObject({ outcome: 'queued', leftOut: 0, delivery: { delivered: 1, pending: 0, stoppedBy: 'drained' } });
    expect(delivered()).toEqual([report.message]);
    const text = allText(delivered()[0]!);
    expect(text).toContain(':red_circle: *prod*');
    expect(text).toContain('*120 failed SNAT connections*');
    expect(text).toMatch(/```az aks update --resource-group rg-prod --name prod .+```/);
    expect(text).toContain('_No data for 9 of the last 24 hours (900 of 1,440 minutes recorded)');
    expect(text).toContain('• *dev* — peak 20%');
    expect(delivered()[0]!.text).toMatch(/^SNAT capacity digest 2026-11-29: 1 of 3 targets with failed SNAT connections; worst peak 97% \(prod\)/);
  });

  it('should post exactly once when two runs start at the same moment, and again the next day', async () => {
    const [first, second] = await Promise.all([runDigest(await digestRuntime(env, clock), silent), runDigest(await digestRuntime(env, clock), silent)]);
    // The loser either lost the commit race (conflict) or read the winner's state (already-posted).
    const outcomes = [first.outcome, second.outcome].sort();
    expect([['already-posted', 'queued'], ['conflict', 'queued']]).toContainEqual(outcomes);
    expect(delivered()).toHaveLength(1);

    clock.now = new Date(NOW.getTime() + 4 * 3_600_000);
    expect((await runDigest(await digestRuntime(env, clock), silent)).outcome).toBe('already-posted');
    expect(delivered()).toHaveLength(1);

    clock.now = new Date(NOW.getTime() + DAY_IN_MS);
    const nextDay = await runDigest(await digestRuntime(env, clock), silent);
    expect(nextDay.outcome).toBe('queued');
    expect(delivered()).toHaveLength(2);
    expect(delivered()[1]!.text).toMatch(/^SNAT capacity digest 2026-11-30: /);
  });

  it('should deliver once after Slack answered 429 with Retry-After', async () => {
    receiver.script(answers.rateLimited(1));
    const report = await runDigest(await digestRuntime(env, clock), silent);
    expect(report.delivery).toMatchObject({ delivered: 1, pending: 0, stoppedBy: 'drained' });
    expect(receiver.requests.map((request) => request.answer)).toEqual([429, 200]);
    expect(receiver.requests[1]!.body).toEqual(receiver.requests[0]!.body);
    await runDigest(await digestRuntime(env, clock), silent);
    expect(delivered()).toHaveLength(1);
  });

  it('should keep the digest while Slack refuses it and deliver it, once, on a later run the same day', async () => {
    receiver.setDefault(answers.channelNotFound);
    const down = await runDigest(await digestRuntime(env, clock), silent);
    expect(down).toMatchObject({ outcome: 'queued', delivery: { delivered: 0, pending: 1, stoppedBy: 'send-failed' } });

    receiver.setDefault(answers.ok);
    clock.now = new Date(NOW.getTime() + 60_000);
    const later = await runDigest(await digestRuntime(env, clock), silent);
    expect(later).toMatchObject({ outcome: 'already-posted', delivery: { delivered: 1, pending: 0 } });
    expect(delivered()).toEqual([down.message]);
  });

  it('should purge rollups older than 14 days, keep younger ones, and leave out targets no longer recorded', async () => {
    const runtime = await digestRuntime(env, clock);
    const id = busyTopology.id;
    const hourAgo = (days: number) => new Date(NOW.getTime() - days * DAY_IN_MS).toISOString().replace(/:\d\d:\d\d\.\d+Z$/, ':00:00.000Z');
    for (const days of [20, 15, 13]) await runtime.snapshots.updateHour(id, hourAgo(days), (previous) => previous ?? { version: 1, hour: hourAgo(days), minutes: {} });
    const retired = snapshotOf(aksTopology('retired', 3), { recordedAt: new Date(NOW.getTime() - 20 * DAY_IN_MS) });
    await seed(runtime, [{ snapshot: retired, hours: [] }]);

    const report = await runDigest(runtime, silent);
    expect(report.purged).toBe(2);
    expect(report.leftOut).toBe(1);
    expect(report.digest.targets.map((target) => target.target.name)).not.toContain('retired');
    const kept = await runtime.snapshots.listHours(id, hourAgo(30), NOW.toISOString());
    expect(kept.map((hour) => hour.hourStart)).toContain(hourAgo(13));
    expect(kept.map((hour) => hour.hourStart)).not.toContain(hourAgo(15));
    expect(kept).toHaveLength(49);
  });
});
