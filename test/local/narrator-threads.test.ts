// The terminal shows the local Slack's threads: a root in full, replies indented under it, and a line
// when the root's state changes. Real HTTP: the app notifier posts to the local Slack Web API, whose
// events the narrator prints.
import { afterEach, describe, expect, it } from 'vitest';
import { createNarrator } from '../../src/local/narrator.js';
import type { LocalSlackWebApi } from '../../src/local/slack-web-api.js';
import { createTerminal } from '../../src/local/terminal.js';
import { createAppNotifier } from '../../src/slack/app-notifier.js';
import { notificationPayload, type IncidentStatus } from '../../src/slack/notification-payload.js';
import { createSlackThreadStore } from '../../src/state/slack-thread-store.js';
import { openTable } from '../../src/state/table-client.js';
import { startTestSlack, TEST_CHANNEL } from '../support/slack-app.js';
import { testStorageSettings } from '../support/test-storage.js';

let slack: LocalSlackWebApi | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

const target = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes', name: 'kubernetes', kind: 'loadBalancer' as const };
const payload = (id: number, text: string, status: IncidentStatus) =>
  ({ id: `p/outbox-${id}`, createdAt: '2026-11-20T10:00:00Z', resend: false, message: { text }, payload: notificationPayload('alert', { text }, { incident: { key: `${target.id}#1`, target, openedAt: '2026-11-20T10:00:00Z', status } }) });

describe('createNarrator', () => {
  it("should print an incident's root, its replies indented under it, and the root's new state", async () => {
    let output = '';
    const terminal = createTerminal({ stdout: { write: (text: string) => (output += text) }, stderr: { write: (text: string) => (output += text) } }, { NO_COLOR: '1' });
    const narrator = createNarrator({ terminal, verbose: false, simulated: true });
    slack = await startTestSlack({ onEvent: narrator.slackEvent });
    const notifier = createAppNotifier({ token: slack.token, apiUrl: slack.url, defaultChannel: TEST_CHANNEL, threads: createSlackThreadStore(await openTable(testStorageSettings(), 'state')) });

    expect(await notifier.send(payload(1, 'WARNING: SNAT ports on kubernetes', { phase: 'firing', severity: 'warning', acknowledged: null, silencedUntil: null }))).toMatchObject({ ok: true });
    expect(await notifier.send(payload(2, 'RESOLVED: SNAT ports on kubernetes', { phase: 'resolved', severity: 'resolved', acknowledged: null, silencedUntil: null }))).toMatchObject({ ok: true });

    expect(output).toMatch(/Slack ▸ C0SNATTEST · thread 1\n─+\n🟠 Firing \(warning\)\nWARNING: SNAT ports on kubernetes\n/);
    expect(output).toContain('[Acknowledge]   [Silence 1h]   [Silence 4h]   [Silence 24h]');
    expect(output).toMatch(/Slack ▸ thread 1 now shows: ✅ Resolved\n {2}↳ reply in thread 1\n {4}─+\n {4}RESOLVED: SNAT ports on kubernetes/);
  });
});
