import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/state/outbox.js';
import { createSnapshotStore } from '../../src/state/snapshot-store.js';
import { openTable } from '../../src/state/table-client.js';
import { createTargetRecordStore } from '../../src/state/target-record-store.js';
import { createTargetStateStore } from '../../src/state/target-state-store.js';
import { countTableRequests, type TableRequests } from '../support/table-requests.js';
import { testStorageConnectionString, testStorageSettings } from '../support/test-storage.js';

const lb = (name: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/${name}`;

interface State {
  firing: string[];
}
interface Snapshot {
  at: string;
  worst: number;
  filler?: string;
}
interface Rollup {
  minutes: Record<string, number>;
}

const TEN = '2026-11-29T10:00:00.000Z';
const ELEVEN = '2026-11-29T11:00:00.000Z';
const at = (minute: string) => new Date(`2026-11-29T${minute}:00Z`);

let state: TableClient;
let legacy: TableClient;
let requests: TableRequests;
beforeAll(() => {
  requests = countTableRequests(testStorageConnectionString());
});
afterAll(() => requests.stop());
beforeEach(async () => {
  const settings = testStorageSettings();
  [state, legacy] = await Promise.all([openTable(settings, 'state'), openTable(settings, 'snapshots')]);
});

const newStore = () => createTargetRecordStore<State, Snapshot, Rollup>(state, { legacy });
const snapshots = () => createSnapshotStore<Snapshot, Rollup>(state, { legacy });

/** One watch turn as settle-target does it: read, add this minute to its hour, write. */
async function turn(store: ReturnType<typeof newStore>, targetId: string, minute: string, next: State, outbox: unknown[] = [], filler = '') {
  const now = at(minute);
  const hour = `${now.toISOString().slice(0, 13)}:00:00.000Z`;
  const record = await store.read(targetId, [hour]);
  const changed = JSON.stringify(record.state) !== JSON.stringify(next);
  const minutes = { ...record.hours.get(hour)?.minutes, [now.toISOString()]: 0.5 };
  const result = await store.write(record, { targetId, ...(changed ? { state: next } : {}), outbox, latest: { at: now.toISOString(), worst: 0.5, ...(filler ? { filler } : {}) }, hours: new Map([[hour, { minutes }]]), now });
  return { record, result };
}

describe('createTargetRecordStore', () => {
  it('should write a steady turn in one request, without reading first', async () => {
    const store = newStore();
    const target = lb('steady');
    await turn(store, target, '10:01', { firing: ['10.0.0.4'] }, [{ text: 'firing' }]);

    requests.reset();
    const { record, result } = await turn(store, target, '10:02', { firing: ['10.0.0.4'] });
    expect(result).toBe('committed');
    expect(record.source).toBe('memory');
    expect(requests.sent.map((request) => request.kind)).toEqual(['batch']);

    expect((await snapshots().getLatest(target))?.value).toEqual({ at: '2026-11-29T10:02:00.000Z', worst: 0.5 });
    const [hour] = await snapshots().listHours(target, TEN, ELEVEN);
    expect(Object.keys(hour!.value.minutes)).toEqual(['2026-11-29T10:01:00.000Z', '2026-11-29T10:02:00.000Z']);
    expect((await createTargetStateStore<State>(state).get(target)).value).toEqual({ firing: ['10.0.0.4'] });
    expect((await createOutbox(state).list()).map((message) => message.payload)).toEqual([{ text: 'firing' }]);
  });

  it('should leave an hour whose minutes did not change, and the state document, as they were', async () => {
    const store = newStore();
    const target = lb('unchanged');
    await turn(store, target, '10:59', { firing: [] });
    const before = await state.getEntity(await keyOf(target), 'hour-2026-11-29T10:00:00.000Z');
    const stateBefore = await state.getEntity(await keyOf(target), 'state');

    // 11:00: the 10:00 hour is asked for again (the window reaches into it) with the same minutes.
    const now = at('11:00');
    const record = await store.read(target, [TEN, ELEVEN]);
    const hours = new Map([[TEN, record.hours.get(TEN)!], [ELEVEN, { minutes: { [now.toISOString()]: 0.4 } }]]);
    expect(await store.write(record, { targetId: target, outbox: [], latest: { at: now.toISOString(), worst: 0.4 }, hours, now })).toBe('committed');

    const after = await state.getEntity(await keyOf(target), 'hour-2026-11-29T10:00:00.000Z');
    expect(after.etag).toBe(before.etag);
    const stateAfter = await state.getEntity(await keyOf(target), 'state');
    expect(stateAfter.json0).toEqual(stateBefore.json0);
    expect((await snapshots().listHours(target, TEN, '2026-11-29T12:00:00Z')).map((hour) => hour.hourStart)).toEqual([TEN, ELEVEN]);
  });

  it('should refuse the whole turn when someone else wrote the target since, and read afresh after', async () => {
    const store = newStore();
    const target = lb('raced');
    await turn(store, target, '10:01', { firing: [] });
    // Another instance (its own memory) decides and notifies in between.
    await turn(newStore(), target, '10:02', { firing: ['10.0.0.9'] }, [{ text: 'from the other instance' }]);

    const stale = await turn(store, target, '10:03', { firing: ['10.0.0.9'] }, [{ text: 'duplicate' }]);
    expect(stale.record.source).toBe('memory');
    expect(stale.result).toBe('conflict');
    // Nothing of the refused turn was written: not its message, not its snapshot.
    expect((await createOutbox(state).list()).map((message) => message.payload)).toEqual([{ text: 'from the other instance' }]);
    expect((await snapshots().getLatest(target))?.value.at).toBe('2026-11-29T10:02:00.000Z');

    const again = await store.read(target, [TEN], { fresh: true });
    expect(again).toMatchObject({ source: 'table', state: { firing: ['10.0.0.9'] } });
    expect(Object.keys(again.hours.get(TEN)!.minutes)).toEqual(['2026-11-29T10:01:00.000Z', '2026-11-29T10:02:00.000Z']);
  });

  it('should refuse a turn that changes nothing when the state was changed by another writer since (an acknowledgement, say)', async () => {
    const store = newStore();
    const target = lb('acknowledged');
    await turn(store, target, '10:01', { firing: ['10.0.0.4'] });
    const other = createTargetStateStore<State>(state);
    const { etag } = await other.get(target);
    expect(await other.commit(target, { firing: [] }, etag)).toBe('committed');

    // The state this process remembers is no longer the stored one: its turn, even one writing no state, is refused.
    expect((await turn(store, target, '10:02', { firing: ['10.0.0.4'] })).result).toBe('conflict');
    const again = await turn(store, target, '10:02', { firing: [] });
    expect(again).toMatchObject({ result: 'committed', record: { source: 'table', state: { firing: [] } } });
  });

  it('should read the snapshots a version before issue 11 wrote, and go on with their hour', async () => {
    const target = lb('upgraded');
    // The old layout: the state in the state table, latest and hour rows in the snapshots table.
    await createTargetStateStore<State>(state).commit(target, { firing: [] }, null);
    const old = createSnapshotStore<Snapshot, Rollup>(legacy);
    await old.putLatest(target, { at: '2026-11-29T10:30:00.000Z', worst: 0.7 }, { now: at('10:30') });
    await old.updateHour(target, '2026-11-29T09:00:00Z', () => ({ minutes: { '2026-11-29T09:59:00.000Z': 0.6 } }));
    await old.updateHour(target, TEN, () => ({ minutes: { '2026-11-29T10:30:00.000Z': 0.7 } }));
    expect((await snapshots().getLatest(target))?.value.worst).toBe(0.7);

    await turn(newStore(), target, '10:31', { firing: [] });

    expect((await snapshots().getLatest(target))?.value).toEqual({ at: '2026-11-29T10:31:00.000Z', worst: 0.5 });
    expect((await snapshots().listLatest()).filter((latest) => latest.targetId === target)).toHaveLength(1);
    const hours = await snapshots().listHours(target, '2026-11-29T09:00:00Z', ELEVEN);
    expect(hours.map((hour) => [hour.hourStart, Object.keys(hour.value.minutes)])).toEqual([
      ['2026-11-29T09:00:00.000Z', ['2026-11-29T09:59:00.000Z']],
      [TEN, ['2026-11-29T10:30:00.000Z', '2026-11-29T10:31:00.000Z']],
    ]);
    // The daily purge clears old hours from both tables.
    expect(await snapshots().purgeBefore('2026-11-29T12:00:00Z', { now: new Date('2026-12-20T00:00:00Z') })).toBe(3);
  });

  it('should put the snapshot in a request of its own when the turn would pass the 4 MiB of one transaction', async () => {
    const store = newStore();
    const target = lb('large');
    // Four messages and a snapshot of 650 KiB each: 4.2 MiB once base64-encoded.
    const filler = 'x'.repeat(650 * 1024);
    requests.reset();
    const { result } = await turn(store, target, '10:01', { firing: ['a'] }, ['one', 'two', 'three', 'four'].map((text) => ({ text, filler })), filler);
    expect(result).toBe('committed');
    expect(requests.sent.map((request) => request.kind)).toEqual(['read', 'batch', 'batch']);
    expect((await snapshots().getLatest(target))?.value).toMatchObject({ at: '2026-11-29T10:01:00.000Z', filler });
    expect(await createOutbox(state).list()).toHaveLength(4);
  });

  it('should refuse a turn of more than 100 entities with a RangeError', async () => {
    const store = newStore();
    await expect(turn(store, lb('many'), '10:01', { firing: [] }, Array.from({ length: 99 }, (_, index) => ({ index })))).rejects.toThrow(RangeError);
  });
});

async function keyOf(targetId: string): Promise<string> {
  const { targetKey } = await import('../../src/state/target-key.js');
  return targetKey(targetId);
}
