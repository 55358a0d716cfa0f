import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/state/outbox.js';
import { openTable } from '../../src/state/table-client.js';
import { createTargetStateStore } from '../../src/state/target-state-store.js';
import { testStorageSettings } from '../support/test-storage.js';

const lb = (name: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/${name}`;
const at = (iso: string): { now: Date } => ({ now: new Date(iso) });

let table: TableClient;
beforeEach(async () => {
  table = await openTable(testStorageSettings(), 'state');
});

/** Appends messages the way the watch run does: with a state commit. */
async function notify(targetId: string, texts: string[], nowIso: string): Promise<void> {
  const store = createTargetStateStore<{ n: number }>(table);
  const { value, etag } = await store.get(targetId);
  const result = await store.commit(targetId, { n: (value?.n ?? 0) + 1 }, etag, texts.map((text) => ({ text })), at(nowIso));
  expect(result).toBe('committed');
}

const texts = (messages: Array<{ payload: unknown }>): unknown[] => messages.map((message) => (message.payload as { text: string }).text);

describe('createOutbox', () => {
  describe('list', () => {
    it('should list messages in creation order across targets, and in sequence within a target', async () => {
      await notify(lb('a'), ['a1', 'a2'], '2026-11-29T10:00:00Z');
      await notify(lb('b'), ['b1'], '2026-11-29T10:01:00Z');
      await notify(lb('a'), ['a3'], '2026-11-29T10:02:00Z');
      await notify(lb('c'), ['c1'], '2026-11-29T10:00:30Z');
      const messages = await createOutbox(table).list();
      expect(texts(messages)).toEqual(['a1', 'a2', 'c1', 'b1', 'a3']);
      expect(messages.filter((message) => message.targetId === lb('a')).map((message) => message.sequence)).toEqual([1, 2, 3]);
      expect(messages[0]).toMatchObject({ targetId: lb('a'), createdAt: '2026-11-29T10:00:00.000Z', attempts: 0, lastError: null, leaseUntil: null });
    });

    it("should keep a target's order when a later run's clock is behind an earlier one's", async () => {
      await notify(lb('skew'), ['firing'], '2026-11-29T10:05:00Z');
      await notify(lb('skew'), ['resolved'], '2026-11-29T10:04:00Z');
      expect(texts(await createOutbox(table).list())).toEqual(['firing', 'resolved']);
    });

    it('should list nothing when every message is delivered', async () => {
      expect(await createOutbox(table).list()).toEqual([]);
    });
  });

  describe('claim', () => {
    it('should give a message to exactly one of two deliverers claiming it at once', async () => {
      await notify(lb('claim'), ['only'], '2026-11-29T10:00:00Z');
      const deliverers = [createOutbox(table), createOutbox(table)];
      const listed = await Promise.all(deliverers.map((outbox) => outbox.list()));
      const claims = await Promise.all(deliverers.map((outbox, index) => outbox.claim(listed[index]![0]!, { leaseInMs: 60_000 })));
      expect(claims.map((claim) => claim.status).sort()).toEqual(['changed', 'claimed']);
    });

    it('should not hand out a message under a live lease, and hand it out once the lease ran out', async () => {
      await notify(lb('lease'), ['held'], '2026-11-29T10:00:00Z');
      const first = createOutbox(table);
      const claimed = await first.claim((await first.list())[0]!, { leaseInMs: 60_000, now: new Date('2026-11-29T10:00:00Z') });
      expect(claimed.status).toBe('claimed');
      const second = createOutbox(table);
      const [seen] = await second.list();
      expect(await second.claim(seen!, { leaseInMs: 60_000, now: new Date('2026-11-29T10:00:59Z') })).toEqual({ status: 'leased' });
      expect((await second.claim(seen!, { leaseInMs: 60_000, now: new Date('2026-11-29T10:01:01Z') })).status).toBe('claimed');
    });

    it('should answer gone for a message already delivered', async () => {
      await notify(lb('gone'), ['once'], '2026-11-29T10:00:00Z');
      const outbox = createOutbox(table);
      const [message] = await outbox.list();
      const claim = await outbox.claim(message!, { leaseInMs: 60_000 });
      if (claim.status !== 'claimed') throw new Error(claim.status);
      expect(await outbox.complete(claim.message)).toBe('completed');
      expect(await outbox.claim(message!, { leaseInMs: 60_000 })).toEqual({ status: 'gone' });
      expect(await outbox.list()).toEqual([]);
    });
  });

  describe('complete', () => {
    it('should report a lost lease instead of deleting a message another deliverer took over', async () => {
      await notify(lb('lost'), ['slow'], '2026-11-29T10:00:00Z');
      const slow = createOutbox(table);
      const mine = await slow.claim((await slow.list())[0]!, { leaseInMs: 1_000, now: new Date('2026-11-29T10:00:00Z') });
      const other = createOutbox(table);
      const theirs = await other.claim((await other.list())[0]!, { leaseInMs: 60_000, now: new Date('2026-11-29T10:00:05Z') });
      if (mine.status !== 'claimed' || theirs.status !== 'claimed') throw new Error('both claims should succeed in turn');
      expect(await slow.complete(mine.message)).toBe('lost-lease');
      expect(await other.complete(theirs.message)).toBe('completed');
    });
  });

  describe('recordFailure', () => {
    it('should count attempts over runs, keep the last error and release the lease', async () => {
      await notify(lb('fail'), ['stuck'], '2026-11-29T10:00:00Z');
      const outbox = createOutbox(table);
      for (const [attempts, reason] of [[3, 'server: HTTP 500 rollup_error'], [1, 'client: HTTP 404 channel_not_found']] as const) {
        const claim = await outbox.claim((await outbox.list())[0]!, { leaseInMs: 600_000 });
        if (claim.status !== 'claimed') throw new Error(claim.status);
        expect(await outbox.recordFailure(claim.message, attempts, reason)).toBe('recorded');
      }
      const [message] = await outbox.list();
      expect(message).toMatchObject({ attempts: 4, lastError: 'client: HTTP 404 channel_not_found', leaseUntil: null, payload: { text: 'stuck' } });
    });
  });
});
