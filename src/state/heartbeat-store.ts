// The watch's own record of itself: the last run's heartbeat and the count of failed runs in a row,
// one row in the state table beside the targets' partitions (partition `watcher`). Written after
// every run when storage answers; the live view and the page read it.
import type { TableClient } from '@azure/data-tables';
import { fromChunks, toChunks } from './json-chunks.js';
import { storageStatus } from './storage-status.js';

const PARTITION = 'watcher';
const ROW = 'heartbeat';

export interface HeartbeatStore<H> {
  get(): Promise<H | null>;
  put(value: H): Promise<void>;
}

export function createHeartbeatStore<H>(table: TableClient, parse: (value: unknown) => H = (value) => value as H): HeartbeatStore<H> {
  return {
    async get() {
      try {
        return parse(fromChunks(await table.getEntity<Record<string, unknown>>(PARTITION, ROW)));
      } catch (error) {
        if (storageStatus(error) === 404) return null;
        throw error;
      }
    },
    async put(value) {
      await table.upsertEntity({ partitionKey: PARTITION, rowKey: ROW, ...toChunks(value) }, 'Replace');
    },
  };
}
