import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSilenceStore, isSilenceId, type NewSilence } from '../../src/state/silence-store.js';
import { openTable } from '../../src/state/table-client.js';
import { testStorageSettings } from '../support/test-storage.js';

const LB = '/subscriptions/s1/resourceGroups/rg-shop/providers/Microsoft.Network/loadBalancers/kubernetes';
const NOW = new Date('2026-12-01T12:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

let table: TableClient;
beforeEach(async () => {
  table = await openTable(testStorageSettings(), 'state');
});

const input = (overrides: Partial<NewSilence> = {}): NewSilence => ({
  matchers: { target: LB },
  endsAt: hours(1).toISOString(),
  createdBy: 'ana',
  comment: 'deploying a fix',
  ...overrides,
});

describe('createSilenceStore', () => {
  it('should keep a silence with who made it and when, and read it back by ID', async () => {
    const store = createSilenceStore(table);
    const created = await store.create(input({ matchers: { target: LB, node: '10.240.0.4', condition: 'SNAT_EXHAUSTION' } }), NOW);
    expect(isSilenceId(created.id)).toBe(true);
    expect(created).toMatchObject({ startsAt: NOW.toISOString(), createdAt: NOW.toISOString(), endedAt: null, endedBy: null });
    // Another instance (another worker) reads what this one wrote.
    expect(await createSilenceStore(table).get(created.id)).toEqual(created);
  });

  it('should store times as UTC instants, so an offset end sorts by when it ends', async () => {
    const store = createSilenceStore(table);
    const later = await store.create(input({ endsAt: hours(3).toISOString() }), NOW);
    // 15:00+02:00 is 13:00Z: one hour from now, before the other, although its string sorts after.
    const sooner = await store.create(input({ endsAt: '2026-12-01T15:00:00+02:00', startsAt: '2026-12-01T13:00:00+02:00' }), NOW);
    expect(sooner).toMatchObject({ endsAt: '2026-12-01T13:00:00.000Z', startsAt: '2026-12-01T11:00:00.000Z' });
    expect((await store.list(NOW)).map((silence) => silence.id)).toEqual([sooner.id, later.id]);
  });

  it('should refuse a time that is not one', async () => {
    await expect(createSilenceStore(table).create(input({ endsAt: 'tomorrow' }), NOW)).rejects.toThrow(RangeError);
  });

  it('should end a silence once, keeping who ended it', async () => {
    const store = createSilenceStore(table);
    const { id } = await store.create(input(), NOW);
    expect(await store.end(id, 'bo', hours(0.5))).toBe('ended');
    expect(await store.end(id, 'bo', hours(0.6))).toBe('already-ended');
    expect(await store.get(id)).toMatchObject({ endedAt: hours(0.5).toISOString(), endedBy: 'bo' });
  });

  it('should say gone for an unknown or malformed ID without touching the table', async () => {
    const store = createSilenceStore(table);
    expect(await store.end('3f2b1c4d-0000-4000-8000-000000000000', 'bo', NOW)).toBe('gone');
    expect(await store.end("x' or PartitionKey ne '", 'bo', NOW)).toBe('gone');
    expect(await store.get('not-an-id')).toBeNull();
  });

  it('should end a silence exactly once when two people end it at the same moment', async () => {
    const { id } = await createSilenceStore(table).create(input(), NOW);
    const results = await Promise.all([createSilenceStore(table).end(id, 'ana', NOW), createSilenceStore(table).end(id, 'bo', NOW)]);
    expect(results.sort()).toEqual(['already-ended', 'ended']);
  });

  it('should say already-ended for a silence past its own end', async () => {
    const store = createSilenceStore(table);
    const { id } = await store.create(input(), NOW);
    expect(await store.end(id, 'bo', hours(2))).toBe('already-ended');
  });

  it('should list running and recently ended silences, and prune those ended more than a week ago', async () => {
    const store = createSilenceStore(table);
    const old = await store.create(input({ endsAt: hours(1).toISOString() }), NOW);
    const recent = await store.create(input({ endsAt: hours(24 * 7).toISOString() }), NOW);
    const running = await store.create(input({ endsAt: hours(24 * 9).toISOString() }), NOW);
    const eightDaysOn = hours(24 * 8 + 2);
    expect((await store.list(eightDaysOn)).map((silence) => silence.id)).toEqual([recent.id, running.id]);
    expect(await store.get(old.id)).toBeNull();
  });
});
