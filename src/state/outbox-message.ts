// One outbox message as the outbox hands it out: read from its row, and named by an ID (`partition/row`)
// that logs, the live view and `snat-watch outbox` share.
import type { TableEntityResult } from '@azure/data-tables';
import { fromChunks } from './json-chunks.js';
import { OUTBOX_ROW_PREFIX, type OutboxKind, type OutboxStatus } from './outbox-rows.js';

export interface OutboxMessage<P = unknown> {
  /** partition/row of the message: what logs, the live view and `snat-watch outbox` name it by. */
  id: string;
  targetId: string;
  /** Per target, from 1, in the order the target's commits created them (a notice shares its message's). */
  sequence: number;
  createdAt: string;
  kind: OutboxKind;
  status: OutboxStatus;
  /** Delivery attempts so far, over all runs. */
  attempts: number;
  /** Requests that may have reached Slack although no answer said so (timeout, reset, crash before the answer was stored). */
  possibleCopies: number;
  lastError: string | null;
  /** A live lease means another deliverer is sending it right now. */
  leaseUntil: string | null;
  leaseOwner: string | null;
  /** When the current (or last) sending started. */
  claimedAt: string | null;
  /** After an ambiguous answer: not re-sent before this. */
  notBefore: string | null;
  parked: { at: string; reason: string } | null;
  payload: P;
  /** The version this copy was read at; claims and completions are guarded by it. */
  etag: string;
}

type Row = TableEntityResult<Record<string, unknown>>;

export function messageOf<P>(row: Row, parse: (payload: unknown) => P): OutboxMessage<P> {
  const text = (value: unknown): string | null => (value ? String(value) : null);
  const status: OutboxStatus = row.status === 'parked' || row.status === 'sending' ? row.status : 'pending';
  return {
    id: `${row.partitionKey}/${row.rowKey}`,
    targetId: String(row.targetId),
    sequence: Number(row.sequence),
    createdAt: String(row.createdAt),
    kind: row.kind === 'notice' ? 'notice' : 'message',
    status,
    attempts: Number(row.attempts ?? 0),
    possibleCopies: Number(row.possibleCopies ?? 0),
    lastError: text(row.lastError),
    leaseUntil: text(row.leaseUntil),
    leaseOwner: text(row.leaseOwner),
    claimedAt: text(row.claimedAt),
    notBefore: text(row.notBefore),
    parked: status === 'parked' ? { at: String(row.parkedAt ?? ''), reason: String(row.parkedReason ?? '') } : null,
    payload: parse(fromChunks(row)),
    etag: row.etag,
  };
}

/** An outbox ID is `partition/row`; anything else cannot name a message. */
export function keysOf(id: string): [string, string] {
  const slash = typeof id === 'string' ? id.indexOf('/') : -1;
  const partitionKey = slash > 0 ? id.slice(0, slash) : '';
  const rowKey = slash > 0 ? id.slice(slash + 1) : '';
  if (!partitionKey || !rowKey.startsWith(OUTBOX_ROW_PREFIX) || /[\\#?/\u0000-\u001f]/.test(rowKey + partitionKey)) {
    throw new RangeError(`not an outbox message ID: ${JSON.stringify(String(id).slice(0, 200))} (expected PARTITION/outbox-NNNNNNNNNN, as \`snat-watch outbox list\` shows)`);
  }
  return [partitionKey, rowKey];
}

