// The silences a watch run decides with: read once per run (or per batch when a batch runs alone),
// never once per target. Unreadable silences count as none: a message during a silence is a
// smaller harm than an alert held back by a silence nobody can see.
import type { Silence } from '../alerting/silence.js';
import type { Runtime } from '../runtime.js';
import type { DeliveryLog } from '../slack/deliver-outbox.js';

export async function readSilences(runtime: Pick<Runtime, 'silences'>, now: Date, log: Pick<DeliveryLog, 'warn'>): Promise<readonly Silence[]> {
  try {
    return await runtime.silences.list(now);
  } catch (error) {
    log.warn(`Watch: could not read the silences, deciding as if there were none: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
