import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/state/outbox.js';
import { openTable } from '../../src/state/table-client.js';
import { createTargetStateStore } from '../../src/state/target-state-store.js';
import { testStorageSettings } from '../support/test-storage.js';

const LB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/mc_rg/providers/Microsoft.Network/loadBalancers/kubernetes';

interface AlertState {
  firing: string[];
  run: string;
}

let table: TableClient;
beforeAll(async () => {
  table = await openTable(testStorageSettings(), 'state');
});

const payloadsOf = async (targetId: string): Promise<unknown[]> =>
  (await createOutbox(table).list()).filter((message) => message.targetId === targetId).map((message) => message.payload);

describe('createTargetStateStore', () => {
  it('should report no state and no version for a target never seen', async () => {
    const store = createTargetStateStore<AlertState>(table);
    expect(await store.get(`${LB}-new`)).toEqual({ value: null, etag: null });
  });

  it('should store the state and its outbox messages together', async () => {
    const target = `${LB}-together`;
    const store = createTargetStateStore<AlertState>(table);
    expect(await store.commit(target, { firing: ['10.0.0.4'], run: 'a' }, null, [{ text: 'firing' }])).toBe('committed');
    const { value, etag } = await store.get(target);
    expect(value).toEqual({ firing: ['10.0.0.4'], run: 'a' });
    expect(await store.commit(target, { firing: [], run: 'b' }, etag, [{ text: 'resolved' }])).toBe('committed');
    expect((await store.get(target)).value).toEqual({ firing: [], run: 'b' });
    expect(await payloadsOf(target)).toEqual([{ text: 'firing' }, { text: 'resolved' }]);
  });

  it.each([
    { name: 'with messages', messages: (run: string) => [{ text: `firing from ${run}` }] },
    { name: 'without messages', messages: () => [] },
  ])('should let exactly one of two runs commit from the same version, and keep only its messages ($name)', async ({ name, messages }) => {
    const target = `${LB}-race-${name.replace(/ /g, '-')}`;
    await createTargetStateStore<AlertState>(table).commit(target, { firing: [], run: 'seed' }, null);
    // Two runs, each with its own store, read the same version and decide to notify.
    const runs = ['run-1', 'run-2'].map((run) => ({ run, store: createTargetStateStore<AlertState>(table) }));
    const reads = await Promise.all(runs.map(({ store }) => store.get(target)));
    const results = await Promise.all(
      runs.map(({ run, store }, index) => store.commit(target, { firing: ['10.0.0.4'], run }, reads[index]!.etag, messages(run))),
    );
    expect([...results].sort()).toEqual(['committed', 'conflict']);
    const winner = runs[results.indexOf('committed')]!.run;
    expect((await runs[0]!.store.get(target)).value).toEqual({ firing: ['10.0.0.4'], run: winner });
    expect(await payloadsOf(target)).toEqual(messages(winner));
  });

  it('should let exactly one of two runs create the first state of a target', async () => {
    const target = `${LB}-first`;
    const results = await Promise.all(
      ['run-1', 'run-2'].map((run) => createTargetStateStore<AlertState>(table).commit(target, { firing: ['x'], run }, null, [{ text: run }])),
    );
    expect([...results].sort()).toEqual(['committed', 'conflict']);
    expect(await payloadsOf(target)).toHaveLength(1);
  });

  it('should refuse a commit from a version that is no longer current', async () => {
    const target = `${LB}-stale`;
    const store = createTargetStateStore<AlertState>(table);
    await store.commit(target, { firing: [], run: '1' }, null);
    const { etag: stale } = await store.get(target);
    await store.commit(target, { firing: [], run: '2' }, stale);
    expect(await createTargetStateStore<AlertState>(table).commit(target, { firing: [], run: '3' }, stale, [{ text: 'late' }])).toBe('conflict');
    expect((await store.get(target)).value?.run).toBe('2');
    expect(await payloadsOf(target)).toEqual([]);
  });

  it('should round-trip a document of more than 200 KiB, multi-byte characters included', async () => {
    const target = `${LB}-large`;
    const store = createTargetStateStore<{ nodes: string[] }>(table);
    // 'é' and '🔥' are 2 and 4 bytes in UTF-8: chunk boundaries fall inside characters.
    const value = { nodes: Array.from({ length: 3_000 }, (_, index) => `aks-nodepool1-${index}-vmss é🔥 ${'x'.repeat(index % 97)}`) };
    expect(Buffer.byteLength(JSON.stringify(value))).toBeGreaterThan(200 * 1024);
    expect(await store.commit(target, value, null, [{ text: 'big', blocks: value.nodes.slice(0, 500) }])).toBe('committed');
    expect((await store.get(target)).value).toEqual(value);
    expect(await payloadsOf(target)).toEqual([{ text: 'big', blocks: value.nodes.slice(0, 500) }]);
  });

  it('should refuse, with a RangeError and nothing written, a document too large for one entity', async () => {
    const target = `${LB}-huge`;
    const store = createTargetStateStore<string>(table);
    await expect(store.commit(target, 'x'.repeat(1_000_000), null, [{ text: 'never' }])).rejects.toThrow(RangeError);
    expect(await store.get(target)).toEqual({ value: null, etag: null });
    expect(await payloadsOf(target)).toEqual([]);
  });

  it('should treat resource IDs that differ only in case as the same target, as ARM does', async () => {
    const store = createTargetStateStore<AlertState>(table);
    await store.commit(`${LB}-Case`, { firing: [], run: 'upper' }, null);
    expect((await store.get(`${LB}-case`.toLowerCase())).value).toEqual({ firing: [], run: 'upper' });
  });

  it.each([
    { name: 'slashes only', targetId: '/' },
    { name: 'characters table keys forbid', targetId: `${LB}#frag?x=1\\back` },
    { name: 'no resource name', targetId: 'not-an-arm-id' },
  ])('should store a target whose ID has $name', async ({ targetId }) => {
    const store = createTargetStateStore<AlertState>(table);
    expect(await store.commit(targetId, { firing: [], run: targetId }, null, [{ text: targetId }])).toBe('committed');
    expect((await store.get(targetId)).value?.run).toBe(targetId);
    expect(await payloadsOf(targetId)).toEqual([{ text: targetId }]);
  });

  it('should refuse more messages than one transaction holds', async () => {
    const store = createTargetStateStore<AlertState>(table);
    const messages = Array.from({ length: 100 }, (_, index) => ({ text: String(index) }));
    await expect(store.commit(`${LB}-many`, { firing: [], run: 'x' }, null, messages)).rejects.toThrow(/at most 99/);
  });

  it('should validate stored documents with the parse option', async () => {
    const target = `${LB}-parse`;
    await createTargetStateStore<unknown>(table).commit(target, { version: 1 }, null);
    const strict = createTargetStateStore<{ version: 2 }>(table, {
      parse: (value) => {
        if ((value as { version?: unknown }).version !== 2) throw new TypeError('expected state version 2');
        return value as { version: 2 };
      },
    });
    await expect(strict.get(target)).rejects.toThrow('expected state version 2');
  });
});
