// Silences in the state table, one row each in partition `silences` (a few dozen at most: people make
// them). Ending a silence keeps its row, with who ended it and when, so the page and the lifecycle
// can say "silence ended while still firing"; rows past their end by more than a week are pruned on
// the next listing.
import { randomUUID } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { silenceEnd, type Silence, type SilenceMatchers } from '../alerting/silence.js';
import { fromChunks, toChunks } from './json-chunks.js';
import { storageStatus } from './storage-status.js';

const PARTITION = 'silences';
const KEEP_ENDED_MS = 7 * 24 * 3_600_000;

export interface NewSilence {
  matchers: SilenceMatchers;
  /** Defaults to now. */
  startsAt?: string;
  endsAt: string;
  createdBy: string;
  comment?: string;
}

export type EndSilenceResult = 'ended' | 'already-ended' | 'gone';

export interface SilenceStore {
  /** Every silence not yet ended, plus those that ended in the last week, soonest end first. */
  list(now: Date): Promise<Silence[]>;
  get(id: string): Promise<Silence | null>;
  create(input: NewSilence, now: Date): Promise<Silence>;
  end(id: string, by: string, now: Date): Promise<EndSilenceResult>;
}

export function createSilenceStore(table: TableClient): SilenceStore {
  const read = async (id: string): Promise<{ silence: Silence; etag: string } | null> => {
    try {
      const row = await table.getEntity<Record<string, unknown>>(PARTITION, id);
      return { silence: fromChunks(row) as Silence, etag: row.etag };
    } catch (error) {
      if (storageStatus(error) === 404) return null;
      throw error;
    }
  };
  return {
    async list(now) {
      const silences: Silence[] = [];
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` } })) {
        const silence = fromChunks(row) as Silence;
        if (now.getTime() - Date.parse(silenceEnd(silence)) > KEEP_ENDED_MS) {
          await table.deleteEntity(PARTITION, row.rowKey!, { etag: row.etag }).catch(() => undefined);
          continue;
        }
        silences.push(silence);
      }
      return silences.sort((a, b) => Date.parse(silenceEnd(a)) - Date.parse(silenceEnd(b)));
    },
    async get(id) {
      return isSilenceId(id) ? ((await read(id))?.silence ?? null) : null;
    },
    async create(input, now) {
      const silence: Silence = {
        id: randomUUID(),
        matchers: { ...input.matchers },
        // Stored as UTC instants, so every comparison of two silences' times is a comparison of moments.
        startsAt: instant(input.startsAt ?? now.toISOString(), 'startsAt'),
        endsAt: instant(input.endsAt, 'endsAt'),
        createdBy: input.createdBy,
        comment: input.comment ?? '',
        createdAt: now.toISOString(),
        endedAt: null,
        endedBy: null,
      };
      await table.createEntity({ partitionKey: PARTITION, rowKey: silence.id, ...toChunks(silence) });
      return silence;
    },
    async end(id, by, now) {
      // Two people ending the same silence at once (the page and a Slack button): the ETag lets one
      // win; the other reads the row again and learns it is already ended.
      for (let attempt = 0; ; attempt++) {
        const found = isSilenceId(id) ? await read(id) : null;
        if (!found) return 'gone';
        if (Date.parse(silenceEnd(found.silence)) <= now.getTime()) return 'already-ended';
        const ended: Silence = { ...found.silence, endedAt: now.toISOString(), endedBy: by };
        try {
          await table.updateEntity({ partitionKey: PARTITION, rowKey: id, ...toChunks(ended) }, 'Replace', { etag: found.etag });
          return 'ended';
        } catch (error) {
          const status = storageStatus(error);
          if (attempt >= 2 || (status !== 412 && status !== 404)) throw error;
        }
      }
    },
  };
}

/** An ISO 8601 time as a UTC instant; RangeError for anything that is not a time. */
function instant(value: string, field: string): string {
  const at = Date.parse(value);
  if (!Number.isFinite(at)) throw new RangeError(`${field}: expected an ISO 8601 time`);
  return new Date(at).toISOString();
}

/** Silence IDs are UUIDs; anything else cannot name one (and never reaches a table key). */
export function isSilenceId(id: string): boolean {
  return typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
