// The one entity-group transaction of a target's turn: the state row (its new document, or an empty
// Merge that only checks and moves its ETag), the latest snapshot, the hour rollups whose minutes
// changed, and the outbox messages. The Table service's rules for one transaction: one partition,
// each entity once, at most 100 entities and a 4 MiB payload
// (https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions).
import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { outboxEntity, STATE_ROW } from './outbox-rows.js';
import type { KnownRecord } from './record-cache.js';
import { hourEntity, latestEntity } from './snapshot-rows.js';
import { messageTime, stateEntity, type StateCounters } from './state-row.js';

/** "The transaction can include at most 100 entities". */
export const MAX_TRANSACTION_ENTITIES = 100;
/** "its total payload may be no more than 4 MiB"; our estimate keeps 256 KiB for the multipart envelope. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024 - 256 * 1024;

export interface RecordChange {
  targetId: string;
  /** The new state document; absent when the state did not change (then only its ETag is checked). */
  state?: unknown;
  outbox: readonly unknown[];
  /** The latest snapshot, written every turn (the live view shows this minute's values). */
  latest: unknown;
  /** Hour rollups by ISO hour start; written only when different from what is known. */
  hours: ReadonlyMap<string, unknown>;
  now: Date;
}

/** What the transaction writes, and what to remember of each row once it is in. */
export interface RecordActions {
  actions: TransactionAction[];
  /** Per action, in order: which row and the document it wrote (null for the latest snapshot and messages). */
  rows: Array<{ rowKey: string; kind: 'state' | 'hour' | 'other'; hour?: string; json?: string }>;
  counters: StateCounters;
  /** The latest snapshot's action, when it does not fit in the transaction and goes after it on its own. */
  overflow: TransactionAction | null;
}

export function recordActions(known: KnownRecord, change: RecordChange): RecordActions {
  const { partitionKey } = known;
  const previous = known.counters;
  const createdAt = messageTime(change.now, previous);
  const hoursToWrite = [...change.hours].map(([hour, value]) => ({ hour, json: JSON.stringify(value), value })).filter(({ hour, json }) => {
    const row = known.hours.get(hour);
    return !row || row.etag === null || row.json !== json;
  });
  const counters: StateCounters = {
    sequence: previous.sequence + change.outbox.length,
    lastCreatedAt: change.outbox.length > 0 ? createdAt : previous.lastCreatedAt,
    // From this turn on the target's rollups are written here; older hours stay readable in the legacy table.
    recordsSince: previous.recordsSince || [...change.hours.keys(), hourOf(change.now)].sort()[0]!,
  };
  const actions: TransactionAction[] = [];
  const rows: RecordActions['rows'] = [];

  if (change.state !== undefined) {
    const entity = stateEntity({ partitionKey, targetId: change.targetId, value: change.state, counters });
    actions.push(known.state?.etag ? ['update', entity, 'Replace', { etag: known.state.etag }] : ['create', entity]);
    rows.push({ rowKey: STATE_ROW, kind: 'state', json: JSON.stringify(change.state) });
  } else if (known.state?.etag) {
    // No new document: an empty Merge with If-Match proves the state decided on is still the stored one.
    const guard: TableEntity = { partitionKey, rowKey: STATE_ROW, ...(previous.recordsSince ? {} : { recordsSince: counters.recordsSince }) };
    actions.push(['update', guard, 'Merge', { etag: known.state.etag }]);
    rows.push({ rowKey: STATE_ROW, kind: 'state', json: known.state.json });
  }
  const latest: TransactionAction = ['upsert', latestEntity(partitionKey, change.targetId, change.latest, change.now.toISOString()), 'Replace'];
  for (const { hour, json, value } of hoursToWrite) {
    const entity = hourEntity(partitionKey, change.targetId, hour, value);
    const row = known.hours.get(hour);
    actions.push(row?.etag ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]);
    rows.push({ rowKey: entity.rowKey, kind: 'hour', hour, json });
  }
  change.outbox.forEach((payload, index) => {
    const entity = outboxEntity({ partitionKey, targetId: change.targetId, sequence: previous.sequence + index + 1, createdAt, payload });
    actions.push(['create', entity]);
    rows.push({ rowKey: entity.rowKey, kind: 'other' });
  });
  if (actions.length + 1 > MAX_TRANSACTION_ENTITIES) {
    throw new RangeError(`one transaction holds at most ${MAX_TRANSACTION_ENTITIES} entities; this turn of ${change.targetId} needs ${actions.length + 1}`);
  }
  // The guarded part goes first and whole; the snapshot rides along unless the payload would pass 4 MiB.
  if (payloadBytes(actions) + payloadBytes([latest]) > MAX_TRANSACTION_BYTES) return { actions, rows, counters, overflow: latest };
  return { actions: [...actions, latest], rows: [...rows, { rowKey: 'latest', kind: 'other' }], counters, overflow: null };
}

/** The transaction's body estimated: binary properties travel base64-encoded, plus each operation's headers. */
export function payloadBytes(actions: readonly TransactionAction[]): number {
  let bytes = 0;
  for (const action of actions) {
    bytes += 600;
    for (const value of Object.values(action[1])) {
      if (value instanceof Uint8Array) bytes += Math.ceil(value.length / 3) * 4;
      else if (typeof value === 'string') bytes += value.length * 2;
      else bytes += 32;
    }
  }
  return bytes;
}

function hourOf(now: Date): string {
  return `${now.toISOString().slice(0, 13)}:00:00.000Z`;
}
