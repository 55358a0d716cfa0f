import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotStore } from '../../src/state/snapshot-store.js';
import { openTable } from '../../src/state/table-client.js';
import { testStorageSettings } from '../support/test-storage.js';

const lb = (name: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/${name}`;

interface Snapshot {
  worst: number;
  nodes?: string[];
}
interface Rollup {
  minutes: number;
  peak: number;
}

let table: TableClient;
beforeEach(async () => {
  table = await openTable(testStorageSettings(), 'snapshots');
});

const addMinute = (peak: number) => (previous: Rollup | null): Rollup => ({ minutes: (previous?.minutes ?? 0) + 1, peak: Math.max(previous?.peak ?? 0, peak) });

describe('createSnapshotStore', () => {
  describe('latest', () => {
    it('should keep only the latest snapshot of each target, and list every target', async () => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      await store.putLatest(lb('a'), { worst: 0.5 }, { now: new Date('2026-11-29T10:00:00Z') });
      await store.putLatest(lb('a'), { worst: 0.8 }, { now: new Date('2026-11-29T10:01:00Z') });
      await store.putLatest(lb('b'), { worst: 0.1 }, { now: new Date('2026-11-29T10:01:00Z') });
      expect(await store.getLatest(lb('a'))).toEqual({ targetId: lb('a'), value: { worst: 0.8 }, updatedAt: '2026-11-29T10:01:00.000Z' });
      expect(await store.getLatest(lb('none'))).toBeNull();
      const all = await store.listLatest();
      expect(all.map((snapshot) => [snapshot.targetId, snapshot.value.worst]).sort()).toEqual([
        [lb('a'), 0.8],
        [lb('b'), 0.1],
      ]);
    });

    it('should round-trip a snapshot of more than 200 KiB', async () => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      const nodes = Array.from({ length: 1_000 }, (_, index) => `10.240.${Math.floor(index / 250)}.${index % 250}: ${'used 1000 of 1024 ports; '.repeat(9)}`);
      expect(Buffer.byteLength(JSON.stringify(nodes))).toBeGreaterThan(200 * 1024);
      await store.putLatest(lb('big'), { worst: 0.97, nodes });
      expect((await store.getLatest(lb('big')))?.value).toEqual({ worst: 0.97, nodes });
    });
  });

  describe('updateHour', () => {
    it('should lose no update when runs write the same hour at once', async () => {
      const stores = Array.from({ length: 8 }, () => createSnapshotStore<Snapshot, Rollup>(table, { maxUpdateAttempts: 20 }));
      await Promise.all(stores.map((store, index) => store.updateHour(lb('busy'), '2026-11-29T10:00:00Z', addMinute(index / 10))));
      const [hour] = await stores[0]!.listHours(lb('busy'), '2026-11-29T10:00:00Z', '2026-11-29T11:00:00Z');
      expect(hour?.value).toEqual({ minutes: 8, peak: 0.7 });
    });

    it.each([
      { name: 'mid-hour', hourStartIso: '2026-11-29T10:30:00Z' },
      { name: 'not a date', hourStartIso: 'yesterday' },
    ])('should refuse an hour start that is $name', async ({ hourStartIso }) => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      await expect(store.updateHour(lb('a'), hourStartIso, addMinute(1))).rejects.toThrow(RangeError);
    });
  });

  describe('listHours', () => {
    it('should list the hours of one target from (inclusive) to (exclusive), oldest first', async () => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      for (const hour of ['08', '09', '10', '11']) await store.updateHour(lb('a'), `2026-11-29T${hour}:00:00Z`, addMinute(Number(hour) / 100));
      await store.updateHour(lb('b'), '2026-11-29T09:00:00Z', addMinute(0.5));
      const hours = await store.listHours(lb('a'), '2026-11-29T09:00:00Z', '2026-11-29T11:00:00Z');
      expect(hours.map((hour) => [hour.hourStart, hour.value.peak])).toEqual([
        ['2026-11-29T09:00:00.000Z', 0.09],
        ['2026-11-29T10:00:00.000Z', 0.1],
      ]);
    });
  });

  describe('purgeBefore', () => {
    it('should delete the rollups of every target older than the cutoff, and keep the rest', async () => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      for (const target of [lb('a'), lb('b')]) {
        for (const day of ['01', '02', '20']) await store.updateHour(target, `2026-11-${day}T00:00:00Z`, addMinute(0.1));
      }
      await store.putLatest(lb('a'), { worst: 0.2 });
      const now = new Date('2026-11-29T00:00:00Z');
      expect(await store.purgeBefore('2026-11-10T00:00:00Z', { now })).toBe(4);
      for (const target of [lb('a'), lb('b')]) {
        expect((await store.listHours(target, '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z')).map((hour) => hour.hourStart)).toEqual(['2026-11-20T00:00:00.000Z']);
      }
      expect(await store.getLatest(lb('a'))).not.toBeNull();
    });

    it('should refuse a cutoff that would delete less than 14 days of history', async () => {
      const store = createSnapshotStore<Snapshot, Rollup>(table);
      await store.updateHour(lb('a'), '2026-11-20T00:00:00Z', addMinute(0.1));
      await expect(store.purgeBefore('2026-11-28T00:00:00Z', { now: new Date('2026-11-29T00:00:00Z') })).rejects.toThrow(/14 days/);
      expect(await store.listHours(lb('a'), '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z')).toHaveLength(1);
    });
  });
});
