// One digest per owning channel: targets routed by their tags and by SNAT_ROUTES, each channel's
// digest covering its own targets and queued once a day per channel, however runs overlap. Slack
// refuses every message (404 channel_not_found), so the queued payloads stay in the outbox to be read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/digest/run-digest.js';
import type { SlackMessage } from '../../src/slack/block-kit.js';
import type { NotificationPayload } from '../../src/slack/notification-payload.js';
import type { Runtime } from '../../src/runtime.js';
import { answers, startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { allText } from '../slack/alert-message-fixtures.js';
import { NOW, aksTopology, at, natTopology, rollups, snapshotOf, steady } from './digest-fixtures.js';
import { digestEnv, digestRuntime, seed, type DigestClock } from './digest-runtime.js';

const silent = { log: () => {}, warn: () => {}, error: () => {} };

const shop = { ...aksTopology('kubernetes', 10), aks: { ...aksTopology('aks-shop-prod', 10).aks!, tags: { 'snat-watch-channel': 'SLACK_WEBHOOK_URL_SHOP' } } };
const pay = { ...aksTopology('pay', 10), tags: { 'snat-watch-channel': 'SLACK_WEBHOOK_URL_PAY' } };
const edge = natTopology('edge-nat');
const other = aksTopology('other', 10);
const targets = [
  { snapshot: snapshotOf(shop), hours: rollups(() => at(0.8)) },
  { snapshot: snapshotOf(pay), hours: rollups(steady(0.2)) },
  { snapshot: snapshotOf(edge), hours: rollups(steady(0.3)) },
  { snapshot: snapshotOf(other), hours: rollups(steady(0.1)) },
];

let receiver: SlackReceiver;
let env: NodeJS.ProcessEnv;
let clock: DigestClock;
beforeEach(async () => {
  receiver = await startSlackReceiver();
  receiver.setDefault(answers.channelNotFound);
  env = {
    ...digestEnv(receiver.url, targets.map((target) => target.snapshot.target.id)),
    SLACK_WEBHOOK_URL_SHOP: 'http://127.0.0.1:9/shop',
    SLACK_WEBHOOK_URL_PAY: 'http://127.0.0.1:9/pay',
    SLACK_WEBHOOK_URL_NET: 'http://127.0.0.1:9/net',
    SNAT_ROUTES: JSON.stringify([{ match: { resourceGroup: 'rg-net', name: 'edge-*' }, webhookSetting: 'SLACK_WEBHOOK_URL_NET' }, { match: { name: 'nobody-*' }, webhookSetting: 'SLACK_WEBHOOK_URL_PAY' }]),
    SNAT_PUBLIC_URL: 'https://func-snat.azurewebsites.net',
  };
  clock = { now: NOW };
  await seed(await digestRuntime(env, clock), targets);
});
afterEach(async () => {
  await receiver.close();
});

async function queuedDigests(runtime: Runtime): Promise<Map<string | null, SlackMessage[]>> {
  const byRoute = new Map<string | null, SlackMessage[]>();
  for (const message of [...(await runtime.outbox.list()), ...(await runtime.outbox.listParked())]) {
    const payload = message.payload as NotificationPayload;
    if (payload.kind === 'digest') byRoute.set(payload.route, [...(byRoute.get(payload.route) ?? []), payload.message as SlackMessage]);
  }
  return byRoute;
}

describe('runDigest per channel', () => {
  it('should queue one digest per owning channel, each covering its own targets, the cluster named and linked on the live page', async () => {
    const runtime = await digestRuntime(env, clock);
    const report = await runDigest(runtime, silent);

    expect(report.channels.map((channel) => [channel.route, channel.digest.targets.map((target) => target.target.name)])).toEqual([
      [null, ['other']],
      ['SLACK_WEBHOOK_URL_NET', ['edge-nat']],
      ['SLACK_WEBHOOK_URL_PAY', ['pay']],
      ['SLACK_WEBHOOK_URL_SHOP', ['kubernetes']],
    ]);
    const queued = await queuedDigests(runtime);
    expect([...queued.keys()].sort()).toEqual(['SLACK_WEBHOOK_URL_NET', 'SLACK_WEBHOOK_URL_PAY', 'SLACK_WEBHOOK_URL_SHOP', null].sort());
    const shopText = allText(queued.get('SLACK_WEBHOOK_URL_SHOP')![0]!);
    expect(shopText).toContain(`*<https://func-snat.azurewebsites.net/api/recommendations/view?target=${encodeURIComponent(shop.id)}|aks-shop-prod · load balancer kubernetes>*`);
    expect(shopText).not.toContain('pay');
    expect(allText(queued.get(null)![0]!)).not.toContain('kubernetes');
  });

  it('should queue each channel’s digest once a day when two runs overlap', async () => {
    const [first, second] = await Promise.all([runDigest(await digestRuntime(env, clock), silent), runDigest(await digestRuntime(env, clock), silent)]);
    expect([first.outcome, second.outcome]).toContain('queued');
    const runtime = await digestRuntime(env, clock);
    clock.now = new Date(NOW.getTime() + 3_600_000);
    expect((await runDigest(runtime, silent)).channels.map((channel) => channel.outcome)).toEqual(['already-posted', 'already-posted', 'already-posted', 'already-posted']);
    const queued = await queuedDigests(runtime);
    expect([...queued.values()].map((messages) => messages.length)).toEqual([1, 1, 1, 1]);
  });

  it('should send a channel that owns no target nothing', async () => {
    const idle = { ...env, SLACK_WEBHOOK_URL_IDLE: 'http://127.0.0.1:9/idle', SNAT_ROUTES: JSON.stringify([{ match: { name: 'nothing-*' }, webhookSetting: 'SLACK_WEBHOOK_URL_IDLE' }]) };
    const runtime = await digestRuntime(idle, clock);
    const report = await runDigest(runtime, silent);
    expect(report.channels.map((channel) => channel.route)).toEqual([null, 'SLACK_WEBHOOK_URL_PAY', 'SLACK_WEBHOOK_URL_SHOP']);
    expect([...(await queuedDigests(runtime)).keys()]).not.toContain('SLACK_WEBHOOK_URL_IDLE');
  });
});
