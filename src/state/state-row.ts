// The state row of a target's partition: the alert lifecycle state (JSON chunks) and what every commit
// must carry forward — the outbox sequence, the last message's time, and since when the target's
// snapshot rows live in this partition (see target-record-store.ts). Both writers of the row (the
// state store and the record store) build it here, so neither drops what the other keeps.
import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import { toChunks } from './json-chunks.js';
import { STATE_ROW } from './outbox-rows.js';

/** What a commit carries forward from the version it replaces. */
export interface StateCounters {
  sequence: number;
  lastCreatedAt: string;
  /** The first hour whose rollup was written beside the state (issue 11); '' for a target written before. */
  recordsSince: string;
}

export const NO_COUNTERS: StateCounters = { sequence: 0, lastCreatedAt: '', recordsSince: '' };

export function countersOf(row: TableEntityResult<Record<string, unknown>>): StateCounters {
  return {
    sequence: Number(row.outboxSequence ?? 0),
    lastCreatedAt: String(row.lastCreatedAt ?? ''),
    recordsSince: typeof row.recordsSince === 'string' ? row.recordsSince : '',
  };
}

export interface StateRowInput {
  partitionKey: string;
  targetId: string;
  value: unknown;
  counters: StateCounters;
}

export function stateEntity({ partitionKey, targetId, value, counters }: StateRowInput): TableEntity {
  return {
    partitionKey,
    rowKey: STATE_ROW,
    targetId,
    outboxSequence: counters.sequence,
    lastCreatedAt: counters.lastCreatedAt,
    ...(counters.recordsSince ? { recordsSince: counters.recordsSince } : {}),
    ...toChunks(value),
  };
}

/** Messages created now, never earlier than the target's last message (a clock behind another instance's cannot reorder them). */
export function messageTime(now: Date, previous: StateCounters): string {
  const iso = now.toISOString();
  return iso > previous.lastCreatedAt ? iso : previous.lastCreatedAt;
}
