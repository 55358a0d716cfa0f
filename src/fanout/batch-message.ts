// One queue message per batch of a fanned-out watch run: references only (the run, its clock and
// deadline, the batch's place in it and its target IDs), never topologies or metrics, so even a full
// batch of 50 targets stays far below the queue's 64 KiB message limit. The text is base64-encoded
// JSON: the Functions host's queue trigger decodes base64 by default (host.json
// extensions.queues.messageEncoding "base64"), and the local host does the same.
// https://learn.microsoft.com/azure/storage/queues/storage-queues-introduction ("A queue message can be up to 64 KB in size")
import { z } from 'zod';
import { MAX_RESOURCES_PER_BATCH } from '../azure/batches.js';

/** "A queue message can be up to 64 KB in size" — of the text as sent, so after base64. */
export const MAX_QUEUE_MESSAGE_BYTES = 64 * 1024;

export const batchMessageSchema = z.object({
  version: z.literal(1),
  /** The planning run (one per timer tick): names its batches in logs. */
  runId: z.string().min(1).max(64),
  /** The run's `now`: the worker evaluates at the minute the run planned. */
  plannedAt: z.iso.datetime(),
  /** When the run's reads must be over (epoch ms); a worker that starts later gets a read budget of its own. */
  deadline: z.number().int().positive(),
  /** 0-based place of this batch in the run, and how many the run planned. */
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  /** The batch's stable key (`{subscription}/{region}/{kind}/{n}`, src/azure/batches.ts). */
  key: z.string().min(1).max(200),
  targetIds: z.array(z.string().min(1).max(1_000)).min(1).max(MAX_RESOURCES_PER_BATCH),
});

export type BatchMessage = z.infer<typeof batchMessageSchema>;

/** A message that is not one of ours: retrying cannot help, so it is reported, not retried. */
export class BadBatchMessageError extends Error {
  override readonly name = 'BadBatchMessageError';
}

/** The queue text for a message; RangeError when it would not fit (it cannot, with 50 ARM IDs). */
export function encodeBatchMessage(message: BatchMessage): string {
  const text = Buffer.from(JSON.stringify(batchMessageSchema.parse(message)), 'utf8').toString('base64');
  if (Buffer.byteLength(text) > MAX_QUEUE_MESSAGE_BYTES) {
    throw new RangeError(`batch ${message.key} encodes to ${Buffer.byteLength(text)} bytes, above the queue's ${MAX_QUEUE_MESSAGE_BYTES}`);
  }
  return text;
}

/** From the queue text (base64 JSON) to a checked message. */
export function decodeBatchText(text: string): BatchMessage {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new BadBatchMessageError('the message is not base64-encoded JSON');
  }
  return parseBatchMessage(json);
}

/** What the Functions host hands the handler: the decoded JSON as an object (or its text). */
export function parseBatchMessage(item: unknown): BatchMessage {
  let value = item;
  if (typeof item === 'string') {
    try {
      value = JSON.parse(item);
    } catch {
      throw new BadBatchMessageError('the message is not JSON');
    }
  }
  const parsed = batchMessageSchema.safeParse(value);
  if (!parsed.success) throw new BadBatchMessageError(`not a batch message: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
