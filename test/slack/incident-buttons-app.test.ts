// The whole loop in Slack app mode: the watch posts an incident's root with its buttons, someone
// presses one (a signed interaction over real HTTP), and the next run updates that same root to say
// so — with the buttons that still make sense. Local Slack Web API, local Functions host, Azurite,
// simulated Azure.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { registrations } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { blockActionsBody } from '../../src/local/signed-interaction.js';
import type { LocalSlackWebApi } from '../../src/local/slack-web-api.js';
import { useRuntime } from '../../src/runtime.js';
import { criticalClusters, FAST_SLACK } from '../faults/fault-estate.js';
import { actionIdsOf, appSettings, shownText, startTestSlack, TEST_CHANNEL } from '../support/slack-app.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

let harness: WatchHarness | undefined;
let slack: LocalSlackWebApi | undefined;
let host: FunctionsHost | undefined;
afterEach(async () => {
  await host?.stop();
  await harness?.close();
  await slack?.stop();
  harness = slack = host = undefined;
});

async function press(actionId: 'snat-ack' | 'snat-silence-1h' | 'snat-unsilence', incident: string, secret: string): Promise<number> {
  const body = blockActionsBody({ actionId, incident, user: { id: 'U024BE7LH', name: 'alice' } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${host!.url}/api/slack/interactions`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
  });
  return response.status;
}

describe('an incident root in Slack app mode', () => {
  it('should show who acknowledged and until when it is silenced, on the same root, with the buttons that still apply', async () => {
    slack = await startTestSlack();
    const settings: Record<string, string> = { ...FAST_SLACK, ...appSettings(slack) };
    let ids: string[] = [];
    harness = await startWatchHarness((world) => (ids = criticalClusters(['aks-a'])(world)), settings);
    useRuntime(harness.runtime);
    host = await startFunctionsHost(registrations.filter((r) => r.kind === 'http'), { port: 0, setting: () => undefined, log: () => {} });

    await harness.watch();
    const [root] = slack.messages(TEST_CHANNEL);
    expect(actionIdsOf(root)).toEqual(expect.arrayContaining(['snat-ack', 'snat-silence-1h']));
    const buttons = (root!.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>).flatMap((block) => block.elements ?? []);
    const incident = buttons.find((button) => button.action_id === 'snat-ack')!.value!;
    expect((await harness.runtime.alertStates.get(ids[0]!)).value!.notified!.incident).toBe(incident);

    expect(await press('snat-ack', incident, settings.SLACK_SIGNING_SECRET!)).toBe(200);
    await harness.watch();
    let [shown] = slack.messages(TEST_CHANNEL);
    expect(slack.messages(TEST_CHANNEL)).toHaveLength(1);
    expect(shownText(shown)).toMatch(/acknowledged by alice/);
    expect(actionIdsOf(shown)).not.toContain('snat-ack');

    expect(await press('snat-silence-1h', incident, settings.SLACK_SIGNING_SECRET!)).toBe(200);
    await harness.watch();
    [shown] = slack.messages(TEST_CHANNEL);
    expect(shownText(shown)).toMatch(/silenced until/);
    expect(actionIdsOf(shown)).toContain('snat-unsilence');
    expect(slack.messages(TEST_CHANNEL)).toHaveLength(1);
  });
});
