// Delivery while the run goes on: each batch kicks the pump once its alerts are queued, so they
// reach Slack as soon as their batch settles, not when the slowest batch does. Deliveries never
// overlap: a kick during a delivery asks for one more pass after it (the outbox lists what was
// queued meanwhile), so concurrent batches never run two deliverers at once.
import type { DeliverOutboxResult, DeliveryLog } from '../slack/deliver-outbox.js';

export interface DeliveryPump {
  /** Deliver what is queued now: starts a pass, or asks the running one for another. */
  kick(): void;
  /** One last pass, then the passes' total; rethrows when that last pass failed. */
  finish(): Promise<DeliverOutboxResult>;
}

export function createDeliveryPump(deliver: () => Promise<DeliverOutboxResult>, log: DeliveryLog): DeliveryPump {
  const results: DeliverOutboxResult[] = [];
  let running: Promise<void> | null = null;
  let again = false;
  let lastError: unknown = null;

  async function drain(): Promise<void> {
    do {
      again = false;
      try {
        results.push(await deliver());
        lastError = null;
      } catch (error) {
        lastError = error;
        log.error(`Slack outbox: a delivery pass failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } while (again);
    running = null;
  }

  const kick = () => {
    if (running) again = true;
    else running = drain();
  };

  return {
    kick,
    async finish() {
      kick();
      while (running) await running;
      if (lastError !== null) throw lastError;
      return total(results);
    },
  };
}

/** Later passes know best what is pending; deliveries and failures add up. */
function total(results: readonly DeliverOutboxResult[]): DeliverOutboxResult {
  const last = results.at(-1)!;
  return {
    ...last,
    delivered: results.reduce((sum, result) => sum + result.delivered, 0),
    failed: results.reduce((sum, result) => sum + result.failed, 0),
    parked: results.reduce((sum, result) => sum + result.parked, 0),
    failures: results.flatMap((result) => result.failures),
  };
}
