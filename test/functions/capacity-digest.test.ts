import { InvocationContext, type Timer } from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { capacityDigest, capacityDigestTrigger } from '../../src/functions/capacity-digest.js';
import { registrations } from '../../src/functions/registrations.js';
import { createRuntime, useRuntime } from '../../src/runtime.js';
import { NOW, aksTopology, at, hoursAgo, rollups, snapshotOf, steady } from '../digest/digest-fixtures.js';
import { digestEnv, seed } from '../digest/digest-runtime.js';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '2026-11-28T08:00:00.000Z', next: '2026-11-29T08:00:00.000Z', lastUpdated: '2026-11-28T08:00:00.000Z' },
};

const targets = [
  { snapshot: snapshotOf(aksTopology('prod', 48, 60)), hours: rollups((ms) => at(hoursAgo(ms) === 5 ? 0.93 : 0.4)) },
  { snapshot: snapshotOf(aksTopology('dev', 10)), hours: rollups(steady(0.1)) },
];

let receiver: SlackReceiver;
beforeEach(async () => {
  receiver = await startSlackReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('capacityDigest', () => {
  it('should be a timer on SNAT_DIGEST_SCHEDULE (daily at 08:00 UTC by default), registered for both hosts', () => {
    expect(capacityDigestTrigger).toEqual({ schedule: '%SNAT_DIGEST_SCHEDULE%' });
    const registration = registrations.find((entry) => entry.name === 'capacityDigest');
    expect(registration).toMatchObject({ kind: 'timer', options: { schedule: '%SNAT_DIGEST_SCHEDULE%', handler: capacityDigest } });
    expect(loadConfig(digestEnv('https://hooks.slack.com/services/T/B/x', [targets[0]!.snapshot.target.id])).SNAT_DIGEST_SCHEDULE).toBe('0 0 8 * * *');
  });

  it("should post the day's digest to Slack once, however often the timer fires that day", async () => {
    const runtime = await createRuntime({ env: digestEnv(receiver.url, targets.map((target) => target.snapshot.target.id)), now: () => NOW });
    await seed(runtime, targets);
    useRuntime(runtime);
    const lines: string[] = [];
    const context = new InvocationContext({ functionName: 'capacityDigest', logHandler: (_level, ...args) => void lines.push(args.join(' ')) });

    await capacityDigest(timer, context);
    await capacityDigest({ ...timer, isPastDue: true }, context);

    expect(receiver.delivered()).toHaveLength(1);
    expect((receiver.delivered()[0] as { text: string }).text).toBe(
      'SNAT capacity digest 2026-11-29: 2 targets; worst peak 93% (prod); 1 with coming risks.',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Capacity digest for 2026-11-29 \(queued\): 2 target\(s\): 0 failing, 1 critical, .* Slack: 1 delivered, 0 pending \(drained\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^Capacity digest for 2026-11-29 \(already-posted\): .* Slack: 0 delivered/));
  });
});
