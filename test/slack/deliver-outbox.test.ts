import type { TableClient } from '@azure/data-tables';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverOutbox, type DeliverOutboxOptions, type DeliveryLog } from '../../src/slack/deliver-outbox.js';
import { POSSIBLE_DUPLICATE_TEXT } from '../../src/slack/delivery-messages.js';
import { createOutbox } from '../../src/state/outbox.js';
import { openTable } from '../../src/state/table-client.js';
import { createTargetStateStore } from '../../src/state/target-state-store.js';
import { answers, startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { testStorageSettings } from '../support/test-storage.js';

const lb = (name: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/${name}`;

let table: TableClient;
let receiver: SlackReceiver;
beforeEach(async () => {
  [table, receiver] = await Promise.all([openTable(testStorageSettings(), 'state'), startSlackReceiver()]);
});
afterEach(async () => {
  await receiver.close();
});

interface CollectingLog extends DeliveryLog {
  lines: Array<{ level: 'log' | 'warn' | 'error'; text: string }>;
}
function collectingLog(): CollectingLog {
  const lines: CollectingLog['lines'] = [];
  const at = (level: 'log' | 'warn' | 'error') => (...args: unknown[]) => void lines.push({ level, text: args.map(String).join(' ') });
  return { lines, log: at('log'), warn: at('warn'), error: at('error') };
}

/** What a watch run does when it decides to notify: commit the state and the message together. */
let clock = Date.parse('2026-11-29T10:00:00Z');
async function notify(targetId: string, text: string): Promise<void> {
  const store = createTargetStateStore<{ notified: string[] }>(table);
  const { value, etag } = await store.get(targetId);
  clock += 60_000;
  const result = await store.commit(targetId, { notified: [...(value?.notified ?? []), text] }, etag, [{ text }], { now: new Date(clock) });
  expect(result).toBe('committed');
}

const fastSend: DeliverOutboxOptions['send'] = { maxRetries: 0, retryDelayInMs: 5, timeoutInMs: 2_000 };
const deliver = (log: DeliveryLog = collectingLog(), options: DeliverOutboxOptions = {}) =>
  deliverOutbox(createOutbox(table), receiver.url, { send: fastSend, log, ...options });
const deliveredTexts = (): unknown[] => receiver.delivered().map((body) => (body as { text: string }).text);

function expectNoSecret(values: unknown[]): void {
  const secret = new URL(receiver.url).pathname.split('/').pop()!;
  for (const value of values) expect(JSON.stringify(value)).not.toContain(secret);
}

describe('deliverOutbox', () => {
  it('should deliver every message once, in order, after Slack was down for 10 deliveries', async () => {
    receiver.setDefault(answers.serverError);
    const sent: string[] = [];
    for (let run = 1; run <= 10; run++) {
      const text = `alert ${run} on ${run % 2 ? 'a' : 'b'}`;
      sent.push(text);
      await notify(lb(run % 2 ? 'a' : 'b'), text);
      const result = await deliver();
      expect(result).toMatchObject({ delivered: 0, pending: run, failed: 1, stoppedBy: 'send-failed' });
      expect(result.failures[0]).toMatchObject({ reason: 'server', retryable: true, status: 500, attempts: run, sequence: 1 });
    }
    expect(receiver.requests).toHaveLength(10);

    receiver.setDefault(answers.ok);
    expect(await deliver()).toEqual({ delivered: 10, pending: 0, failed: 0, parked: 0, stoppedBy: 'drained', failures: [] });
    expect(deliveredTexts()).toEqual(sent);
    expect(await deliver()).toMatchObject({ delivered: 0, pending: 0, stoppedBy: 'drained' });
    expect(deliveredTexts()).toEqual(sent);
  });

  it('should keep every message when Slack refuses the webhook (404 channel_not_found), not retry in the run, and say so loudly', async () => {
    await notify(lb('a'), 'firing');
    await notify(lb('b'), 'other target');
    receiver.setDefault(answers.channelNotFound);
    const log = collectingLog();
    const result = await deliverOutbox(createOutbox(table), receiver.url, { send: { maxRetries: 3, retryDelayInMs: 5 }, log });
    expect(result).toMatchObject({ delivered: 0, pending: 2, failed: 1, parked: 0, stoppedBy: 'send-failed' });
    expect(result.failures).toEqual([
      { messageId: expect.any(String), targetId: lb('a'), sequence: 1, reason: 'client', retryable: false, status: 404, detail: 'HTTP 404 channel_not_found', attempts: 1, next: 'retry-later' },
    ]);
    expect(receiver.requests).toHaveLength(1);
    expect(log.lines.filter((line) => line.level === 'error').map((line) => line.text)).toEqual([expect.stringMatching(/SLACK REFUSED THE WEBHOOK .*channel_not_found/)]);
    expect((await createOutbox(table).list()).map((message) => message.lastError)).toEqual(['client: HTTP 404 channel_not_found', null]);

    receiver.setDefault(answers.ok);
    expect(await deliver()).toMatchObject({ delivered: 2, pending: 0 });
    expect(deliveredTexts()).toEqual(['firing', 'other target']);
  });

  it("should try a refused message once as text only, park it with Slack's reason, announce it, and deliver the target's later messages and the other targets'", async () => {
    await notify(lb('a'), 'a firing');
    await notify(lb('b'), 'b firing');
    await notify(lb('a'), 'a resolved');
    // Refuses both forms of the one message, then nothing more.
    receiver.when((body) => JSON.stringify(body).includes('a firing'), answers.invalidPayload, 2);
    const log = collectingLog();
    const result = await deliver(log);
    expect(result).toMatchObject({ delivered: 3, pending: 0, failed: 1, parked: 1, stoppedBy: 'drained' });
    expect(result.failures).toEqual([expect.objectContaining({ targetId: lb('a'), status: 400, detail: 'HTTP 400 invalid_payload', attempts: 2, next: 'parked' })]);
    expect(receiver.requests.map((request) => request.answer)).toEqual([400, 400, 200, 200, 200]);
    // The second try is text only and names the target; the notice follows, then the target's next message.
    expect(receiver.requests[1]!.body).toEqual({ text: expect.stringMatching(/^\*SNAT Watch alert for a \(resource group rg\)\* \(simplified: Slack refused the full message: HTTP 400 invalid_payload\)\na firing/) });
    expect(deliveredTexts()).toEqual(['b firing', expect.stringMatching(/could not deliver an alert about \*a \(resource group rg\)\*.*invalid_payload.*snat-watch outbox retry/), 'a resolved']);
    const parked = await createOutbox(table).listParked();
    expect(parked).toEqual([expect.objectContaining({ targetId: lb('a'), sequence: 1, status: 'parked', parked: { at: expect.any(String), reason: 'client: HTTP 400 invalid_payload' } })]);
    expect(log.lines.filter((line) => line.level === 'error')).toHaveLength(1);

    // An operator fixed the cause: retry puts it back, and it goes out once.
    expect(await createOutbox(table).retry(parked[0]!.id)).toBe('retried');
    expect(await deliver()).toMatchObject({ delivered: 1, parked: 0 });
    expect(deliveredTexts().at(-1)).toBe('a firing');
    expect(await createOutbox(table).listParked()).toEqual([]);
  });

  it('should deliver the text-only form instead when only the blocks are refused, and park nothing', async () => {
    await notify(lb('a'), 'with blocks');
    receiver.when((body) => Array.isArray((body as { blocks?: unknown }).blocks), answers.invalidPayload);
    const outbox = createOutbox(table);
    const store = createTargetStateStore<{ n: number }>(table);
    const { etag } = await store.get(lb('a'));
    await store.commit(lb('a'), { n: 2 }, etag, [{ text: 'CRITICAL: SNAT ports on a', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '• *10.0.0.4* (critical)' } }] }]);
    const result = await deliverOutbox(outbox, receiver.url, { send: fastSend, log: collectingLog() });
    expect(result).toMatchObject({ delivered: 2, parked: 0 });
    expect(deliveredTexts().at(-1)).toMatch(/simplified.*\nCRITICAL: SNAT ports on a\n• \*10\.0\.0\.4\* \(critical\)/);
  });

  it("should say at warning level why a target waits when a deliverer died mid-send, keep the other targets flowing, and re-send the message once, marked", async () => {
    await notify(lb('a'), 'a firing');
    await notify(lb('b'), 'b firing');
    const crashedAt = new Date('2026-11-29T12:00:00Z');
    const [stuck] = await createOutbox(table, { owner: 'crashed-instance' }).list();
    expect((await createOutbox(table, { owner: 'crashed-instance' }).claim(stuck!, { leaseInMs: 60_000, now: crashedAt })).status).toBe('claimed');

    const log = collectingLog();
    const during = await deliver(log, { now: () => new Date(crashedAt.getTime() + 20_000) });
    expect(during).toMatchObject({ delivered: 1, pending: 1, stoppedBy: 'busy' });
    expect(deliveredTexts()).toEqual(['b firing']);
    expect(log.lines.filter((line) => line.level === 'warn').map((line) => line.text)).toEqual([
      expect.stringMatching(/has been sending since 2026-11-29T12:00:00.000Z \(deliverer crashed-instance\).*lease ends at 2026-11-29T12:01:00.000Z.*likely stopped mid-send.*re-sent once, marked as a possible duplicate/),
    ]);

    const after = await deliver(collectingLog(), { now: () => new Date(crashedAt.getTime() + 61_000) });
    expect(after).toMatchObject({ delivered: 1, pending: 0 });
    expect(deliveredTexts()).toEqual(['b firing', '(possible duplicate) a firing\n' + POSSIBLE_DUPLICATE_TEXT]);
  });

  it('should leave a message Slack rate-limits past the wait budget for the next run', async () => {
    await notify(lb('a'), 'first');
    await notify(lb('b'), 'second');
    receiver.script(answers.ok, answers.rateLimited(300));
    const result = await deliver(collectingLog(), { send: { ...fastSend, maxRetries: 3, maxWaitInMs: 10_000 } });
    expect(result).toMatchObject({ delivered: 1, pending: 1, failed: 1, stoppedBy: 'send-failed' });
    expect(result.failures[0]).toMatchObject({ reason: 'rate-limited', retryable: true });
    expect(await deliver()).toMatchObject({ delivered: 1, pending: 0 });
    expect(deliveredTexts()).toEqual(['first', 'second']);
  });

  it('should never send a message twice when deliverers run at the same time', async () => {
    const sent: string[] = [];
    for (let index = 0; index < 12; index++) {
      sent.push(`m${index}`);
      await notify(lb(['a', 'b', 'c'][index % 3]!), `m${index}`);
    }
    const staggered = (delayInMs: number) => new Promise((resolve) => setTimeout(resolve, delayInMs)).then(() => deliver());
    const results = await Promise.all([deliver(), deliver(), staggered(5), staggered(20), staggered(40)]);
    const leftover = await deliver();
    expect(results.reduce((sum, result) => sum + result.delivered, leftover.delivered)).toBe(12);
    // Each target in its own order; targets do not wait for each other.
    for (const name of ['a', 'b', 'c']) {
      const ofTarget = sent.filter((_, index) => ['a', 'b', 'c'][index % 3] === name);
      expect(deliveredTexts().filter((text) => ofTarget.includes(text as string))).toEqual(ofTarget);
    }
    expect(receiver.requests).toHaveLength(12);
    expect(results.some((result) => result.stoppedBy === 'busy')).toBe(true);
  });

  it('should send exactly one notification when two runs decide it at the same moment', async () => {
    const target = lb('race');
    await createTargetStateStore<{ firing: boolean }>(table).commit(target, { firing: false }, null);
    const runs = [createTargetStateStore<{ firing: boolean }>(table), createTargetStateStore<{ firing: boolean }>(table)];
    const reads = await Promise.all(runs.map((store) => store.get(target)));
    const commits = await Promise.all(runs.map((store, index) => store.commit(target, { firing: true }, reads[index]!.etag, [{ text: `firing (run ${index})` }])));
    await Promise.all([deliver(), deliver()]);
    expect(commits.filter((result) => result === 'committed')).toHaveLength(1);
    expect(receiver.delivered()).toHaveLength(1);
  });

  it("should deliver only the given targets' messages (a batch that just settled), and start none once the run's signal is aborted", async () => {
    await notify(lb('a'), 'a firing');
    await notify(lb('b'), 'b firing');
    expect(await deliver(collectingLog(), { targetIds: [lb('B')] })).toMatchObject({ delivered: 1, pending: 0 });
    expect(deliveredTexts()).toEqual(['b firing']);
    expect(await deliver(collectingLog(), { signal: AbortSignal.abort() })).toMatchObject({ delivered: 0, pending: 1, stoppedBy: 'aborted' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('should stop taking messages at maxMessages and leave the rest pending', async () => {
    for (const text of ['one', 'two', 'three']) await notify(lb('a'), text);
    expect(await deliver(collectingLog(), { maxMessages: 2 })).toMatchObject({ delivered: 2, pending: 1, stoppedBy: 'max-messages' });
    expect(deliveredTexts()).toEqual(['one', 'two']);
  });

  it.each([
    { name: 'a refusal', answer: answers.channelNotFound },
    { name: 'a server error', answer: answers.serverError },
    { name: 'a rate limit', answer: answers.rateLimited(600) },
    { name: 'a timeout', answer: answers.hang },
  ])('should keep the webhook URL out of every result and log line after $name', async ({ answer }) => {
    await notify(lb('a'), 'secret-free');
    receiver.setDefault(answer);
    const log = collectingLog();
    const result = await deliverOutbox(createOutbox(table), receiver.url, { send: { ...fastSend, timeoutInMs: 100 }, log });
    expect(result.failed).toBe(1);
    expect(log.lines.length).toBeGreaterThan(0);
    expectNoSecret([result, ...log.lines, ...(await createOutbox(table).list())]);
  });
});
