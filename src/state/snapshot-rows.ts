// How a target's snapshot rows are laid out: the latest snapshot (row `latest`) and one rollup per hour
// (row `hour-<ISO hour start>`, so row keys sort as times), each a JSON document in chunks. Since issue
// 11 they live in the target's partition of the state table, beside its alert state and outbox, so one
// entity-group transaction writes all of them; rows written before then stay in the snapshots table
// (read as legacy by snapshot-store.ts).
import type { TableEntity } from '@azure/data-tables';
import { toChunks } from './json-chunks.js';

export const LATEST_ROW = 'latest';
export const HOUR_PREFIX = 'hour-';
/** Row keys of hour rows sort between `hour-` and this (`.` follows `-` in ASCII). */
export const HOUR_END = 'hour.';

export const hourRowKey = (hourStart: string): string => `${HOUR_PREFIX}${hourStart}`;

export function latestEntity(partitionKey: string, targetId: string, value: unknown, updatedAt: string): TableEntity {
  return { partitionKey, rowKey: LATEST_ROW, targetId, updatedAt, ...toChunks(value) };
}

export function hourEntity(partitionKey: string, targetId: string, hourStart: string, value: unknown): TableEntity {
  return { partitionKey, rowKey: hourRowKey(hourStart), targetId, hourStart, ...toChunks(value) };
}

/** Normalises an ISO timestamp so row keys compare as times; bad input gets a RangeError naming the argument. */
export function isoOf(iso: string, name: string): string {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) throw new RangeError(`${name}: expected an ISO 8601 timestamp, got ${JSON.stringify(iso)}`);
  return date.toISOString();
}

export function hourStartOf(iso: string, name: string): string {
  const normalised = isoOf(iso, name);
  if (!normalised.endsWith(':00:00.000Z')) throw new RangeError(`${name}: expected the start of an hour (…T13:00:00Z), got ${JSON.stringify(iso)}`);
  return normalised;
}
