// Where each incident's Slack thread is: the channel and the root message's `ts`, plus the message the
// root was first posted with (its base: the root is re-rendered from it with the incident's current
// state on every chat.update). One row per incident in partition `slack-threads` of the state table,
// keyed by a hash of the incident key (table keys may not hold the '/' and '#' incident keys do).
// https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields
import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { IncidentKey } from '../alerting/incident.js';
import type { SlackMessage } from '../slack/block-kit.js';
import type { TextMessage } from '../slack/notification-payload.js';
import { fromChunks, toChunks } from './json-chunks.js';
import { storageStatus } from './storage-status.js';

const PARTITION = 'slack-threads';

export interface SlackThread {
  incident: IncidentKey;
  /** The channel ID Slack answered with (chat.update and conversations.replies take IDs only). */
  channel: string;
  /** The root message's timestamp: its ID in the channel, and every reply's thread_ts. */
  rootTs: string;
  /** The message the root was posted with; the root shows it above the incident's state and buttons. */
  base: SlackMessage | TextMessage;
  postedAt: string;
}

export interface SlackThreadStore {
  get(incident: IncidentKey): Promise<SlackThread | null>;
  /** Records the thread; a second root for one incident (never expected) replaces the first. */
  put(thread: SlackThread): Promise<void>;
}

export function createSlackThreadStore(table: TableClient): SlackThreadStore {
  return {
    async get(incident) {
      try {
        const row = await table.getEntity<Record<string, unknown>>(PARTITION, rowKeyOf(incident));
        return fromChunks(row) as SlackThread;
      } catch (error) {
        if (storageStatus(error) === 404) return null;
        throw error;
      }
    },
    async put(thread) {
      await table.upsertEntity({ partitionKey: PARTITION, rowKey: rowKeyOf(thread.incident), incident: thread.incident, ...toChunks(thread) }, 'Replace');
    },
  };
}

function rowKeyOf(incident: IncidentKey): string {
  if (typeof incident !== 'string' || incident === '') throw new TypeError('expected an incident key');
  return createHash('sha256').update(incident.toLowerCase()).digest('hex').slice(0, 40);
}
