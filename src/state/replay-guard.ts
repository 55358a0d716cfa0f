// Refuses a Slack request seen before: each verified signature is claimed once in the state table
// (partition `slack-replays`) with a create-if-absent, so a replay is refused by every instance of
// the function app alike, not only by the one that saw the original (an in-memory set would be per
// instance, and empty after every cold start). Claims are kept a little past Slack's five-minute
// window (older requests fail the timestamp check anyway) and pruned as new ones arrive.
import { odata, type TableClient } from '@azure/data-tables';
import { storageStatus } from './storage-status.js';

const PARTITION = 'slack-replays';
/** Slack's five-minute window, plus a minute for clock skew between instances. */
const KEEP_MS = 6 * 60_000;
/** Rows pruned per claim: enough to keep up with people pressing buttons. */
const PRUNE_BATCH = 25;

export type ClaimResult = 'first' | 'replayed';

export interface ReplayGuard {
  /** `first` the first time a key is claimed, `replayed` ever after (within the window). */
  claim(key: string, now: Date): Promise<ClaimResult>;
}

export function createReplayGuard(table: TableClient): ReplayGuard {
  return {
    async claim(key, now) {
      if (!/^[0-9a-f]{16,128}$/.test(key)) throw new RangeError('a replay key is a hex digest');
      try {
        await table.createEntity({ partitionKey: PARTITION, rowKey: key, expiresAt: new Date(now.getTime() + KEEP_MS).toISOString() });
      } catch (error) {
        if (storageStatus(error) === 409) return 'replayed';
        throw error;
      }
      await prune(table, now).catch(() => undefined);
      return 'first';
    },
  };
}

async function prune(table: TableClient, now: Date): Promise<void> {
  let pruned = 0;
  const expired = table.listEntities<{ expiresAt: string }>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and expiresAt lt ${now.toISOString()}`, select: ['rowKey'] } });
  for await (const row of expired) {
    await table.deleteEntity(PARTITION, row.rowKey!).catch(() => undefined);
    if ((pruned += 1) >= PRUNE_BATCH) break;
  }
}
