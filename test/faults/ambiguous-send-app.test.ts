// Slack app mode losing the first answer: Slack took the message and the connection was then reset,
// never answered, or answered too late. Every post carries metadata naming its outbox message, so the
// next attempt reads the channel (or the thread) back before it sends: exactly one message per
// notification, never a possible duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalSlackWebApi, WebApiFault } from '../../src/local/slack-web-api.js';
import { appSettings, startTestSlack, TEST_CHANNEL } from '../support/slack-app.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';
import { criticalClusters, FAST_SLACK } from './fault-estate.js';

let harness: WatchHarness | undefined;
let slack: LocalSlackWebApi | undefined;
afterEach(async () => {
  await harness?.close();
  await slack?.stop();
  harness = slack = undefined;
});

const faults: Array<{ name: string; fault: WebApiFault }> = [
  { name: 'resets the connection after posting', fault: 'reset-after' },
  { name: 'never answers after posting', fault: 'hang-after' },
  { name: 'answers after the attempt timeout', fault: { delayInMs: 700 } },
];

const mentions = (name: string) => (text: string): boolean => text.includes(`_rg-${name}_${name}_`) || text.includes(name);

describe('an ambiguous answer in Slack app mode', () => {
  it.each(faults)('should post exactly one root per incident when Slack $name the first time', async ({ fault }) => {
    slack = await startTestSlack();
    harness = await startWatchHarness(criticalClusters(['aks-a', 'aks-b']), { ...FAST_SLACK, ...appSettings(slack) });
    slack.when((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('aks-a'), fault, 1);

    const first = await harness.watch();
    expect(first.delivery.failures).toEqual([expect.objectContaining({ reason: 'ambiguous', next: 'resend-after-wait' })]);
    for (let run = 0; run < 2; run++) await harness.watch();

    const roots = slack.messages(TEST_CHANNEL);
    expect(roots.filter((message) => mentions('aks-a')(JSON.stringify(message)))).toHaveLength(1);
    expect(roots.filter((message) => mentions('aks-b')(JSON.stringify(message)))).toHaveLength(1);
    expect(roots.every((message) => !message.text.includes('possible duplicate'))).toBe(true);
    // The second attempt looked before it posted, and then did not post.
    expect(slack.calls.filter((call) => call.method === 'conversations.history')).not.toHaveLength(0);
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('aks-a'))).toHaveLength(1);
    expect(await harness.runtime.outbox.list()).toEqual([]);
    expect(await harness.runtime.outbox.listParked()).toEqual([]);
  });

  it('should post exactly one message when Slack takes every attempt and never answers, and keep looking rather than send again', async () => {
    slack = await startTestSlack();
    harness = await startWatchHarness(criticalClusters(['aks-a']), { ...FAST_SLACK, ...appSettings(slack) });
    slack.when((call) => call.method === 'chat.postMessage', 'hang-after');
    for (let run = 0; run < 3; run++) await harness.watch();
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
    expect(slack.messages(TEST_CHANNEL)).toHaveLength(1);
    // Found by its metadata on the next look: delivered, nothing parked.
    expect(await harness.runtime.outbox.list()).toEqual([]);
    expect(await harness.runtime.outbox.listParked()).toEqual([]);
  });
});
